import * as Y from 'yjs';

import { cellIdOf, cellsOf, sourceOf } from './cells';
import { hashText } from './linediff';
import type { ICellLocator } from './types';

/**
 * Finding the cell a saved record names when its id is not in the notebook.
 *
 * Below nbformat 4.5 a notebook file has no cell ids: JupyterLab (and
 * jupyter-collaboration's server) give every cell a fresh random id at each
 * load (`@jupyter/ydoc` 4.2 `YNotebook.fromJSON` drops them, `createCell`
 * draws a uuid) and write none back. The manager upgrades such a notebook
 * to 4.5 when it first saves a suggestion into it, so the ids persist; but
 * the file may be rewritten meanwhile by a tool that knows nothing of ids
 * (an older Jupyter, nbconvert, a script), or have been saved before that
 * upgrade existed. Then records find their cells by content: the hash of
 * the cell's source and of its two neighbours' sources, as they were in the
 * notebook when the record was saved.
 *
 * The rule is "found, or a conflict": a cell is taken only when it is the
 * one best match (both neighbours agree, else one, else the content is
 * unique); two equally good matches are no match.
 */

/** The hash a locator names a cell's content by. */
export function contentHash(cell: Y.Map<any>): string {
  return hashText(sourceOf(cell));
}

/** The locator of the cell at `index` of a document. */
export function locatorAt(doc: Y.Doc, index: number): ICellLocator {
  const cells = cellsOf(doc);
  const hashAt = (k: number) =>
    k >= 0 && k < cells.length ? contentHash(cells.get(k)) : null;
  return {
    hash: hashAt(index)!,
    before: hashAt(index - 1),
    after: hashAt(index + 1)
  };
}

/** The locator of the cell with an id, or undefined when it is not there. */
export function locatorOf(
  doc: Y.Doc,
  cellId: string
): ICellLocator | undefined {
  const cells = cellsOf(doc);
  for (let k = 0; k < cells.length; k++) {
    if (cellIdOf(cells.get(k)) === cellId) {
      return locatorAt(doc, k);
    }
  }
  return undefined;
}

/**
 * The id of the cell of `doc` that a record names: its own id when the
 * document has it, else the one best match of its locator (see above),
 * else null. `taken` are ids other records already resolved to: a cell is
 * found by one record only.
 *
 * A locator whose neighbours are unknown (`before`/`after` undefined: a
 * version 1 record, located by its source's base hash) is matched by
 * content alone, and so only when that content is unique.
 */
export function locateCell(
  doc: Y.Doc,
  cellId: string | null,
  locator: Partial<ICellLocator> | undefined,
  taken: ReadonlySet<string> = new Set()
): string | null {
  const cells = cellsOf(doc).toArray();
  if (cellId !== null && cells.some(c => cellIdOf(c) === cellId)) {
    return cellId;
  }
  if (!locator?.hash) {
    return null;
  }
  const hashes = cells.map(contentHash);
  let best = -1;
  let bestScore = -1;
  let tie = false;
  for (let k = 0; k < cells.length; k++) {
    if (hashes[k] !== locator.hash || taken.has(cellIdOf(cells[k]))) {
      continue;
    }
    const before = k > 0 ? hashes[k - 1] : null;
    const after = k + 1 < cells.length ? hashes[k + 1] : null;
    const score =
      (locator.before !== undefined && locator.before === before ? 1 : 0) +
      (locator.after !== undefined && locator.after === after ? 1 : 0);
    if (score > bestScore) {
      best = k;
      bestScore = score;
      tie = false;
    } else if (score === bestScore) {
      tie = true;
    }
  }
  return best >= 0 && !tie ? cellIdOf(cells[best]) : null;
}
