import type { Branch } from './branch';
import { indexCells, metadataOf, sourceOf, typeOf } from './cells';
import { hashText } from './linediff';
import { branchOrder } from './replay';
import type { IBranchRecord, ICellChange, ICellRecord } from './types';

/**
 * The saved form of a branch: one record per changed cell, naming cells by
 * nbformat id and texts by hash and line hunks — never Yjs items — so that
 * it survives a reload from disk. Live conflicts are left out (they cannot
 * be replayed); conflicts found on an earlier restore are kept, so that
 * people still see them.
 */
export function branchToRecord(
  branch: Branch,
  changes: ICellChange[] = branch.changes()
): IBranchRecord {
  const order = branchOrder(branch);
  const proposed = indexCells(branch.ydoc);
  const cells: ICellRecord[] = [];
  for (const change of changes) {
    if (change.conflict) {
      const kept = branch.replayConflicts.get(change.cellId);
      if (kept) {
        cells.push(kept);
      }
      continue;
    }
    cells.push(cellRecord(change, order, proposed));
  }
  return {
    id: branch.id,
    author: branch.author,
    created: branch.created,
    cells
  };
}

function cellRecord(
  change: ICellChange,
  order: string[],
  proposed: ReturnType<typeof indexCells>
): ICellRecord {
  const record: ICellRecord = { cellId: change.cellId, time: change.time };
  const previous = (): string | null => {
    const at = order.indexOf(change.cellId);
    return at > 0 ? order[at - 1] : null;
  };
  const cell = proposed.get(change.cellId)?.cell;
  if (change.kinds.includes('inserted') && cell) {
    record.insert = {
      after: previous(),
      cell_type: typeOf(cell),
      source: sourceOf(cell),
      metadata: metadataOf(cell)
    };
    return record;
  }
  if (change.kinds.includes('deleted')) {
    record.delete = true;
    return record;
  }
  if (change.kinds.includes('moved')) {
    record.moveAfter = previous();
  }
  if (change.type) {
    record.cellType = change.type.proposed;
  }
  if (change.kinds.includes('metadata') && cell) {
    record.metadata = metadataOf(cell);
  }
  if (change.kinds.includes('source')) {
    record.source = {
      baseHash: hashText(change.baseSource),
      hunks: change.hunks.map(h => [h.baseStart, h.baseLines, h.proposedLines])
    };
  }
  return record;
}
