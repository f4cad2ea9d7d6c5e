import * as Y from 'yjs';

import { cellIdOf } from './cells';

/**
 * Whether a transaction of a notebook's document, or of a branch that
 * follows it, can change the branch's change set: it changed the list of
 * cells, the notebook's `meta` (its metadata and nbformat), or something
 * inside one of `compared()`, the cells the change set compares (those the
 * branch's operations touched, and those with a replay conflict).
 *
 * Everything else in the document leaves the change set as it was: the
 * text and outputs of the other cells (the branch follows them, so both
 * sides hold the same), the shared chat and the branches' own entries (other
 * roots of the same `Y.Doc`), jupyter-collaboration's `state`. Clearing the
 * change set on every transaction recomputed it for every keystroke in any
 * cell and every streamed chat token, for every branch (issue 12).
 *
 * `compared` is called at most once, and only when a cell's content changed;
 * null: every cell counts (a branch's own edit may touch a cell for the
 * first time).
 */
export function touchesChangeSet(
  tr: Y.Transaction,
  compared: (() => ReadonlySet<string>) | null
): boolean {
  const share = tr.doc.share;
  const cells = share.get('cells');
  const meta = share.get('meta');
  let cellIds: ReadonlySet<string> | null = null;
  for (const type of tr.changed.keys()) {
    if (type === cells || type === meta) {
      return true;
    }
    // Up to the root: the cell it is in, if it is in the cells array.
    let cell: Y.AbstractType<any> | null = null;
    let current: Y.AbstractType<any> = type;
    while (current.parent) {
      if (current.parent === cells) {
        cell = current;
      }
      current = current.parent as Y.AbstractType<any>;
    }
    if (current === meta) {
      return true;
    }
    if (current !== cells || !(cell instanceof Y.Map)) {
      continue; // another root: the chat, the branches' entries, the state
    }
    if (!compared) {
      return true;
    }
    cellIds ??= compared();
    if (cellIds.has(cellIdOf(cell))) {
      return true;
    }
  }
  return false;
}
