import type { ReviewState } from './toolCards';
import type {
  IChatMessage,
  IChatToolCall,
  IToolCellEdit,
  IToolEdit
} from './types';

/**
 * Turns of the conversation, and what reverting one means. A turn is what
 * the agent said and did in answer to one person's message: the messages
 * after a `user` message up to the next one. Pure functions on the
 * conversation's plain snapshots.
 */

/** One tool call of a turn, with its result once it has one. */
export interface ITurnCall {
  /** The assistant message that made the call. */
  messageId: string;
  /** The call. */
  call: IChatToolCall;
  /** Its `tool` message, once it ran. */
  result?: IChatMessage;
}

/** A turn: where it is in the conversation, and its tool calls. */
export interface ITurn {
  /** The index of its first message (after the person's message). */
  start: number;
  /** The index after its last message. */
  end: number;
  /** Its tool calls, in order. */
  calls: ITurnCall[];
}

/**
 * The turn a message belongs to, or null for a person's message (it opens
 * a turn, it is not part of what the agent did).
 */
export function turnOf(
  messages: readonly IChatMessage[],
  messageId: string
): ITurn | null {
  const at = messages.findIndex(m => m.id === messageId);
  if (at < 0 || messages[at].role === 'user') {
    return null;
  }
  let start = at;
  while (start > 0 && messages[start - 1].role !== 'user') {
    start--;
  }
  let end = at + 1;
  while (end < messages.length && messages[end].role !== 'user') {
    end++;
  }
  const results = new Map<string, IChatMessage>();
  for (let i = start; i < end; i++) {
    const message = messages[i];
    if (message.role === 'tool' && message.toolCallId) {
      results.set(message.toolCallId, message);
    }
  }
  const calls: ITurnCall[] = [];
  for (let i = start; i < end; i++) {
    const message = messages[i];
    for (const call of message.toolCalls ?? []) {
      calls.push({ messageId: message.id, call, result: results.get(call.id) });
    }
  }
  return { start, end, calls };
}

/**
 * The ids of the messages that end a turn with edits: the last assistant
 * message of each such turn, where "Revert this turn" goes.
 */
export function turnEnds(messages: readonly IChatMessage[]): Set<string> {
  const out = new Set<string>();
  let last: string | null = null;
  let edits = false;
  const close = () => {
    if (last && edits) {
      out.add(last);
    }
    last = null;
    edits = false;
  };
  for (const message of messages) {
    if (message.role === 'user') {
      close();
    } else if (message.role === 'assistant') {
      last = message.id;
    } else if (message.role === 'tool' && message.toolEdit) {
      edits = true;
    }
  }
  close();
  return out;
}

/** One recorded edit of a turn, with where its review is. */
export interface ITurnEdit {
  /** The call that made it. */
  callId: string;
  /** What it changed. */
  edit: IToolEdit;
  /** Its review (null: direct mode, nothing to review). */
  state: ReviewState | null;
}

/** What a cell must be put back to, for an edit already in the notebook. */
export interface IRestore {
  /** The cell. */
  cellId: string;
  /** What the turn did to it, in the end. */
  kind: IToolCellEdit['kind'];
  /** Its source before the turn (null: the turn inserted it). */
  before: string | null;
  /** Its source after the turn (null: the turn deleted it). */
  after: string | null;
  /** Its type before the turn, when it existed. */
  typeBefore?: string;
  /** Where it was (before a delete) or is, 0-based. */
  index: number | null;
}

/** How to revert a turn. */
export interface IRevertPlan {
  /** The suggested changes to reject (`<branch id>/<cell id>`). */
  reject: string[];
  /** The cells to put back in the notebook, as one undoable step. */
  restore: IRestore[];
}

/**
 * Plan the revert of a turn's edits: what is still suggested is rejected
 * (its change, per cell: the branch core accepts and rejects per cell),
 * what is in the notebook already (kept, or made in direct mode) is put
 * back to what the cell was before the turn. Undone edits need nothing.
 * Several calls on one cell merge: before the first, after the last.
 */
export function planRevert(edits: readonly ITurnEdit[]): IRevertPlan {
  const reject = new Set<string>();
  const restore = new Map<string, IRestore>();
  for (const { edit, state } of edits) {
    if (state === 'undone') {
      continue;
    }
    for (const cell of edit.cells) {
      if (state === 'pending' && edit.branchId) {
        reject.add(`${edit.branchId}/${cell.id}`);
        continue;
      }
      const first = restore.get(cell.id);
      const merged: IRestore = {
        cellId: cell.id,
        kind: first?.kind === 'inserted' ? 'inserted' : cell.kind,
        before: first ? first.before : cell.before,
        after: cell.after,
        index: cell.after === null ? cell.index : (first?.index ?? cell.index)
      };
      const typeBefore = first ? first.typeBefore : cell.typeBefore;
      if (typeBefore !== undefined) {
        merged.typeBefore = typeBefore;
      }
      if (merged.kind === 'inserted' && merged.after === null) {
        // Inserted, then deleted, by the same turn: nothing is left.
        restore.delete(cell.id);
        continue;
      }
      if (cell.after === null) {
        merged.kind = 'deleted';
        merged.index = cell.index;
      }
      restore.set(cell.id, merged);
    }
  }
  return { reject: [...reject], restore: [...restore.values()] };
}

/**
 * What to do to put one cell back, given the cell as the notebook has it
 * now (null: it has none): a step, or why it is left as it is. Nothing is
 * put back over what someone changed after the turn.
 */
export type RestoreStep =
  | { action: 'delete' }
  | { action: 'insert'; index: number; source: string; type: string }
  | { action: 'source'; source: string }
  | { action: 'skip'; reason: 'changed-since' | 'gone' | 'not-supported' };

/** Decide how to put one cell back (see `RestoreStep`). */
export function restoreStep(
  restore: IRestore,
  now: { source: string; type: string } | null
): RestoreStep {
  switch (restore.kind) {
    case 'inserted':
      if (!now) {
        return { action: 'skip', reason: 'gone' };
      }
      return now.source === restore.after
        ? { action: 'delete' }
        : { action: 'skip', reason: 'changed-since' };
    case 'deleted':
      if (now || restore.before === null) {
        return { action: 'skip', reason: 'changed-since' };
      }
      return {
        action: 'insert',
        index: restore.index ?? 0,
        source: restore.before,
        type: restore.typeBefore ?? 'code'
      };
    case 'source':
      if (!now) {
        return { action: 'skip', reason: 'gone' };
      }
      if (now.source !== restore.after || restore.before === null) {
        return { action: 'skip', reason: 'changed-since' };
      }
      return { action: 'source', source: restore.before };
    default:
      // Moves and type changes: the notebook's Undo (Z) brings them back.
      return { action: 'skip', reason: 'not-supported' };
  }
}
