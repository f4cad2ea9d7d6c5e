import type { Branch } from './branch';
import { cellIdOf, cellsOf, indexCells, sourceOf } from './cells';
import { diffLines, hashText, splitLines } from './linediff';
import type { ICellRecord, SavedHunk } from './types';

/**
 * Replay saved cell records into a branch as new operations of its own.
 *
 * Records name cells by nbformat id and texts by hash and line hunks, never
 * Yjs items, so they apply to a document loaded anew from disk. A source
 * record applies to the notebook's current text of the cell: exactly when
 * its base hash matches, else when every hunk's replaced lines can still be
 * found; otherwise the record comes back as a conflict, nothing applied.
 * Replaying is idempotent: the branch's text is brought to the target, so a
 * second replay changes nothing.
 *
 * Returns the records that could not be applied (now conflicts of the
 * branch).
 */
export function replayRecords(
  branch: Branch,
  records: ICellRecord[]
): ICellRecord[] {
  const conflicts: ICellRecord[] = [];
  const doc = branch.doc;
  const cellIndex = (id: string | null): number => {
    if (id === null) {
      return -1;
    }
    return doc.cells.findIndex(c => c.getId() === id);
  };

  // Structural records first, in saved (notebook) order, then cell content.
  for (const record of records) {
    if (record.conflict) {
      branch.setReplayConflict(record.cellId, record);
      conflicts.push(record);
      continue;
    }
    const at = cellIndex(record.cellId);
    if (record.insert) {
      if (at >= 0) {
        continue; // already there: replaying twice adds nothing
      }
      const insert = record.insert;
      const after = cellIndex(insert.after);
      branch.transactCell(null, () => {
        doc.insertCell(after + 1, {
          id: record.cellId,
          cell_type: insert.cell_type as any,
          source: insert.source,
          metadata: insert.metadata as any
        });
      });
      continue;
    }
    if (at < 0) {
      const conflict: ICellRecord = {
        ...record,
        conflict: 'deleted-in-notebook'
      };
      branch.setReplayConflict(record.cellId, conflict);
      conflicts.push(conflict);
      continue;
    }
    if (record.delete) {
      branch.transactCell(null, () => doc.deleteCell(at));
      continue;
    }
    if (record.moveAfter !== undefined) {
      const after = cellIndex(record.moveAfter);
      const target = after >= at ? after : after + 1;
      if (target !== at) {
        branch.transactCell(null, () => doc.moveCell(at, target));
      }
    }
  }

  const main = indexCells(branch.notebook.ydoc);
  for (const record of records) {
    if (record.conflict || record.insert || record.delete) {
      continue;
    }
    const at = cellIndex(record.cellId);
    if (at < 0) {
      continue;
    }
    if (record.cellType && doc.cells[at].cell_type !== record.cellType) {
      const cell = doc.cells[at].toJSON();
      branch.transactCell(null, () => {
        doc.deleteCell(at);
        doc.insertCell(at, {
          id: record.cellId,
          cell_type: record.cellType as any,
          source: cell.source,
          metadata: cell.metadata
        });
      });
    }
    const cell = doc.cells[at];
    if (record.metadata) {
      branch.transactCell(record.cellId, () =>
        cell.setMetadata(record.metadata as any)
      );
    }
    if (record.source) {
      const found = main.get(record.cellId);
      const base = found ? sourceOf(found.cell) : cell.getSource();
      const target = applySavedHunks(
        base,
        record.source.baseHash,
        record.source.hunks
      );
      if (target === null) {
        const conflict: ICellRecord = { ...record, conflict: 'base-changed' };
        branch.setReplayConflict(record.cellId, conflict);
        conflicts.push(conflict);
        continue;
      }
      const current = cell.getSource();
      if (current !== target) {
        branch.transactCell(record.cellId, () => {
          // Line hunks from what the branch has to the target, applied from
          // the end so offsets stay valid: concurrent edits elsewhere in the
          // cell are left alone.
          for (const hunk of diffLines(current, target).reverse()) {
            cell.updateSource(
              hunk.baseFrom,
              hunk.baseTo,
              hunk.proposedLines.join('')
            );
          }
        });
      }
    }
  }
  return conflicts;
}

/**
 * The text a record's hunks make of `base`, or null when they do not apply:
 * exactly when the base hash matches, else by finding each hunk's replaced
 * lines near where they were.
 */
export function applySavedHunks(
  base: string,
  baseHash: string,
  hunks: SavedHunk[]
): string | null {
  const lines = splitLines(base);
  const exact = hashText(base) === baseHash;
  let shift = 0;
  let searchFrom = 0;
  const placed: { at: number; count: number; lines: string[] }[] = [];
  for (const [start, baseLines, proposedLines] of hunks) {
    let at = start;
    if (!exact) {
      if (baseLines.length === 0) {
        return null; // nothing to recognise the place by
      }
      at = findLines(lines, baseLines, start, searchFrom);
      if (at < 0) {
        return null;
      }
    } else if (!matches(lines, baseLines, at)) {
      return null;
    }
    placed.push({ at, count: baseLines.length, lines: proposedLines });
    searchFrom = at + baseLines.length;
  }
  for (const hunk of placed) {
    lines.splice(hunk.at + shift, hunk.count, ...hunk.lines);
    shift += hunk.lines.length - hunk.count;
  }
  return lines.join('');
}

function matches(lines: string[], want: string[], at: number): boolean {
  if (at < 0 || at + want.length > lines.length) {
    return false;
  }
  return want.every((line, k) => lines[at + k] === line);
}

/** The occurrence of `want` in `lines` closest to `near`, from `from` on. */
function findLines(
  lines: string[],
  want: string[],
  near: number,
  from: number
): number {
  let best = -1;
  for (let at = from; at + want.length <= lines.length; at++) {
    if (
      matches(lines, want, at) &&
      (best < 0 || Math.abs(at - near) < Math.abs(best - near))
    ) {
      best = at;
    }
  }
  return best;
}

/** The ids of the cells of a branch, in order (for records' anchors). */
export function branchOrder(branch: Branch): string[] {
  return cellsOf(branch.ydoc).toArray().map(cellIdOf);
}
