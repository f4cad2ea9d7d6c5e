import * as Y from 'yjs';

import type { Branch } from './branch';
import { indexCells, metadataOf, writeMetadata } from './cells';
import { textEdits } from './rebase';
import { branchToRecord } from './records';
import { ICellChange, ICellRecord, IHunk, IReviewResult } from './types';

/**
 * Per-hunk accept and reject (issue 11; docs/branches.md, "Per-hunk
 * accept").
 *
 * A cell's edits are one chain (one Yjs client), and Yjs integrates a
 * client's operations in clock order: a chain cannot be split between an
 * accepted and a kept part. So the chain is made again as two: it is
 * dropped as a reject drops it (shared as rejected, so every replica drops
 * it too, and keeps what its author typed in it that the drop did not see),
 * and its text is written again on the rebuilt branch as new operations —
 * first the one hunk, accepted at once through the per-cell accept (one
 * notebook transaction, one undo step, the same items in notebook and
 * branch), then the rest, on a fresh chain of the cell that stays a
 * suggestion. A reject writes only the rest.
 */

/** What a hunk review needs of the manager: its reject and its accept. */
export interface IHunkReviewer {
  /** Drop chains of the branch as a reject does (shared, then rebuilt). */
  drop(clients: Set<number>): void;
  /**
   * Accept the branch's change of one cell as a per-cell accept does;
   * `undoRecords`: what an undo of it replays into the branch.
   */
  accept(cellId: string, undoRecords?: ICellRecord[]): IReviewResult;
  /** Reject the branch's change of one cell as a per-cell reject does. */
  reject(cellId: string): IReviewResult;
}

/** Why a hunk cannot be reviewed alone (`IReviewResult.refused`). */
export const HUNK_REFUSALS = {
  /** No such change, or no such hunk in it. */
  missing: 'no-such-hunk',
  /**
   * The cell's chain is tied to other cells or chains (a cell the branch
   * inserted, moved or retyped, or edited in one transaction with another
   * cell): review the whole change.
   */
  entangled: 'hunk-needs-whole-change'
} as const;

/**
 * Accept (`accept` true) or reject hunk `index` of the branch's change of
 * `cellId` (`ICellChange.hunks`, in order): the other hunks stay a
 * suggestion, with the change's metadata edit if it has one.
 */
export function reviewHunk(
  branch: Branch,
  cellId: string,
  index: number,
  accept: boolean,
  reviewer: IHunkReviewer
): IReviewResult {
  const change = branch.changes().find(c => c.cellId === cellId);
  const hunk = change?.hunks[index];
  if (!change || !hunk) {
    return refuse(cellId, HUNK_REFUSALS.missing);
  }
  if (change.conflict) {
    return refuse(cellId, change.conflict);
  }
  if (change.kinds.length === 1 && change.hunks.length === 1) {
    // The hunk is the whole change: nothing to split.
    return accept ? reviewer.accept(cellId) : reviewer.reject(cellId);
  }
  const clients = ownChain(branch, change);
  if (!clients) {
    return refuse(cellId, HUNK_REFUSALS.entangled);
  }
  const first = accept ? withHunk(change, hunk) : null;
  // After an accept the hunk is the notebook's too: the rest is the whole
  // proposed text over it. After a reject, the proposed text without it.
  const rest = accept ? change.proposedSource : withoutHunk(change, hunk);
  const metadata = change.kinds.includes('metadata')
    ? {
        target: proposedMetadata(branch, cellId),
        removed: change.metadata?.removed ?? []
      }
    : null;
  const time = change.time;
  // What an undo of the accept brings back: the whole change as it was
  // (replayed onto the rest, it puts back just the hunk).
  const undoRecords = accept ? branchToRecord(branch, [change]).cells : [];
  reviewer.drop(clients);
  let result: IReviewResult = {
    cellIds: [cellId],
    alsoCellIds: [],
    refused: []
  };
  if (first !== null) {
    writeCell(branch, cellId, time, first, null);
    result = reviewer.accept(cellId, undoRecords);
  }
  // After the accept: its chain is forgotten, so the rest starts a fresh
  // chain of the cell, which builds on the hunk's items, now the notebook's.
  writeCell(branch, cellId, time, rest, metadata);
  return result;
}

/**
 * The clients of the cell's chain, when they touch only this cell and no
 * other chain builds on them or they on another: what can be dropped and
 * made again without touching anything else. Null otherwise.
 */
function ownChain(branch: Branch, change: ICellChange): Set<number> | null {
  if (change.kinds.some(k => k !== 'source' && k !== 'metadata')) {
    return null;
  }
  const { clients, cells } = branch.closure([change.cellId], 'dependents');
  const deps = branch.closure([change.cellId], 'dependencies');
  if (
    cells.size !== 1 ||
    deps.cells.size !== 1 ||
    deps.clients.size !== clients.size ||
    [...deps.clients].some(c => !clients.has(c))
  ) {
    return null;
  }
  const alone = branch.entries
    .filter(e => clients.has(e.client))
    .every(e => e.cells.every(c => c === change.cellId));
  // (A chain that also wrote notebook-level metadata would lose it.)
  return alone ? clients : null;
}

/** The notebook's text with only `hunk` of the change applied. */
function withHunk(change: ICellChange, hunk: IHunk): string {
  const { baseSource: base, proposedSource: proposed } = change;
  return (
    base.slice(0, hunk.baseFrom) +
    proposed.slice(hunk.proposedFrom, hunk.proposedTo) +
    base.slice(hunk.baseTo)
  );
}

/** The change's proposed text with `hunk` taken back out. */
function withoutHunk(change: ICellChange, hunk: IHunk): string {
  const { baseSource: base, proposedSource: proposed } = change;
  return (
    proposed.slice(0, hunk.proposedFrom) +
    base.slice(hunk.baseFrom, hunk.baseTo) +
    proposed.slice(hunk.proposedTo)
  );
}

function proposedMetadata(
  branch: Branch,
  cellId: string
): Record<string, unknown> {
  const cell = indexCells(branch.ydoc).get(cellId)?.cell;
  return cell ? metadataOf(cell) : {};
}

/**
 * Bring the branch's cell to `target` text (and metadata) as one new entry
 * of the cell's chain, dated `time`: the smallest character edits from what
 * the branch has now, so the notebook's concurrent edits elsewhere in the
 * cell stay where they are.
 */
function writeCell(
  branch: Branch,
  cellId: string,
  time: number,
  target: string,
  metadata: { target: Record<string, unknown>; removed: string[] } | null
): void {
  const cell = indexCells(branch.ydoc).get(cellId)?.cell;
  const text = cell?.get('source');
  if (!cell || !(text instanceof Y.Text)) {
    return;
  }
  const edits = textEdits(text.toString(), target).reverse();
  const map = cell.get('metadata');
  const writeMeta = metadata && map instanceof Y.Map;
  if (!edits.length && !writeMeta) {
    return;
  }
  branch.transactCellAt(cellId, time, () => {
    for (const edit of edits) {
      text.delete(edit.from, edit.to - edit.from);
      text.insert(edit.from, edit.insert);
    }
    if (writeMeta) {
      writeMetadata(map, metadata.target, metadata.removed);
    }
  });
}

function refuse(cellId: string, reason: string): IReviewResult {
  return { cellIds: [], alsoCellIds: [], refused: [{ cellId, reason }] };
}
