/**
 * Shared set-up of the suggestion specs: small notebooks with known cell ids,
 * managers that are disposed after each test, replicas kept in sync, and a
 * reload through the ipynb JSON.
 */
import { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';

import { SuggestionManager } from '..';
import type { IAuthor } from '..';

export const alice: IAuthor = { id: 'alice', name: 'Alice', color: '#d33682' };
export const bob: IAuthor = { id: 'bob', name: 'Bob', color: '#268bd2' };
export const carol: IAuthor = { id: 'carol', name: 'Carol', color: '#859900' };

/** A cell of a test notebook. */
export interface ITestCell {
  id: string;
  source: string;
  type?: 'code' | 'markdown' | 'raw';
  metadata?: Record<string, unknown>;
}

/** What a test compares of a cell. */
export interface ICellView {
  id: string;
  type: string;
  source: string;
}

/** The three cells most specs start from. */
export const CELLS: ITestCell[] = [
  { id: 'a', source: 'x = 1\ny = 2\n' },
  { id: 'b', source: '# Title', type: 'markdown' },
  { id: 'c', source: 'print(x)' }
];

/** Disposed after each test (see `cleanup`). */
const opened: { dispose(): void }[] = [];

/** Dispose what the test opened; call it in `afterEach`. */
export function cleanup(): void {
  // Managers before the notebooks they listen to.
  for (const item of opened.splice(0).reverse()) {
    item.dispose();
  }
}

/** A notebook with the given cells, as JupyterLab opens one. */
export function makeNotebook(cells: ITestCell[] = CELLS): YNotebook {
  const notebook = YNotebook.create({
    disableDocumentWideUndoRedo: true,
    data: {
      cells: cells.map(cell => ({
        id: cell.id,
        cell_type: cell.type ?? 'code',
        source: cell.source,
        metadata: cell.metadata ?? {},
        ...((cell.type ?? 'code') === 'code'
          ? { outputs: [], execution_count: null }
          : {})
      })) as any
    }
  });
  notebook.undoManager.stopCapturing();
  opened.push(notebook);
  return notebook;
}

/**
 * A manager of a notebook, disposed after the test. By default it saves
 * only when asked to.
 */
export function manage(
  notebook: YNotebook,
  saveDelay = 1e9
): SuggestionManager {
  const manager = new SuggestionManager({ notebook, saveDelay });
  opened.push(manager);
  return manager;
}

/** A notebook with the given cells and its manager. */
export function setup(cells: ITestCell[] = CELLS): {
  notebook: YNotebook;
  manager: SuggestionManager;
} {
  const notebook = makeNotebook(cells);
  return { notebook, manager: manage(notebook) };
}

/** The cells of a notebook: id, type and source. */
export function cellsOf(notebook: YNotebook): ICellView[] {
  return notebook.cells.map(c => ({
    id: c.getId(),
    type: c.cell_type,
    source: c.getSource()
  }));
}

/** The cell ids of a notebook, in order. */
export function idsOf(notebook: YNotebook): string[] {
  return notebook.cells.map(c => c.getId());
}

/** The cell of a notebook with an nbformat id. */
export function cell(notebook: YNotebook, id: string) {
  const found = notebook.cells.find(c => c.getId() === id);
  if (!found) {
    throw new Error(`no cell ${id}`);
  }
  return found;
}

/** The index of the cell with an nbformat id. */
export function indexOf(notebook: YNotebook, id: string): number {
  return idsOf(notebook).indexOf(id);
}

/** Replace the first occurrence of `text` in a cell's source. */
export function replaceText(
  notebook: YNotebook,
  id: string,
  text: string,
  by: string
): void {
  const target = cell(notebook, id);
  const at = target.getSource().indexOf(text);
  if (at < 0) {
    throw new Error(`no ${JSON.stringify(text)} in cell ${id}`);
  }
  target.updateSource(at, at + text.length, by);
}

/** Retype a cell the way JupyterLab does: delete it, insert a copy. */
export function retype(
  notebook: YNotebook,
  id: string,
  type: 'code' | 'markdown' | 'raw'
): void {
  const at = indexOf(notebook, id);
  const json = notebook.cells[at].toJSON();
  notebook.transact(() => {
    notebook.deleteCell(at);
    notebook.insertCell(at, {
      id,
      cell_type: type,
      source: json.source,
      metadata: json.metadata
    } as any);
  });
}

/** Let the microtasks run (undoing an accept replays in one). */
export async function settle(): Promise<void> {
  for (let k = 0; k < 3; k++) {
    await Promise.resolve();
  }
}

/** A second replica of a notebook, kept in sync both ways. */
export function replicaOf(notebook: YNotebook): YNotebook {
  const other = new YNotebook({ disableDocumentWideUndoRedo: true });
  opened.push(other);
  connect(notebook.ydoc, other.ydoc);
  return other;
}

/** Keep two documents in sync both ways, as a server would. */
export function connect(a: Y.Doc, b: Y.Doc): void {
  const forward = (to: Y.Doc) => (update: Uint8Array, origin: unknown) => {
    if (origin !== connect) {
      Y.applyUpdate(to, update, connect);
    }
  };
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), connect);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b), connect);
  const ab = forward(b);
  const ba = forward(a);
  a.on('update', ab);
  b.on('update', ba);
  opened.push({
    dispose: () => {
      a.off('update', ab);
      b.off('update', ba);
    }
  });
}

/**
 * Save the suggestions, write the notebook as ipynb JSON, and open that JSON
 * as a new document with a manager of its own (records replayed).
 */
export function reload(
  notebook: YNotebook,
  manager: SuggestionManager
): { file: any; notebook: YNotebook; manager: SuggestionManager } {
  manager.save();
  const file = JSON.parse(JSON.stringify(notebook.toJSON()));
  const fresh = fromFile(file);
  return { file, notebook: fresh, manager: manage(fresh) };
}

/** A notebook document loaded from ipynb JSON (no manager yet). */
export function fromFile(file: any): YNotebook {
  const notebook = YNotebook.create({
    disableDocumentWideUndoRedo: true,
    data: JSON.parse(JSON.stringify(file))
  });
  notebook.undoManager.stopCapturing();
  opened.push(notebook);
  return notebook;
}

/** A summary of a manager's changes: id, kinds and conflict. */
export function summary(
  manager: SuggestionManager
): { cellId: string; kinds: string[]; conflict?: string }[] {
  return manager.changes().map(c => ({
    cellId: c.cellId,
    kinds: c.kinds,
    ...(c.conflict ? { conflict: c.conflict } : {})
  }));
}

/**
 * Open .ipynb JSON the way JupyterLab 4 does, checked against the versions
 * this package builds with: `@jupyterlab/notebook` 4.6 `NotebookModel.fromJSON`
 * raises nbformat 4.0–4.3 to 4.4 (`@jupyterlab/nbformat` MINOR_VERSION is 4;
 * 4.5 stays 4.5), adds a cell to an empty notebook, then `@jupyter/ydoc` 4.2
 * `YNotebook.fromJSON` drops `orig_nbformat` and, below 4.5, every cell's id
 * (`createCell` then draws a fresh uuid for each), and `_ensureMetadata`
 * adds `language_info` and `kernelspec` when missing.
 *
 * With `collaboration`, the document comes from jupyter-collaboration's
 * server instead (jupyter_ydoc's `YNotebook.set`): the same ids dropped and
 * drawn anew below 4.5, the nbformat version left as the file has it, no
 * cell added.
 */
export function loadAsJupyterLabDoes(
  json: any,
  options: { collaboration?: boolean } = {}
): YNotebook {
  const copy = JSON.parse(JSON.stringify(json));
  if (!options.collaboration) {
    copy.nbformat = Math.max(copy.nbformat, 4);
    if (copy.nbformat_minor < 4) {
      copy.nbformat_minor = 4;
    }
    if (!copy.cells?.length) {
      copy.cells = [
        { cell_type: 'code', source: '', metadata: { trusted: true } }
      ];
    }
  }
  const notebook = YNotebook.create({
    disableDocumentWideUndoRedo: true,
    data: copy
  });
  if (!options.collaboration) {
    ensureMetadata(notebook);
  }
  notebook.undoManager.stopCapturing();
  opened.push(notebook);
  return notebook;
}

/**
 * Save as JupyterLab does (`NotebookModel.toJSON`: `_ensureMetadata`, then
 * `YNotebook.toJSON`, which drops the ids below 4.5), through JSON text.
 */
export function saveAsJupyterLabDoes(notebook: YNotebook): any {
  ensureMetadata(notebook);
  return JSON.parse(JSON.stringify(notebook.toJSON()));
}

function ensureMetadata(notebook: YNotebook): void {
  if (!notebook.getMetadata('language_info')) {
    notebook.setMetadata('language_info', { name: '' });
  }
  if (!notebook.getMetadata('kernelspec')) {
    notebook.setMetadata('kernelspec', { name: '', display_name: '' });
  }
}
