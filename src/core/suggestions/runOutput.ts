import * as Y from 'yjs';

/**
 * What running a cell writes: its outputs, its execution count and its
 * execution state. In a branch these are the run's, not the suggestion's:
 * running a suggested cell shows what its code does, and neither the saved
 * suggestion nor an accept carries it (docs/branches.md, "Running code while
 * suggesting").
 */
const RUN_KEYS: ReadonlySet<string | null> = new Set([
  'outputs',
  'execution_count',
  'execution_state'
]);

/**
 * Whether every change of a transaction is a cell run's writes (see
 * `RUN_KEYS`), apart from the notebook's `state` bookkeeping, and there is
 * at least one.
 */
export function onlyRunOutput(tr: Y.Transaction, doc: Y.Doc): boolean {
  const cellsType = doc.getArray('cells') as Y.AbstractType<any>;
  const stateType = doc.getMap('state') as Y.AbstractType<any>;
  let any = false;
  for (const [type, keys] of tr.changed) {
    if (type === stateType) {
      continue;
    }
    if (type === cellsType) {
      return false;
    }
    if (type.parent === cellsType) {
      // The cell's own map: only its run keys changed.
      for (const key of keys) {
        if (!RUN_KEYS.has(key)) {
          return false;
        }
      }
      any = true;
      continue;
    }
    // A type inside a cell: it must be (inside) the cell's outputs.
    let child: Y.AbstractType<any> = type;
    while (child.parent && child.parent.parent !== cellsType) {
      child = child.parent;
    }
    const cell = child.parent as Y.Map<any> | null;
    if (!cell || cell.get('outputs') !== child) {
      return false;
    }
    any = true;
  }
  return any;
}
