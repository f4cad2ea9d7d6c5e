import type { IChatToolCall, IToolEdit } from './types';

/**
 * What a tool call card says, computed from the conversation's plain data:
 * the call's status, what it did in words, and whether its suggestion is
 * still to review. Pure functions, so that the chat panel only renders and
 * every peer's card says the same.
 */

/**
 * Where a tool call is:
 * - `running`: it has no result yet and the agent is working;
 * - `done`: its result says it did what was asked;
 * - `failed`: its result says it did not (`{"ok": false, ...}`, or an error);
 * - `not-run`: it has no result and the agent stopped (the user stopped it).
 */
export type ToolCallStatus = 'running' | 'done' | 'failed' | 'not-run';

/**
 * Where the suggestion a call made is in review: still `pending`, `kept`
 * (accepted) or `undone` (rejected), by anyone, from anywhere.
 */
export type ReviewState = 'pending' | 'kept' | 'undone';

/**
 * Translate a sentence with `%1`, `%2` placeholders (JupyterLab's
 * `trans.__`); English by default.
 */
export type Translate = (text: string, ...args: (string | number)[]) => string;

/** English, with the placeholders filled (the default `Translate`). */
export const english: Translate = (text, ...args) =>
  text.replace(/%(\d+)/g, (whole, n) => {
    const value = args[Number(n) - 1];
    return value === undefined ? whole : String(value);
  });

/**
 * A tool result, read: whether it succeeded, its error in words, and its
 * fields. Our tools answer JSON objects; anything else counts as done.
 */
export interface IToolResult {
  /** Whether the call did what was asked. */
  ok: boolean;
  /** What went wrong, when it failed. */
  error?: string;
  /** The result's fields (empty when it is not a JSON object). */
  data: Record<string, any>;
}

/** Read a tool result's body. */
export function readToolResult(body: string): IToolResult {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return { ok: true, data: {} };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: true, data: {} };
  }
  const fields = data as Record<string, any>;
  const error =
    typeof fields.error === 'string'
      ? fields.error
      : Private.runError(fields) || undefined;
  const ok = fields.ok === false ? false : fields.ok === true || !error;
  return ok ? { ok, data: fields } : { ok, error, data: fields };
}

/**
 * The status of a call from its result (undefined: none yet) and whether
 * the agent is still working.
 */
export function toolCallStatus(
  result: string | undefined,
  agentWorking: boolean
): ToolCallStatus {
  if (result === undefined) {
    return agentWorking ? 'running' : 'not-run';
  }
  return readToolResult(result).ok ? 'done' : 'failed';
}

/** What a card says about its call. */
export interface IToolCallWords {
  /** One line: what it did ("Edited cell 3: +1 −1"). */
  summary: string;
  /** Why it failed, when it did. */
  error?: string;
  /** The cell it is about, to show it; absent for notebook-wide calls. */
  cellId?: string;
}

/** What `describeToolCall` reads. */
export interface IDescribeOptions {
  /** The call, as the model made it. */
  call: Pick<IChatToolCall, 'name' | 'arguments'>;
  /** Its result's body, once there is one. */
  result?: string;
  /** What it changed, as recorded. */
  edit?: IToolEdit;
  /** Its status (see `toolCallStatus`). */
  status: ToolCallStatus;
  /**
   * The 1-based number of a cell in the notebook as it is now, or null
   * when the notebook has no such cell (yet: a suggested insert).
   */
  position?: (cellId: string) => number | null;
  /** The translation of the sentences (English by default). */
  trans?: Translate;
}

/**
 * Say what a tool call did, is doing, or failed to do, in words.
 */
export function describeToolCall(options: IDescribeOptions): IToolCallWords {
  const __ = options.trans ?? english;
  const { call, status, edit } = options;
  const args = Private.parseArgs(call.arguments);
  const result =
    options.result !== undefined ? readToolResult(options.result) : null;
  const data = result?.data ?? {};
  const cellId: string | undefined =
    Private.str(data.cell_id) ??
    Private.str(data.deleted) ??
    Private.str(args.cell_id) ??
    edit?.cells[0]?.id;
  const number = (id: string | undefined): string | number => {
    if (!id) {
      return '?';
    }
    const now = options.position?.(id);
    if (typeof now === 'number') {
      return now;
    }
    const recorded = edit?.cells.find(c => c.id === id)?.index;
    if (typeof recorded === 'number') {
      return recorded + 1;
    }
    // A cell the notebook does not have (a wrong id): named by its id.
    return typeof data.index === 'number' ? data.index + 1 : `“${id}”`;
  };
  const words = (summary: string): IToolCallWords => {
    const out: IToolCallWords = { summary };
    if (status === 'failed') {
      out.error = result?.error ?? __('The tool reported a failure.');
    }
    if (cellId && call.name !== 'list_cells') {
      out.cellId = cellId;
    }
    return out;
  };
  const phase = <T extends string>(running: T, done: T, failed: T): T =>
    status === 'running' ? running : status === 'failed' ? failed : done;

  if (status === 'not-run') {
    return { summary: __('Not run: %1 (stopped)', call.name) };
  }
  const n = number(cellId);
  switch (call.name) {
    case 'list_cells':
      return words(
        phase(
          __('Reading the notebook…'),
          __('Read the notebook'),
          __('Could not read the notebook')
        )
      );
    case 'read_cell':
      return words(
        phase(
          __('Reading cell %1…', n),
          __('Read cell %1', n),
          __('Could not read cell %1', n)
        )
      );
    case 'insert_cell': {
      if (status !== 'done') {
        return words(
          phase(__('Inserting a cell…'), '', __('Could not insert a cell'))
        );
      }
      const index =
        typeof data.index === 'number'
          ? data.index
          : (edit?.cells.find(c => c.kind === 'inserted')?.index ?? null);
      const type = Private.str(data.type) ?? 'code';
      const kind = type === 'code' ? '' : Private.typeName(type, __);
      if (index === 0) {
        return words(
          kind
            ? __('Inserted a %1 cell at the top', kind)
            : __('Inserted a cell at the top')
        );
      }
      const after = index === null ? '?' : index;
      return words(
        kind
          ? __('Inserted a %1 cell after cell %2', kind, after)
          : __('Inserted a cell after cell %1', after)
      );
    }
    case 'edit_cell': {
      if (status !== 'done') {
        return words(
          phase(__('Editing cell %1…', n), '', __('Could not edit cell %1', n))
        );
      }
      const cell = edit?.cells.find(c => c.id === cellId);
      const counts = cell
        ? lineChanges(cell.before ?? '', cell.after ?? '')
        : typeof args.old_text === 'string' && typeof args.new_text === 'string'
          ? lineChanges(args.old_text, args.new_text)
          : null;
      if (
        data.changed === false ||
        (counts && !counts.added && !counts.removed && !cell)
      ) {
        return words(__('Left cell %1 unchanged', n));
      }
      return words(
        counts
          ? __('Edited cell %1: +%2 −%3', n, counts.added, counts.removed)
          : __('Edited cell %1', n)
      );
    }
    case 'delete_cell':
      return words(
        phase(
          __('Deleting cell %1…', n),
          __('Deleted cell %1', n),
          __('Could not delete cell %1', n)
        )
      );
    case 'move_cell':
      return words(
        phase(
          __('Moving cell %1…', n),
          __('Moved a cell to position %1', n),
          __('Could not move cell %1', n)
        )
      );
    case 'set_cell_type': {
      const type = Private.typeName(
        Private.str(args.cell_type) ?? Private.str(data.type) ?? 'code',
        __
      );
      return words(
        phase(
          __('Making cell %1 %2…', n, type),
          __('Made cell %1 %2', n, type),
          __('Could not make cell %1 %2', n, type)
        )
      );
    }
    case 'run_cell': {
      if (status === 'failed' && typeof data.status === 'string') {
        // It ran, and raised: say what it raised.
        const first = Array.isArray(data.errors) ? data.errors[0] : null;
        return words(
          first?.ename
            ? __('Ran cell %1: %2', n, String(first.ename))
            : __('Ran cell %1: %2', n, data.status)
        );
      }
      return words(
        phase(
          __('Running cell %1…', n),
          __('Ran cell %1', n),
          __('Did not run cell %1', n)
        )
      );
    }
    default:
      return words(
        phase(
          __('Calling %1…', call.name),
          __('Called %1', call.name),
          __('Call of %1 failed', call.name)
        )
      );
  }
}

/**
 * The lines an edit adds and removes: the lines between what the two texts
 * share at their start and at their end (the tools change exactly that
 * range, see `diffRange` in tools.ts).
 */
export function lineChanges(
  before: string,
  after: string
): { added: number; removed: number } {
  if (before === after) {
    return { added: 0, removed: 0 };
  }
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    start++;
  }
  let end = 0;
  while (
    end < a.length - start &&
    end < b.length - start &&
    a[a.length - 1 - end] === b[b.length - 1 - end]
  ) {
    end++;
  }
  return {
    added: b.length - start - end,
    removed: before === '' ? 0 : a.length - start - end
  };
}

/** What `reviewState` reads of the branch a call's edit went to. */
export interface IBranchState {
  /** The clients whose chain entries are still shared (pending review). */
  pending: ReadonlySet<number>;
  /** The clients whose chains were rejected. */
  rejected: ReadonlySet<number>;
  /**
   * The clients the notebook's own document has operations of: an
   * accepted chain's operations are applied to it as they are.
   */
  accepted: ReadonlySet<number>;
  /** The cells the branch has a change on now. */
  changedCells: ReadonlySet<string>;
}

/**
 * Whether the suggestion a call made is pending, kept or undone; null when
 * it made none (a read, a run, a failure, or an edit in direct mode).
 *
 * The chain entries the call recorded tell it exactly while the shared
 * document lives (in a collaboration room, across reloads): still shared
 * is pending, rejected is undone, in the notebook's document was accepted,
 * and is kept while the notebook has what the call did (a reverted turn
 * or an undo takes it back: then it is undone). A
 * notebook opened anew from its file has new chains (its suggestions are
 * replayed from their records): then the branch's change on the cell says
 * pending, and the notebook's content says kept (it has what the call
 * wrote) or undone (it has what was there before).
 */
export function reviewState(
  edit: IToolEdit | undefined,
  branch: IBranchState | null,
  notebook: (cellId: string) => string | null
): ReviewState | null {
  if (!edit?.branchId || edit.cells.length === 0) {
    return null;
  }
  const clients = edit.clients ?? [];
  if (branch) {
    if (clients.some(c => branch.pending.has(c))) {
      return 'pending';
    }
    if (clients.some(c => branch.rejected.has(c))) {
      return 'undone';
    }
    // Accepted: kept, as long as the notebook still has what the call did
    // (a reverted turn, or an undo, takes it back).
    if (
      !clients.some(c => branch.accepted.has(c)) &&
      edit.cells.some(c => branch.changedCells.has(c.id))
    ) {
      return 'pending';
    }
  }
  const cell = edit.cells[0];
  const now = notebook(cell.id);
  switch (cell.kind) {
    case 'inserted':
      return now !== null ? 'kept' : 'undone';
    case 'deleted':
      return now === null ? 'kept' : 'undone';
    case 'source':
      return now === cell.before && now !== cell.after ? 'undone' : 'kept';
    default:
      return 'kept';
  }
}

namespace Private {
  /** The arguments of a call, or {} when they are not a JSON object. */
  export function parseArgs(text: string): Record<string, any> {
    try {
      const value = JSON.parse(text || '{}');
      return value && typeof value === 'object' && !Array.isArray(value)
        ? value
        : {};
    } catch {
      return {};
    }
  }

  /** A string value, or undefined. */
  export function str(value: unknown): string | undefined {
    return typeof value === 'string' && value ? value : undefined;
  }

  /** A cell type as people name it. */
  export function typeName(type: string, __: Translate): string {
    return type === 'markdown'
      ? __('Markdown')
      : type === 'raw'
        ? __('raw')
        : __('code');
  }

  /** The error a run result reports, '' when it ran fine. */
  export function runError(fields: Record<string, any>): string {
    if (typeof fields.status !== 'string' || fields.status === 'ok') {
      return '';
    }
    const first = Array.isArray(fields.errors) ? fields.errors[0] : null;
    return first?.ename
      ? `${first.ename}: ${first.evalue ?? ''}`.trim()
      : `The run ended with status '${fields.status}'.`;
  }
}
