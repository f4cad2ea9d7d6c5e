import * as Y from 'yjs';

import { cellIdOf, cellsOf, indexCells } from './cells';
import { typeIdOf } from '../internals/yjs';
import { commonRun } from './sequence';

/**
 * Which cells a branch moved, and whether two replicas' cells are the same
 * Yjs item: the part of the change set (changeset.ts) that compares cell
 * order.
 */

/** Whether two cell maps (of two replicas) are the same Yjs item. */
export function sameItem(
  a: Y.AbstractType<any>,
  b: Y.AbstractType<any>
): boolean {
  const x = typeIdOf(a);
  const y = typeIdOf(b);
  return !!x && !!y && Y.compareIDs(x, y);
}

/**
 * The cells the branch moved. YNotebook moves a cell by deleting it and
 * inserting a copy, so only cells the branch recreated can have moved (a
 * retype recreates one too); the cells it did not recreate keep their order
 * on both sides. A recreated cell moved when the nearest such fixed cell
 * before it differs between the notebook and the branch; recreated cells
 * between the same two fixed cells on both sides moved when they are not in
 * the longest run that keeps their order.
 */
export function movedCells(
  mainDoc: Y.Doc,
  branchDoc: Y.Doc,
  touched: ReadonlySet<string>,
  main: ReturnType<typeof indexCells>,
  proposed: ReturnType<typeof indexCells>
): Set<string> {
  const recreated = new Set<string>();
  for (const id of touched) {
    const m = main.get(id);
    const b = proposed.get(id);
    if (m && b && !sameItem(m.cell, b.cell)) {
      recreated.add(id);
    }
  }
  const out = new Set<string>();
  if (!recreated.size) {
    return out;
  }
  // Each recreated cell's slot: the fixed cell before it, on each side.
  const slots = (cells: any[]): Map<string, string | null> => {
    const slot = new Map<string, string | null>();
    let fixed: string | null = null;
    for (const cell of cells) {
      const id = cellIdOf(cell);
      if (recreated.has(id)) {
        slot.set(id, fixed);
      } else if (main.has(id) && proposed.has(id)) {
        fixed = id;
      }
    }
    return slot;
  };
  const mainSlot = slots(cellsOf(mainDoc).toArray());
  const branchSlot = slots(cellsOf(branchDoc).toArray());
  const stay: string[] = [];
  for (const id of recreated) {
    if (mainSlot.get(id) !== branchSlot.get(id)) {
      out.add(id);
    } else {
      stay.push(id);
    }
  }
  // Within a slot, keep the longest run in the same order on both sides.
  const bySlot = new Map<string | null, string[]>();
  for (const id of stay) {
    const list = bySlot.get(mainSlot.get(id)!) ?? [];
    list.push(id);
    bySlot.set(mainSlot.get(id)!, list);
  }
  for (const ids of bySlot.values()) {
    if (ids.length < 2) {
      continue;
    }
    const inMain = [...ids].sort(
      (x, y) => main.get(x)!.index - main.get(y)!.index
    );
    const inBranch = [...ids].sort(
      (x, y) => proposed.get(x)!.index - proposed.get(y)!.index
    );
    const kept = longestCommonRun(inMain, inBranch);
    ids.filter(id => !kept.has(id)).forEach(id => out.add(id));
  }
  return out;
}

/** The longest common subsequence of two orders of the same ids. */
function longestCommonRun(a: string[], b: string[]): Set<string> {
  return new Set(commonRun(a, b, (x, y) => x === y).map(([id]) => id));
}
