import * as Y from 'yjs';

import { firstItemOf } from '../internals/yjs';
import { cellIdOf, indexCells, owningCell, sourceOf } from './cells';
import { NOTEBOOK_CELL } from './types';

/**
 * What a local transaction of a branch touched, read from the transaction
 * alone: the cells it edited, inserted or deleted, and the cells it
 * recreated (moved or retyped), with the bases its entry carries. Used by
 * `Branch` to file the transaction's update in its chain.
 */

/**
 * The cells `tr` touched (by nbformat id; `NOTEBOOK_CELL` when none), and
 * among them the cells it recreated, by id to their new map: YNotebook
 * moves and retypes a cell by deleting it and inserting a copy. `client` is
 * the transaction's client.
 */
export function cellsTouchedBy(
  tr: Y.Transaction,
  cells: Y.Array<Y.Map<any>>,
  client: number
): { touched: Set<string>; copies: Map<string, Y.Map<any>> } {
  const touched = new Set<string>();
  tr.changed.forEach((_keys, type) => {
    if (type === cells) {
      return;
    }
    const cell = owningCell(type as Y.AbstractType<any>, cells);
    if (cell) {
      touched.add(cellIdOf(cell));
    }
  });
  // Cells moved or retyped: YNotebook deletes them and inserts copies.
  const copies = new Map<string, Y.Map<any>>();
  if (tr.changed.has(cells as any)) {
    // Cells inserted or deleted: their maps are the items of the cells
    // array created or deleted in this transaction.
    const before = tr.beforeState.get(client) ?? 0;
    const created = new Map<string, Y.Map<any>>();
    const deleted = new Set<string>();
    let item: any = firstItemOf(cells);
    while (item) {
      const isNew = item.id.client === client && item.id.clock >= before;
      const isGone = tr.deleteSet.clients.has(item.id.client)
        ? Y.isDeleted(tr.deleteSet, item.id)
        : false;
      if ((isNew || isGone) && item.content?.type instanceof Y.Map) {
        const id = cellIdOf(item.content.type);
        touched.add(id);
        if (isNew && !isGone) {
          created.set(id, item.content.type);
        } else if (isGone && !isNew) {
          deleted.add(id);
        }
      }
      item = item.right;
    }
    for (const [id, cell] of created) {
      if (deleted.has(id)) {
        copies.set(id, cell);
      }
    }
  }
  if (touched.size === 0) {
    // Notebook-level changes (its metadata, its state): filed under a
    // pseudo cell so that accept-all carries them.
    touched.add(NOTEBOOK_CELL);
  }
  return { touched, copies };
}

/**
 * The cell whose chain a transaction of this origin belongs to: a YCell's
 * own transaction (`cell.transact`) is its cell's, the notebook model's own
 * transaction is a structural edit (`null`: insert, delete, move, type
 * change, of cells found afterwards), another object is the cell it last
 * edited alone (`known`), if any.
 */
export function cellOfOrigin(
  origin: any,
  known: WeakMap<object, string>
): string | null | undefined {
  if (origin && typeof origin.getId === 'function' && origin.ymodel) {
    return String(origin.getId());
  }
  if (origin && typeof origin.insertCell === 'function') {
    return null;
  }
  if (origin && typeof origin === 'object') {
    return known.get(origin);
  }
  return undefined;
}

/**
 * The bases a new local entry carries: the notebook's text of the cells it
 * touches first, and the text of the cells it recreates (the copy's text,
 * which is the text it was made from).
 */
export function newBases(
  touched: ReadonlySet<string>,
  copies: ReadonlyMap<string, Y.Map<any>>,
  notebookDoc: Y.Doc,
  baseSourceOf: (cellId: string) => string | undefined
): Record<string, string> {
  const bases: Record<string, string> = {};
  let index: ReturnType<typeof indexCells> | null = null;
  for (const cellId of touched) {
    if (cellId === NOTEBOOK_CELL) {
      continue;
    }
    const copy = copies.get(cellId);
    if (copy) {
      bases[cellId] = sourceOf(copy);
    } else if (baseSourceOf(cellId) === undefined) {
      index ??= indexCells(notebookDoc);
      const found = index.get(cellId);
      if (found) {
        bases[cellId] = sourceOf(found.cell);
      }
    }
  }
  return bases;
}
