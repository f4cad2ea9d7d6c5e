import * as Y from 'yjs';

import type { Branch } from './branch';
import {
  cellIdOf,
  cellsOf,
  indexCells,
  metadataOf,
  sameJson,
  sourceOf,
  typeOf
} from './cells';
import { diffLines } from './linediff';
import type { ChangeKind, ICellChange } from './types';

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
  branch: Branch,
  includeSilent = false
): ICellChange[] {
  const touched = branch.touchedCells();
  const conflicts = branch.replayConflicts;
  if (touched.size === 0 && conflicts.size === 0) {
    return [];
  }
  const mainDoc = branch.notebook.ydoc;
  const main = indexCells(mainDoc);
  const proposed = indexCells(branch.ydoc);
  const mainPrev = previousCommon(cellsOf(mainDoc).toArray(), proposed);
  const branchPrev = previousCommon(cellsOf(branch.ydoc).toArray(), main);
  const times = lastTimes(branch);
  const twice = duplicateIds(branch.ydoc);
  const moved = movedCells(branch.ydoc, touched, main, mainPrev, branchPrev);

  const changes: ICellChange[] = [];
  for (const cellId of touched) {
    if (cellId === '__notebook__') {
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
      if (!sameJson(metadataOf(m.cell), metadataOf(b.cell))) {
        kinds.add('metadata');
      }
      if (change.baseSource !== change.proposedSource) {
        const recreated = !sameItem(m.cell, b.cell);
        if (
          recreated &&
          base !== undefined &&
          change.proposedSource === base &&
          change.baseSource !== base
        ) {
          // The branch moved or retyped the cell without editing it, and
          // the notebook edited it since: the edit is the notebook's. It
          // is carried over on accept (see SuggestionManager).
          change.staleCopy = true;
        } else {
          kinds.add('source');
          change.hunks = diffLines(change.baseSource, change.proposedSource);
          if (
            base !== undefined &&
            change.baseSource !== base &&
            rewrittenMeanwhile(base, change.baseSource, change.proposedSource)
          ) {
            change.conflict = 'rewritten-in-notebook';
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
    changes.push({
      id: `${branch.id}/${cellId}`,
      branchId: branch.id,
      cellId,
      author: branch.author,
      time: record.time,
      kinds: [],
      baseIndex: m ? m.index : null,
      proposedIndex: null,
      baseSource: m ? sourceOf(m.cell) : '',
      proposedSource: '',
      hunks: [],
      conflict: record.conflict ?? 'base-changed'
    });
  }
  changes.sort(
    (a, b) =>
      (a.proposedIndex ?? a.baseIndex ?? 0) -
      (b.proposedIndex ?? b.baseIndex ?? 0)
  );
  return changes;
}

/** Whether two cell maps (of two replicas) are the same Yjs item. */
function sameItem(a: any, b: any): boolean {
  const x = a._item?.id;
  const y = b._item?.id;
  return !!x && !!y && Y.compareIDs(x, y);
}

/**
 * The cells the branch moved: those it recreated (YNotebook moves a cell by
 * deleting it and inserting a copy) whose nearest common neighbour before
 * them differs, or follows a moved cell in the branch (a run of cells moved
 * together). Cells the branch did not recreate keep their order relative to
 * each other on both sides, whatever moved around them.
 */
function movedCells(
  branchDoc: Y.Doc,
  touched: Set<string>,
  main: ReturnType<typeof indexCells>,
  mainPrev: Map<string, string | null>,
  branchPrev: Map<string, string | null>
): Set<string> {
  const out = new Set<string>();
  cellsOf(branchDoc).forEach(cell => {
    const id = cellIdOf(cell);
    const m = main.get(id);
    if (!touched.has(id) || !m || sameItem(m.cell, cell)) {
      return;
    }
    const previous = branchPrev.get(id) ?? null;
    if (
      mainPrev.get(id) !== previous ||
      (previous !== null && out.has(previous))
    ) {
      out.add(id);
    }
  });
  return out;
}

/** The ids of cells present more than once in a document. */
function duplicateIds(doc: Parameters<typeof cellsOf>[0]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  cellsOf(doc).forEach(cell => {
    const id = cellIdOf(cell);
    (seen.has(id) ? twice : seen).add(id);
  });
  return twice;
}

const ORDER: ChangeKind[] = [
  'inserted',
  'deleted',
  'moved',
  'type',
  'source',
  'metadata'
];

/**
 * For each cell, the id of the nearest cell before it that the other side
 * also has: a cell is moved when this differs between the two sides.
 */
function previousCommon(
  cells: any[],
  other: Map<string, unknown>
): Map<string, string | null> {
  const out = new Map<string, string | null>();
  let previous: string | null = null;
  for (const cell of cells) {
    const id = cellIdOf(cell);
    out.set(id, previous);
    if (other.has(id)) {
      previous = id;
    }
  }
  return out;
}

function lastTimes(branch: Branch): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of branch.entries) {
    for (const cell of entry.cells) {
      out.set(cell, Math.max(out.get(cell) ?? 0, entry.time));
    }
  }
  return out;
}

/**
 * Whether the notebook rewrote what the suggestion edits: the lines the
 * suggestion replaced (from the text it started from) are no longer in the
 * notebook's text. A typo fixed elsewhere in the cell is not a conflict.
 */
function rewrittenMeanwhile(
  base: string,
  current: string,
  proposed: string
): boolean {
  const edited = diffLines(base, proposed);
  for (const hunk of edited) {
    const replaced = hunk.baseLines.join('');
    if (replaced && !current.includes(replaced.replace(/\n$/, ''))) {
      return true;
    }
  }
  return false;
}
