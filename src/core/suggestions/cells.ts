import * as Y from 'yjs';

import { isTransacting, lastValueOf } from '../internals/yjs';
import { METADATA_KEY } from '../metadata';

/**
 * Raw access to the notebook structure inside a `Y.Doc`, as `@jupyter/ydoc`
 * lays it out: a root `Y.Array` 'cells' of `Y.Map`s, each with 'id',
 * 'cell_type', a `Y.Text` 'source' and 'metadata'. Reading the Y types
 * directly (rather than through a `YNotebook`) lets a branch be a plain
 * `Y.Doc` until someone needs to edit it through the notebook API, which
 * keeps a fork as cheap as Yjs's own encode and apply.
 */

/** The cells array of a notebook document. */
export function cellsOf(doc: Y.Doc): Y.Array<Y.Map<any>> {
  return doc.getArray<Y.Map<any>>('cells');
}

/**
 * A cell's nbformat id, read from the raw map entry so that it can be read
 * from a cell deleted in the current transaction too (branches keep deleted
 * content: their documents are not garbage-collected).
 */
export function cellIdOf(cell: Y.Map<any>): string {
  const live = cell.get('id');
  if (live !== undefined) {
    return String(live);
  }
  const last = lastValueOf(cell, 'id');
  return last === undefined ? '' : String(last);
}

/** A cell's source text. */
export function sourceOf(cell: Y.Map<any>): string {
  const source = cell.get('source');
  return source instanceof Y.Text ? source.toString() : String(source ?? '');
}

/** A cell's type. */
export function typeOf(cell: Y.Map<any>): string {
  return String(cell.get('cell_type') ?? 'code');
}

/** A cell's metadata as JSON. */
export function metadataOf(cell: Y.Map<any>): Record<string, unknown> {
  const metadata = cell.get('metadata');
  if (metadata instanceof Y.Map) {
    return metadata.toJSON();
  }
  return (metadata as Record<string, unknown>) ?? {};
}

/** Where each cell of a document is, by id. */
export interface ICellIndex {
  /** The cells by id, with their index (the first, for a duplicate id). */
  byId: ReadonlyMap<string, { cell: Y.Map<any>; index: number }>;
  /** The ids present more than once (the core never creates them). */
  twice: ReadonlySet<string>;
  /** Every cell's id in document order, duplicates included. */
  order: readonly string[];
}

/**
 * The cells of a document by id. Reading every cell's id is the one pass
 * over a whole notebook that a change set needs, so the index is kept per
 * document until its cells array changes (cells inserted, deleted, moved):
 * typing in cells does not touch it. Inside a transaction, or while one is
 * being cleaned up, it is built afresh, since the cache may not have heard
 * of the change yet.
 */
export function cellIndex(doc: Y.Doc): ICellIndex {
  const busy = isTransacting(doc);
  if (!busy) {
    const known = indexCache.get(doc);
    if (known) {
      return known;
    }
  }
  const byId = new Map<string, { cell: Y.Map<any>; index: number }>();
  const twice = new Set<string>();
  const order: string[] = [];
  cellsOf(doc).forEach((cell, index) => {
    const id = cellIdOf(cell);
    order.push(id);
    if (byId.has(id)) {
      twice.add(id);
    } else {
      byId.set(id, { cell, index });
    }
  });
  const built = { byId, twice, order };
  if (!busy) {
    const cells = cellsOf(doc);
    if (!watched.has(cells)) {
      watched.add(cells);
      cells.observe(() => indexCache.delete(doc));
    }
    indexCache.set(doc, built);
  }
  return built;
}

const indexCache = new WeakMap<Y.Doc, ICellIndex>();
const watched = new WeakSet<Y.Array<Y.Map<any>>>();

/** The cells of a document by id, with their index (see `cellIndex`). */
export function indexCells(
  doc: Y.Doc
): ReadonlyMap<string, { cell: Y.Map<any>; index: number }> {
  return cellIndex(doc).byId;
}

/**
 * The cell `Y.Map` that a Yjs type belongs to (the type itself, or one of
 * its ancestors whose parent is the cells array), or null.
 */
export function owningCell(
  type: Y.AbstractType<any> | null,
  cells: Y.Array<any>
): Y.Map<any> | null {
  let current: Y.AbstractType<any> | null = type;
  while (current) {
    const parent = current.parent as Y.AbstractType<any> | null;
    if (parent === cells) {
      return current as Y.Map<any>;
    }
    current = parent;
  }
  return null;
}

/** Plain JSON equality for metadata. */
export function sameJson(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'undefined';
  }
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  const keys = Object.keys(value as object)
    .filter(k => (value as any)[k] !== undefined)
    .sort();
  return `{${keys
    .map(k => `${JSON.stringify(k)}:${stableStringify((value as any)[k])}`)
    .join(',')}}`;
}

/** A notebook's metadata as JSON, less the `coauthor` record. */
export function notebookMetadataOf(doc: Y.Doc): Record<string, unknown> {
  const metadata = doc.getMap('meta').get('metadata');
  const json: Record<string, unknown> =
    metadata instanceof Y.Map ? metadata.toJSON() : { ...(metadata ?? {}) };
  delete json[METADATA_KEY];
  return json;
}

/** A notebook's nbformat version, `[major, minor]`. */
export function nbformatOf(doc: Y.Doc): [number, number] {
  const meta = doc.getMap('meta');
  return [
    Number(meta.get('nbformat') ?? 4),
    Number(meta.get('nbformat_minor') ?? 5)
  ];
}

/** The keys `proposed` sets to a new value and the keys it removes. */
export function metadataDiff(
  base: Record<string, unknown>,
  proposed: Record<string, unknown>
): { set: string[]; removed: string[] } {
  return {
    set: Object.keys(proposed).filter(k => !sameJson(base[k], proposed[k])),
    removed: Object.keys(base).filter(
      k => base[k] !== undefined && proposed[k] === undefined
    )
  };
}

/**
 * Bring a metadata map to `target` exactly: keys set where they differ, the
 * `removed` keys deleted. Written on the raw `Y.Map`, not through
 * `YCell.setMetadata`, which only sets keys and couples `collapsed` with
 * `jupyter.outputs_hidden` (@jupyter/ydoc 4.2): a saved record holds both
 * keys as they were, and writing one must not rewrite the other.
 */
export function writeMetadata(
  map: Y.Map<any>,
  target: Record<string, unknown>,
  removed: readonly string[]
): void {
  for (const [key, value] of Object.entries(target)) {
    if (value !== undefined && !sameJson(map.get(key), value)) {
      map.set(key, value);
    }
  }
  for (const key of removed) {
    if (map.has(key) && target[key] === undefined) {
      map.delete(key);
    }
  }
}
