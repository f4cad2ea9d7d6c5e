import * as Y from 'yjs';

import {
  cellIdOf,
  cellIndex,
  cellsOf,
  indexCells,
  metadataDiff,
  metadataOf,
  nbformatOf,
  notebookMetadataOf,
  sameJson,
  sourceOf,
  typeOf
} from './cells';
import { applySavedHunks, diffLines } from './linediff';
import { deletedRuns, insertionAnchors } from './updates';
import { movedCells, sameItem } from './moves';
import {
  ChangeKind,
  IBranchState,
  ICellChange,
  IHunk,
  NOTEBOOK_CELL
} from './types';

/**
 * The change set of a branch: per cell it touched, what it does to the cell
 * compared with the notebook as it is now.
 *
 * Only the cells the branch's own operations touched are compared (the
 * branch follows the notebook, so every other cell is the same on both
 * sides), and lines are diffed only where the texts differ: that is what
 * keeps the change set cheap on large notebooks.
 */
export function computeChanges(
  branch: IBranchState,
  includeSilent = false
): ICellChange[] {
  const touched = branch.touchedCells();
  const conflicts = branch.replayConflicts;
  if (touched.size === 0 && conflicts.size === 0) {
    return [];
  }
  const mainDoc = branch.notebook.ydoc;
  const main = indexCells(mainDoc);
  const branchIndex = cellIndex(branch.ydoc);
  const twice = branchIndex.twice;
  let proposed = branchIndex.byId;
  const times = lastTimes(branch);
  if (twice.size) {
    // A cell recreated by both sides is there twice in the branch: the
    // notebook's copy and the branch's own, which is the one to compare.
    const own = new Map(proposed);
    cellsOf(branch.ydoc).forEach((cell, index) => {
      const id = cellIdOf(cell);
      const m = main.get(id);
      if (twice.has(id) && m && !sameItem(m.cell, cell)) {
        own.set(id, { cell, index });
      }
    });
    proposed = own;
  }
  const moved = movedCells(mainDoc, branch.ydoc, touched, main, proposed);

  const changes: ICellChange[] = [];
  for (const cellId of touched) {
    if (cellId === NOTEBOOK_CELL) {
      const change = notebookChange(branch, times.get(cellId));
      if (change) {
        changes.push(change);
      }
      continue;
    }
    const m = main.get(cellId);
    const b = proposed.get(cellId);
    const base = branch.baseSourceOf(cellId);
    const change: ICellChange = {
      id: `${branch.id}/${cellId}`,
      branchId: branch.id,
      cellId,
      author: branch.author,
      time: times.get(cellId) ?? branch.created,
      kinds: [],
      baseIndex: m ? m.index : null,
      proposedIndex: b ? b.index : null,
      baseSource: m ? sourceOf(m.cell) : '',
      proposedSource: b ? sourceOf(b.cell) : '',
      hunks: []
    };
    const kinds = new Set<ChangeKind>();
    if (!m && !b) {
      if (base === undefined) {
        continue; // inserted, then deleted, by the branch itself
      }
      change.conflict = 'deleted-in-notebook';
      change.proposedSource = '';
    } else if (!m && b) {
      if (base !== undefined) {
        // The branch recreated (moved or retyped) a cell that the notebook
        // has deleted meanwhile.
        change.conflict = 'deleted-in-notebook';
      } else {
        kinds.add('inserted');
      }
    } else if (m && !b) {
      kinds.add('deleted');
    } else if (m && b) {
      if (moved.has(cellId)) {
        kinds.add('moved');
      }
      const baseType = typeOf(m.cell);
      const proposedType = typeOf(b.cell);
      if (baseType !== proposedType) {
        kinds.add('type');
        change.type = { base: baseType, proposed: proposedType };
      }
      const baseMetadata = metadataOf(m.cell);
      const proposedMetadata = metadataOf(b.cell);
      if (!sameJson(baseMetadata, proposedMetadata)) {
        kinds.add('metadata');
        change.metadata = metadataDiff(baseMetadata, proposedMetadata);
      }
      if (change.baseSource !== change.proposedSource) {
        const recreated = !sameItem(m.cell, b.cell);
        const editedMeanwhile =
          base !== undefined && change.baseSource !== base;
        if (recreated && editedMeanwhile && change.proposedSource === base) {
          // The branch moved or retyped the cell without editing it, and
          // the notebook edited it since: the edit is the notebook's. It
          // is carried over on accept (see SuggestionManager).
          change.staleCopy = true;
        } else {
          kinds.add('source');
          change.hunks = diffLines(change.baseSource, change.proposedSource);
          if (editedMeanwhile) {
            if (recreated) {
              // The branch's copy (a move or a retype) holds its own edits
              // but misses the notebook's later ones: accepting would lose
              // them.
              change.conflict = 'rewritten-in-notebook';
            } else if (
              deletedByBoth(branch, m.cell) ||
              anchorsDeletedInNotebook(branch, cellId, m.cell) ||
              overlaps(
                notebookRanges(base!, change.baseSource),
                change.hunks.map(h => ownRange(h, change))
              )
            ) {
              change.conflict = 'rewritten-in-notebook';
            }
          }
        }
      }
    }
    if (twice.has(cellId) && !change.conflict) {
      // The branch recreated the cell (moved or retyped it) and so did the
      // notebook meanwhile: the branch now holds two cells with this id,
      // and accepting would give the notebook two as well.
      change.conflict = 'recreated-in-notebook';
    }
    change.kinds = ORDER.filter(k => kinds.has(k));
    // A stale copy with nothing else to show (the branch moved the cell,
    // and the cells it moved across were deleted since) is no change for a
    // reviewer, but accepting the branch still recreates the cell: the
    // accept needs to see it to carry the notebook's edits over.
    if (
      change.kinds.length ||
      change.conflict ||
      (includeSilent && change.staleCopy)
    ) {
      changes.push(change);
    }
  }
  for (const [cellId, record] of conflicts) {
    if (changes.some(c => c.cellId === cellId)) {
      continue;
    }
    const m = main.get(cellId);
    const baseSource = m ? sourceOf(m.cell) : '';
    changes.push({
      id: `${branch.id}/${cellId}`,
      branchId: branch.id,
      cellId,
      author: branch.author,
      time: record.time,
      kinds: [],
      baseIndex: m ? m.index : null,
      proposedIndex: null,
      baseSource,
      // What the saved record proposes, for people to read: its cell, or
      // its hunks where they still apply to the notebook's text.
      proposedSource:
        record.insert?.source ??
        (record.source
          ? applySavedHunks(
              baseSource,
              record.source.baseHash,
              record.source.hunks
            )
          : null) ??
        '',
      hunks: [],
      conflict: record.conflict ?? 'base-changed'
    });
  }
  // The notebook change first: it has no index.
  const at = (c: ICellChange) =>
    c.cellId === NOTEBOOK_CELL ? -1 : (c.proposedIndex ?? c.baseIndex ?? 0);
  changes.sort((a, b) => at(a) - at(b));
  return changes;
}

/**
 * The notebook-level change of a branch: its metadata (less our own
 * `coauthor` record) or its nbformat version differ from the notebook's.
 * A change like the others, listed first (it has no index), reviewed,
 * accepted and rejected alone, saved and replayed.
 */
function notebookChange(
  branch: IBranchState,
  time: number | undefined
): ICellChange | null {
  const mainDoc = branch.notebook.ydoc;
  const base = notebookMetadataOf(mainDoc);
  const proposed = notebookMetadataOf(branch.ydoc);
  const baseFormat = nbformatOf(mainDoc);
  const proposedFormat = nbformatOf(branch.ydoc);
  const sameFormat =
    baseFormat[0] === proposedFormat[0] && baseFormat[1] === proposedFormat[1];
  if (sameJson(base, proposed) && sameFormat) {
    return null;
  }
  const change: ICellChange = {
    id: `${branch.id}/${NOTEBOOK_CELL}`,
    branchId: branch.id,
    cellId: NOTEBOOK_CELL,
    author: branch.author,
    time: time ?? branch.created,
    kinds: ['notebook-metadata'],
    baseIndex: null,
    proposedIndex: null,
    baseSource: '',
    proposedSource: '',
    hunks: [],
    metadata: metadataDiff(base, proposed)
  };
  if (!sameFormat) {
    change.nbformat = { base: baseFormat, proposed: proposedFormat };
  }
  return change;
}

const ORDER: ChangeKind[] = [
  'inserted',
  'deleted',
  'moved',
  'type',
  'source',
  'metadata',
  'notebook-metadata'
];

function lastTimes(branch: IBranchState): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of branch.entries) {
    for (const cell of entry.cells) {
      out.set(cell, Math.max(out.get(cell) ?? 0, entry.time));
    }
  }
  return out;
}

/**
 * Whether the branch deleted text of the cell that the notebook has deleted
 * too: both replaced the same characters, and the merge would keep both
 * replacements side by side. Text diffs cannot see this (the deleted text is
 * gone from both sides), the items can.
 */
function deletedByBoth(branch: IBranchState, mainCell: Y.Map<any>): boolean {
  const source = mainCell.get('source');
  if (!(source instanceof Y.Text)) {
    return false;
  }
  const store = (mainCell.doc as Y.Doc).store;
  for (const entry of branch.entries) {
    for (const [client, clock, len] of deletedRuns(entry.update)) {
      let at = clock;
      // Only the items the notebook has (not the branch's own new text).
      const end = Math.min(clock + len, Y.getState(store, client));
      while (at < end) {
        const item = Y.getItem(store, Y.createID(client, at)) as any;
        if (item.parent === source && item.deleted) {
          return true;
        }
        at = item.id.clock + item.length;
      }
    }
  }
  return false;
}

/**
 * Whether the notebook deleted text the suggestion typed next to: an item the
 * branch inserted has a neighbour it was typed between that is the
 * notebook's and deleted there. The insertion has lost its place (the cell
 * was rewritten around it, as jupyter-collaboration does when the file
 * changes on disk: it clears the text and inserts the new one), and where it
 * lands now is a guess, not what the author typed.
 */
function anchorsDeletedInNotebook(
  branch: IBranchState,
  cellId: string,
  mainCell: Y.Map<any>
): boolean {
  const source = mainCell.get('source');
  if (!(source instanceof Y.Text)) {
    return false;
  }
  const store = (mainCell.doc as Y.Doc).store;
  for (const entry of branch.entries) {
    if (!entry.cells.includes(cellId)) {
      continue;
    }
    for (const anchor of insertionAnchors(entry.update)) {
      if (anchor.clock >= Y.getState(store, anchor.client)) {
        // The branch's own text: not in the notebook.
        continue;
      }
      const item = Y.getItem(store, anchor) as any;
      if (item.parent === source && item.deleted) {
        return true;
      }
    }
  }
  return false;
}

/** A range of characters of the notebook's text, `to` exclusive. */
interface IRange {
  from: number;
  to: number;
}

/**
 * The parts of a hunk's texts that really differ: the hunk's lines without
 * the characters they share at both ends.
 */
function narrowed(
  before: string,
  after: string
): { prefix: number; suffix: number } {
  let prefix = 0;
  while (
    prefix < before.length &&
    prefix < after.length &&
    before[prefix] === after[prefix]
  ) {
    prefix++;
  }
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) {
    suffix++;
  }
  return { prefix, suffix };
}

/**
 * What the notebook changed in a cell since the branch first touched it, as
 * ranges of the notebook's text now.
 */
function notebookRanges(base: string, current: string): IRange[] {
  return diffLines(base, current).map(h => {
    const from = current.slice(h.proposedFrom, h.proposedTo);
    const { prefix, suffix } = narrowed(base.slice(h.baseFrom, h.baseTo), from);
    return { from: h.proposedFrom + prefix, to: h.proposedTo - suffix };
  });
}

/**
 * What the suggestion changes, as a range of the notebook's text now (the
 * branch follows the notebook, so its hunks against the notebook are its
 * own edits).
 */
function ownRange(hunk: IHunk, change: ICellChange): IRange {
  const { prefix, suffix } = narrowed(
    change.baseSource.slice(hunk.baseFrom, hunk.baseTo),
    change.proposedSource.slice(hunk.proposedFrom, hunk.proposedTo)
  );
  return { from: hunk.baseFrom + prefix, to: hunk.baseTo - suffix };
}

/**
 * Whether the suggestion edits what the notebook rewrote meanwhile: one of
 * its ranges meets one of the notebook's (an insertion counts where it
 * touches a rewritten range). Edits elsewhere in the cell, a typo fixed at
 * its top while the suggestion rewrites its bottom, merge character by
 * character and are no conflict.
 */
function overlaps(notebook: IRange[], own: IRange[]): boolean {
  return own.some(o =>
    notebook.some(n =>
      o.from === o.to || n.from === n.to
        ? o.from <= n.to && n.from <= o.to
        : o.from < n.to && n.from < o.to
    )
  );
}
