import { YNotebook } from '@jupyter/ydoc';

import { SuggestionManager } from './manager';
import {
  INotebookJSON,
  ISuggestedEdits,
  suggestNotebook
} from './notebookDiff';
import type { IAuthor } from './types';

/**
 * Two notebook files made into a suggestion saved into the first: the code
 * of the command-line tool (bin/coauthor-suggest.mjs), on .ipynb JSON, with
 * no JupyterLab. Whoever opens the result in JupyterLab sees the difference
 * as a suggestion by `author`, reviewed like any other.
 *
 * The first file is opened the way JupyterLab opens it (`openAsJupyterLab`),
 * so that what is saved is what JupyterLab will load; saving the suggestion
 * upgrades a file below nbformat 4.5 to 4.5 (its cells get ids, which the
 * saved records name them by), as saving one in JupyterLab does.
 */
export function suggestInto(
  notebook: INotebookJSON,
  proposed: INotebookJSON,
  author: IAuthor
): { notebook: INotebookJSON; edits: ISuggestedEdits; changes: number } {
  const doc = openAsJupyterLab(notebook);
  const useIds = hasIds(notebook) && hasIds(proposed);
  const manager = new SuggestionManager({ notebook: doc, saveDelay: 1e9 });
  try {
    const branch = manager.branchFor(author);
    const edits = suggestNotebook(branch, proposed, useIds);
    const changes = branch.changes().length;
    manager.save();
    return {
      notebook: doc.toJSON() as unknown as INotebookJSON,
      edits,
      changes
    };
  } finally {
    manager.dispose();
    doc.dispose();
  }
}

/** Whether a notebook file has cell ids: nbformat 4.5 and later. */
export function hasIds(notebook: INotebookJSON): boolean {
  return (
    notebook.nbformat > 4 ||
    (notebook.nbformat === 4 && notebook.nbformat_minor >= 5)
  );
}

/**
 * A notebook document made from .ipynb JSON the way JupyterLab 4 makes it
 * (`@jupyterlab/notebook` 4.6 `NotebookModel.fromJSON`): nbformat 4.0–4.3
 * raised to 4.4, a cell added to an empty notebook, `language_info` and
 * `kernelspec` added when missing; `@jupyter/ydoc` 4.2 then drops the ids
 * below 4.5 (every cell gets a fresh one).
 */
export function openAsJupyterLab(json: INotebookJSON): YNotebook {
  const copy = JSON.parse(JSON.stringify(json));
  copy.nbformat = Math.max(copy.nbformat ?? 4, 4);
  if ((copy.nbformat_minor ?? 0) < 4) {
    copy.nbformat_minor = 4;
  }
  copy.metadata = copy.metadata ?? {};
  if (!copy.cells?.length) {
    copy.cells = [
      { cell_type: 'code', source: '', metadata: { trusted: true } }
    ];
  }
  const doc = YNotebook.create({ data: copy });
  if (!doc.getMetadata('language_info')) {
    doc.setMetadata('language_info', { name: '' });
  }
  if (!doc.getMetadata('kernelspec')) {
    doc.setMetadata('kernelspec', { name: '', display_name: '' });
  }
  return doc;
}
