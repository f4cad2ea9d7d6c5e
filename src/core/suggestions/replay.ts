import * as Y from 'yjs';

import {
  cellsOf,
  indexCells,
  metadataOf,
  sameJson,
  sourceOf,
  writeMetadata
} from './cells';
import { applySavedHunks, diffLines } from './linediff';
import { locateCell } from './locate';
import {
  ConflictKind,
  IBranchEditTarget,
  IBranchState,
  ICellLocator,
  ICellRecord,
  NOTEBOOK_CELL
} from './types';

/**
 * Replay saved cell records into a branch as new operations of its own,
 * made through `into` (the branch's `YNotebook` and its per-cell
 * transactions).
 *
 * Records name cells by nbformat id and texts by hash and line hunks, never
 * Yjs items, so they apply to a document loaded anew from disk. A source
 * record applies to the notebook's current text of the cell: exactly when
 * its base hash matches, else when every hunk's replaced lines can still be
 * found; otherwise the record comes back as a conflict, nothing applied.
 * Replaying is idempotent: the branch's text is brought to the target, so a
 * second replay changes nothing.
 *
 * A record finds its cell by id, else by content (locate.ts: a notebook
 * below nbformat 4.5 whose ids were regenerated); an insert or a move whose
 * anchor cell is found neither way is a conflict (`anchor-missing`), never
 * placed elsewhere.
 *
 * Returns the records that could not be applied, each with its conflict
 * kind: the caller keeps them as the branch's conflicts (`Branch.replay`).
 */
export function replayRecords(
  branch: IBranchState,
  into: IBranchEditTarget,
  records: ICellRecord[]
): ICellRecord[] {
  const conflicts: ICellRecord[] = [];
  const doc = into.doc;
  const mainDoc = branch.notebook.ydoc;
  const cellIndex = (id: string | null): number => {
    if (id === null) {
      return -1;
    }
    return doc.cells.findIndex(c => c.getId() === id);
  };
  const conflict = (record: ICellRecord, kind: ConflictKind) => {
    conflicts.push({ ...record, conflict: kind });
  };

  // Each record's cell: by id, else by content (locate.ts). Ids found by
  // content are renamed in the anchors of the other records too. Content
  // is asked only when the notebook kept none of the saved ids of its
  // cells (a tool rewrote it without ids): when it kept them, a missing id
  // is a deleted cell, and a cell of the same content is another cell.
  const inserted = new Set(records.filter(r => r.insert).map(r => r.cellId));
  const named = records.flatMap(r => [
    ...(r.insert || r.cellId === NOTEBOOK_CELL ? [] : [r.cellId]),
    ...[r.insert?.after, r.moveAfter].filter(
      (a): a is string => typeof a === 'string' && !inserted.has(a)
    )
  ]);
  const byContent = !named.some(id => cellIndex(id) >= 0);
  const renamed = new Map<string, string>();
  const taken = new Set<string>();
  const resolved = records.map(record => {
    if (record.conflict || record.insert || record.cellId === NOTEBOOK_CELL) {
      return record;
    }
    if (cellIndex(record.cellId) >= 0) {
      taken.add(record.cellId);
      return record;
    }
    const locator =
      record.locate ??
      (record.source ? { hash: record.source.baseHash } : undefined);
    const found = byContent
      ? locateCell(mainDoc, record.cellId, locator, taken)
      : null;
    if (found === null || cellIndex(found) < 0) {
      return record;
    }
    taken.add(found);
    renamed.set(record.cellId, found);
    return { ...record, cellId: found };
  });
  /**
   * The cell an insert or a move goes after: null for the top, the id of a
   * cell of the branch, or undefined when the anchor is gone (then the
   * record is a conflict: placing it elsewhere would be a guess).
   */
  const anchor = (
    after: string | null,
    locator: ICellLocator | undefined
  ): string | null | undefined => {
    if (after === null) {
      return null;
    }
    const id = renamed.get(after) ?? after;
    if (cellIndex(id) >= 0) {
      return id;
    }
    const found = byContent ? locateCell(mainDoc, id, locator) : null;
    return found !== null && cellIndex(found) >= 0 ? found : undefined;
  };

  // Structural records first, in saved (notebook) order, then cell content.
  const skipped = new Set<ICellRecord>();
  for (const record of resolved) {
    if (record.conflict) {
      conflicts.push(record);
      skipped.add(record);
      continue;
    }
    if (record.cellId === NOTEBOOK_CELL) {
      continue;
    }
    const at = cellIndex(record.cellId);
    if (record.insert) {
      if (at >= 0) {
        continue; // already there: replaying twice adds nothing
      }
      const insert = record.insert;
      const after = anchor(insert.after, insert.afterLocate);
      if (after === undefined) {
        conflict(record, 'anchor-missing');
        skipped.add(record);
        continue;
      }
      into.transactCell(null, () => {
        doc.insertCell(cellIndex(after) + 1, {
          id: record.cellId,
          cell_type: insert.cell_type as any,
          source: insert.source,
          metadata: insert.metadata as any
        });
      });
      // `insertCell` goes through `YCell.setMetadata`, which adds
      // `jupyter.outputs_hidden` beside `collapsed`: keep the saved keys.
      const inserted = cellsOf(doc.ydoc).get(cellIndex(record.cellId));
      if (!sameJson(metadataOf(inserted), insert.metadata)) {
        into.transactCell(null, () =>
          writeMetadata(
            inserted.get('metadata'),
            insert.metadata,
            Object.keys(metadataOf(inserted))
          )
        );
      }
      continue;
    }
    if (at < 0) {
      conflict(record, 'deleted-in-notebook');
      skipped.add(record);
      continue;
    }
    if (record.delete) {
      into.transactCell(null, () => doc.deleteCell(at));
      continue;
    }
    if (record.moveAfter !== undefined) {
      const after = anchor(record.moveAfter, record.moveAfterLocate);
      if (after === undefined) {
        conflict(record, 'anchor-missing');
        skipped.add(record);
        continue;
      }
      const to = cellIndex(after);
      const target = to >= at ? to : to + 1;
      if (target !== at) {
        into.transactCell(null, () => doc.moveCell(at, target));
      }
    }
  }

  const main = indexCells(mainDoc);
  for (const record of resolved) {
    if (skipped.has(record) || record.insert || record.delete) {
      continue;
    }
    if (record.cellId === NOTEBOOK_CELL) {
      if (record.notebook) {
        replayNotebook(into, record.notebook);
      }
      continue;
    }
    const at = cellIndex(record.cellId);
    if (at < 0) {
      continue;
    }
    if (record.cellType && doc.cells[at].cell_type !== record.cellType) {
      const cell = doc.cells[at].toJSON();
      into.transactCell(null, () => {
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
      const map = cellsOf(doc.ydoc).get(at).get('metadata');
      into.transactCell(record.cellId, () =>
        writeMetadata(map, record.metadata!, record.metadataRemoved ?? [])
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
        conflicts.push({ ...record, conflict: 'base-changed' });
        continue;
      }
      const current = cell.getSource();
      if (current !== target) {
        into.transactCell(record.cellId, () => {
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

/** Bring the branch's notebook metadata and nbformat to a saved record's. */
function replayNotebook(
  into: IBranchEditTarget,
  saved: NonNullable<ICellRecord['notebook']>
): void {
  const meta = into.doc.ydoc.getMap<any>('meta');
  into.transactCell(null, () => {
    const metadata = meta.get('metadata');
    if (metadata instanceof Y.Map) {
      writeMetadata(metadata, saved.metadata, saved.removed);
    }
    if (saved.nbformat) {
      if (meta.get('nbformat') !== saved.nbformat[0]) {
        meta.set('nbformat', saved.nbformat[0]);
      }
      if (meta.get('nbformat_minor') !== saved.nbformat[1]) {
        meta.set('nbformat_minor', saved.nbformat[1]);
      }
    }
  });
}
