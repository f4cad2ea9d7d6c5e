import * as Y from 'yjs';

import { cellIdOf, cellsOf } from './cells';

/**
 * Where to show a cell that a view of the notebook does not hold: a cell
 * the suggestion deletes, shown in the suggestion's view, or a cell it
 * inserts, shown in the notebook's.
 */

/** The ids of a document's cells, in order. */
export function cellIds(doc: Y.Doc): string[] {
  return cellsOf(doc).map(cellIdOf);
}

/**
 * The cell a missing cell shows after: the nearest cell before it, in the
 * document that holds it (`order`), that the view shows; null when there
 * is none (it shows before the view's first cell), undefined when `order`
 * does not hold it.
 */
export function shownBefore(
  order: readonly string[],
  cellId: string,
  shown: ReadonlySet<string>
): string | null | undefined {
  const at = order.indexOf(cellId);
  if (at < 0) {
    return undefined;
  }
  for (let k = at - 1; k >= 0; k--) {
    if (shown.has(order[k])) {
      return order[k];
    }
  }
  return null;
}
