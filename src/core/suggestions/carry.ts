import * as Y from 'yjs';

import {
  cellIdOf,
  cellsOf,
  indexCells,
  metadataOf,
  sameJson,
  sourceOf,
  writeMetadata
} from './cells';
import { diffLines } from './linediff';
import { rebaseEdits } from './rebase';
import { IChainEntry, NOTEBOOK_CELL } from './types';

/**
 * A branch's edits carried onto cells that changed under them: a cell the
 * notebook recreated (a move or a retype by this peer), and the text edits
 * kept through a reject (`Branch.drop`). Free functions of the documents;
 * the edits are made through `transact`, which files them in the cell's
 * chain, dated `time`.
 */

/** Run `fn` (edits of the branch) in the chain of `cellId`, dated `time`. */
export type TransactAt = (
  cellId: string,
  time: number | null,
  fn: () => void
) => void;

/** A cell of the branch as it was before the notebook's update. */
export interface ICellNow {
  cell: Y.Map<any>;
  source: string;
  metadata: Record<string, unknown>;
}

/** A cell's text without and with entries kept through a drop. */
export interface IKeptText {
  base: string;
  ours: string;
  time: number;
}

/** The branch's cells among `touched`, as they are now. */
export function touchedCellsNow(
  doc: Y.Doc,
  touched: ReadonlySet<string>
): Map<string, ICellNow> {
  const out = new Map<string, ICellNow>();
  if (touched.size === 0) {
    return out;
  }
  for (const [id, { cell }] of indexCells(doc)) {
    if (touched.has(id)) {
      out.set(id, {
        cell,
        source: sourceOf(cell),
        metadata: metadataOf(cell)
      });
    }
  }
  return out;
}

/**
 * Carry the branch's edits of each recreated cell over to its copy.
 *
 * YNotebook moves and retypes a cell by deleting it and inserting a copy
 * of its JSON. Followed into the branch, the copy has the notebook's text:
 * the branch's operations stay in the deleted original, and the edit was
 * silently gone from the suggestion. The branch's text of the cell just
 * before (`before`) is the notebook's plus the branch's edits (the branch
 * follows every notebook update), so its difference from the copy is
 * exactly those edits: they are written onto the copy as new operations of
 * the cell's chain, dated as the edits were (`lastTimeOf`).
 */
export function carryOver(
  doc: Y.Doc,
  before: Map<string, ICellNow>,
  lastTimeOf: (cellId: string) => number | null,
  transact: TransactAt
): void {
  const cells = cellsOf(doc);
  const all = cells.toArray();
  for (const [id, was] of before) {
    const copy = all.find(c => c !== was.cell && cellIdOf(c) === id);
    if (!copy) {
      continue; // not recreated (or deleted: a conflict, see changeset.ts)
    }
    // The branch had recreated the cell itself (moved or retyped it: its
    // own copy is still there) and now the notebook recreated its original
    // too, whose copy the branch just followed: the cell was there twice in
    // the branch, and so in the document shown while suggesting (the random
    // browser test's seed 11: a suggested move, then a retype in editing
    // mode). Fold the branch's copy onto the notebook's: delete it, and
    // write its text and metadata onto the notebook's copy like any carried
    // edit. The notebook's move or retype stands; the branch's own move or
    // retype of this cell yields to it, its edits are kept.
    const folds = all.includes(was.cell);
    const text = copy.get('source');
    const metadata = copy.get('metadata');
    const sourceDiffers =
      text instanceof Y.Text && text.toString() !== was.source;
    const metadataDiffers =
      metadata instanceof Y.Map && !sameJson(metadata.toJSON(), was.metadata);
    if (!folds && !sourceDiffers && !metadataDiffers) {
      continue;
    }
    transact(id, lastTimeOf(id), () => {
      if (folds) {
        // Found now: an earlier fold in this loop may have moved it.
        cells.delete(cells.toArray().indexOf(was.cell), 1);
      }
      if (sourceDiffers) {
        for (const hunk of diffLines(text.toString(), was.source).reverse()) {
          text.delete(hunk.baseFrom, hunk.baseTo - hunk.baseFrom);
          text.insert(hunk.baseFrom, hunk.proposedLines.join(''));
        }
      }
      if (metadataDiffers) {
        writeMetadata(
          metadata,
          was.metadata,
          [...metadata.keys()].filter(k => !(k in was.metadata))
        );
      }
    });
  }
}

/**
 * For each cell that entries to keep through a drop edited: its text
 * without them (what the reject saw: the notebook plus the other remaining
 * entries) and with them (what the author sees, `branchDoc`), both over the
 * notebook as it is now, and when they were made.
 */
export function keepTexts(
  notebookDoc: Y.Doc,
  branchDoc: Y.Doc,
  entries: readonly IChainEntry[],
  keep: readonly IChainEntry[]
): Map<string, IKeptText> {
  const kept = new Set(keep);
  const out = new Map<string, IKeptText>();
  const cells = new Set(
    keep.flatMap(e => e.cells).filter(c => c !== NOTEBOOK_CELL)
  );
  if (!cells.size) {
    return out;
  }
  const without = new Y.Doc({ gc: false });
  Y.applyUpdate(without, Y.encodeStateAsUpdate(notebookDoc));
  const rest = entries.filter(e => !kept.has(e)).map(e => e.update);
  if (rest.length) {
    Y.applyUpdate(without, Y.mergeUpdates(rest));
  }
  const seen = indexCells(without);
  const now = indexCells(branchDoc);
  for (const id of cells) {
    const ours = now.get(id);
    const base = seen.get(id);
    if (ours && base && sourceOf(ours.cell) !== sourceOf(base.cell)) {
      out.set(id, {
        base: sourceOf(base.cell),
        ours: sourceOf(ours.cell),
        time: Math.max(
          ...keep.filter(e => e.cells.includes(id)).map(e => e.time)
        )
      });
    }
  }
  without.destroy();
  return out;
}

/**
 * Make kept text edits again on the rebuilt branch (see `Branch.drop`):
 * each cell's edits moved through what the drop removed (`rebaseEdits`), as
 * a new operation of the cell's chain, dated as they were made. Returns the
 * cells no longer in the branch.
 */
export function rewrite(
  doc: Y.Doc,
  texts: Map<string, IKeptText>,
  transact: TransactAt
): string[] {
  const lost: string[] = [];
  for (const [id, { base, ours, time }] of texts) {
    const text = indexCells(doc).get(id)?.cell.get('source');
    if (!(text instanceof Y.Text)) {
      lost.push(id);
      continue;
    }
    const edits = rebaseEdits(base, ours, text.toString());
    if (!edits.length) {
      continue;
    }
    transact(id, time, () => {
      for (const edit of edits) {
        text.delete(edit.from, edit.to - edit.from);
        text.insert(edit.from, edit.insert);
      }
    });
  }
  return lost;
}
