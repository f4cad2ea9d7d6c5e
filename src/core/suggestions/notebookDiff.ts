import type { Branch } from './branch';
import {
  cellsOf,
  metadataOf,
  nbformatOf,
  notebookMetadataOf,
  sameJson,
  writeMetadata
} from './cells';
import { diffLines, splitLines } from './linediff';
import { commonRun } from './sequence';

/**
 * The difference of two versions of a notebook, made into a suggestion:
 * "Open as suggestion" and the command-line tool (bin/coauthor-suggest.mjs)
 * edit a branch of the first version until it is the second.
 *
 * Cells are matched by id when both versions have ids (nbformat 4.5), then
 * by source: the longest run of identical sources in order, then identical
 * sources out of order (moves, not a delete and an insert), then, between
 * two matched cells, the most similar remaining source (an edit). What is
 * left is deleted or inserted. Outputs and execution counts are not
 * suggested: a suggestion proposes what people write.
 */

/** A cell as .ipynb JSON has it (the fields a suggestion looks at). */
export interface INotebookCellJSON {
  id?: string;
  cell_type: string;
  source: string | string[];
  metadata?: Record<string, unknown>;
  attachments?: unknown;
}

/** A notebook as .ipynb JSON has it. */
export interface INotebookJSON {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: INotebookCellJSON[];
}

/**
 * A cell's metadata as JupyterLab holds it once loaded: `@jupyter/ydoc` 4.2
 * (`YCell.setMetadata` with an object, which `createCell` calls) copies
 * `collapsed` into `jupyter.outputs_hidden`, or back. Suggesting the file's
 * metadata as it is would propose to undo that copy in every such cell.
 */
export function loadedMetadata(
  metadata: Record<string, unknown> | undefined
): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(metadata ?? {}));
  if (copy.collapsed !== null && copy.collapsed !== undefined) {
    copy.jupyter = copy.jupyter || {};
    copy.jupyter.outputs_hidden = copy.collapsed;
  } else if (
    copy.jupyter?.outputs_hidden !== null &&
    copy.jupyter?.outputs_hidden !== undefined
  ) {
    copy.collapsed = copy.jupyter.outputs_hidden;
  }
  return copy;
}

/** A cell to match: its id (when the format has ids), type and source. */
export interface IMatchCell {
  id?: string;
  type: string;
  source: string;
}

/** The source of a cell of .ipynb JSON (a string or a list of lines). */
export function sourceText(source: string | string[] | undefined): string {
  return Array.isArray(source) ? source.join('') : (source ?? '');
}

/**
 * For each proposed cell, the index of the base cell it is (null: a new
 * cell). `useIds`: match by id first (both versions have real ids).
 */
export function matchCells(
  base: IMatchCell[],
  proposed: IMatchCell[],
  useIds: boolean
): (number | null)[] {
  const match: (number | null)[] = proposed.map(() => null);
  const used = new Set<number>();
  const take = (p: number, b: number) => {
    match[p] = b;
    used.add(b);
  };
  if (useIds) {
    const byId = new Map<string, number>();
    base.forEach((cell, k) => {
      if (cell.id && !byId.has(cell.id)) {
        byId.set(cell.id, k);
      }
    });
    proposed.forEach((cell, k) => {
      const b = cell.id ? byId.get(cell.id) : undefined;
      if (b !== undefined && !used.has(b)) {
        take(k, b);
      }
    });
  }
  // Identical sources, in order.
  const freeBase = () => base.map((_, k) => k).filter(k => !used.has(k));
  const freeProposed = () =>
    proposed.map((_, k) => k).filter(k => match[k] === null);
  for (const [p, b] of commonRun(
    freeProposed(),
    freeBase(),
    (p, b) => proposed[p].source === base[b].source
  )) {
    take(p, b);
  }
  // Identical sources out of order: moves. Only a source that is unique
  // among the cells left on both sides, so that no move is a guess.
  const count = (ids: number[], cells: IMatchCell[]) => {
    const out = new Map<string, number>();
    ids.forEach(k =>
      out.set(cells[k].source, (out.get(cells[k].source) ?? 0) + 1)
    );
    return out;
  };
  {
    const bs = freeBase();
    const ps = freeProposed();
    const inBase = count(bs, base);
    const inProposed = count(ps, proposed);
    for (const p of ps) {
      const source = proposed[p].source;
      if (inBase.get(source) === 1 && inProposed.get(source) === 1) {
        take(
          p,
          bs.find(b => base[b].source === source)!
        );
      }
    }
  }
  // Edits: between two matched cells, the most similar remaining source;
  // where as many cells are left on both sides, a lower bar (a cell edited
  // in place is the likeliest reading of a one-for-one gap).
  for (const p of freeProposed()) {
    let low = -1;
    for (let k = p - 1; k >= 0; k--) {
      if (match[k] !== null) {
        low = match[k]!;
        break;
      }
    }
    let high = base.length;
    for (let k = p + 1; k < proposed.length; k++) {
      if (match[k] !== null) {
        high = match[k]!;
        break;
      }
    }
    let free = 0;
    for (let b = low + 1; b < high; b++) {
      free += used.has(b) ? 0 : 1;
    }
    let gap = 0;
    for (let k = p; k < proposed.length && match[k] === null; k++) {
      gap++;
    }
    for (let k = p - 1; k >= 0 && match[k] === null; k--) {
      gap++;
    }
    let best = -1;
    let bestScore = free === gap ? SIMILAR_IN_PLACE : SIMILAR;
    for (let b = low + 1; b < high; b++) {
      if (used.has(b)) {
        continue;
      }
      const score = similarity(base[b].source, proposed[p].source);
      if (score >= bestScore && (best < 0 || score > bestScore)) {
        best = b;
        bestScore = score;
      }
    }
    if (best >= 0) {
      take(p, best);
    }
  }
  return match;
}

/**
 * How alike two sources must be to be one cell edited (a share of their
 * lines, or of their characters for a short text, in common).
 */
const SIMILAR = 0.5;

/** The bar for a gap with as many cells left on both sides. */
const SIMILAR_IN_PLACE = 0.2;

/** How alike two texts are, 0 to 1: their share of common lines or ends. */
export function similarity(a: string, b: string): number {
  if (a === b) {
    return 1;
  }
  // Lines compared without the last one's missing line break: text added
  // after a cell's last line leaves that line the same.
  const ended = (t: string) => (t && !t.endsWith('\n') ? `${t}\n` : t);
  const total = splitLines(a).length + splitLines(b).length;
  let lines = 0;
  if (total) {
    const changed = diffLines(ended(a), ended(b)).reduce(
      (n, h) => n + h.baseLines.length + h.proposedLines.length,
      0
    );
    lines = (total - changed) / total;
  }
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) {
    prefix++;
  }
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  const chars = (2 * (prefix + suffix)) / (a.length + b.length || 1);
  return Math.max(lines, chars);
}

/** What `suggestNotebook` did, per kind of edit. */
export interface ISuggestedEdits {
  inserted: number;
  deleted: number;
  moved: number;
  retyped: number;
  edited: number;
  metadata: number;
  notebookMetadata: boolean;
}

/**
 * Edit a branch until its notebook is `proposed` (cells, their types,
 * sources and metadata, the notebook's metadata): the difference becomes
 * the branch's suggestion, one chain per cell as if typed. `useIds`: the
 * branch's notebook and `proposed` both have real cell ids (nbformat 4.5
 * files), so cells are matched by id first.
 */
export function suggestNotebook(
  branch: Branch,
  proposed: INotebookJSON,
  useIds: boolean
): ISuggestedEdits {
  const doc = branch.doc;
  const edits: ISuggestedEdits = {
    inserted: 0,
    deleted: 0,
    moved: 0,
    retyped: 0,
    edited: 0,
    metadata: 0,
    notebookMetadata: false
  };
  const base: IMatchCell[] = doc.cells.map(c => ({
    id: c.getId(),
    type: c.cell_type,
    source: c.getSource()
  }));
  const wanted: IMatchCell[] = proposed.cells.map(c => ({
    id: c.id,
    type: c.cell_type,
    source: sourceText(c.source)
  }));
  const match = matchCells(base, wanted, useIds);
  const kept = new Set(match.filter((b): b is number => b !== null));

  // Deletes, from the end so the indices stay valid.
  for (let b = base.length - 1; b >= 0; b--) {
    if (!kept.has(b)) {
      branch.transactCell(null, () => doc.deleteCell(b));
      edits.deleted++;
    }
  }

  // Order: the cells that keep their order stay; the others move to just
  // after the cell they follow in `proposed`, new cells are inserted there.
  const stay = new Set(
    commonRun(
      match.filter((b): b is number => b !== null),
      [...kept].sort((x, y) => x - y),
      (x, y) => x === y
    ).map(([x]) => x)
  );
  const indexOf = (id: string) => doc.cells.findIndex(c => c.getId() === id);
  const existing = new Set(base.map(c => c.id));
  const ids: string[] = [];
  proposed.cells.forEach((cell, p) => {
    const b = match[p];
    const previous = p > 0 ? indexOf(ids[p - 1]) : -1;
    if (b === null) {
      const id = cell.id && !existing.has(cell.id) ? cell.id : undefined;
      const metadata = loadedMetadata(cell.metadata);
      branch.transactCell(null, () => {
        const inserted = doc.insertCell(previous + 1, {
          ...(id ? { id } : {}),
          cell_type: cell.cell_type as any,
          source: sourceText(cell.source),
          metadata: metadata as any,
          ...(cell.attachments ? { attachments: cell.attachments } : {})
        } as any);
        // `YCell.setMetadata` couples `collapsed` and
        // `jupyter.outputs_hidden`: keep the keys as the file has them.
        writeMetadata(
          cellsOf(doc.ydoc)
            .get(previous + 1)
            .get('metadata'),
          metadata,
          Object.keys(inserted.getMetadata())
        );
      });
      ids.push(doc.cells[previous + 1].getId());
      existing.add(ids[p]);
      edits.inserted++;
      return;
    }
    const id = base[b].id!;
    ids.push(id);
    if (!stay.has(b)) {
      const at = indexOf(id);
      const to = at < previous ? previous : previous + 1;
      if (to !== at) {
        branch.transactCell(null, () => doc.moveCell(at, to));
        edits.moved++;
      }
    }
  });

  // Cell content: types, sources, metadata.
  proposed.cells.forEach((cell, p) => {
    if (match[p] === null) {
      return;
    }
    const id = ids[p];
    const metadata = loadedMetadata(cell.metadata);
    let at = indexOf(id);
    if (doc.cells[at].cell_type !== cell.cell_type) {
      const json = doc.cells[at].toJSON();
      branch.transactCell(null, () => {
        doc.deleteCell(at);
        doc.insertCell(at, {
          id,
          cell_type: cell.cell_type as any,
          source: json.source,
          metadata: json.metadata
        } as any);
      });
      at = indexOf(id);
      edits.retyped++;
    }
    const target = sourceText(cell.source);
    const current = doc.cells[at].getSource();
    if (current !== target) {
      const shared = doc.cells[at];
      branch.transactCell(id, () => {
        for (const hunk of diffLines(current, target).reverse()) {
          shared.updateSource(
            hunk.baseFrom,
            hunk.baseTo,
            hunk.proposedLines.join('')
          );
        }
      });
      edits.edited++;
    }
    const map = cellsOf(doc.ydoc).get(at);
    const now = metadataOf(map);
    if (!sameJson(now, metadata)) {
      branch.transactCell(id, () =>
        writeMetadata(map.get('metadata'), metadata, Object.keys(now))
      );
      edits.metadata++;
    }
  });

  // The notebook's metadata (less our own record), and a newer nbformat.
  const current = notebookMetadataOf(doc.ydoc);
  const target = { ...proposed.metadata };
  delete target['coauthor'];
  delete target['orig_nbformat'];
  // JupyterLab adds these two to every notebook it loads or saves
  // (`NotebookModel._ensureMetadata`): a file without them proposes no
  // removal.
  for (const key of ['language_info', 'kernelspec']) {
    if (target[key] === undefined && current[key] !== undefined) {
      target[key] = current[key];
    }
  }
  const [major, minor] = nbformatOf(doc.ydoc);
  const upgrade =
    proposed.nbformat === major && proposed.nbformat_minor > minor;
  if (!sameJson(current, target) || upgrade) {
    branch.transactCell(null, () => {
      const meta = doc.ydoc.getMap<any>('meta');
      writeMetadata(meta.get('metadata'), target, Object.keys(current));
      if (upgrade) {
        meta.set('nbformat_minor', proposed.nbformat_minor);
      }
    });
    edits.notebookMetadata = true;
  }
  return edits;
}
