import type { Contents } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';

import {
  hasIds,
  IAuthor,
  INotebookJSON,
  suggestNotebook
} from '../core/suggestions';
import type { NotebookSuggestions } from './notebookSuggestions';

/**
 * "Open as suggestion": another version of a notebook (a copy, a colleague's
 * file, a script's output) made into a suggestion on the open notebook,
 * authored as that file, then reviewed like any other. Returns what to tell
 * the user.
 */
export async function openAsSuggestion(options: {
  suggestions: Pick<NotebookSuggestions, 'notebook' | 'manager'>;
  contents: Contents.IManager;
  path: string;
  trans: TranslationBundle;
}): Promise<string> {
  const { suggestions, contents, path, trans } = options;
  const model = await contents.get(path, { content: true, type: 'notebook' });
  const proposed = model.content as INotebookJSON | null;
  if (!proposed || !Array.isArray(proposed.cells)) {
    return trans.__('%1 is not a notebook.', path);
  }
  const notebook = suggestions.notebook;
  // Ids mean the same cells only when both files have real ones: below 4.5
  // JupyterLab drew the open notebook's ids at load.
  const useIds =
    hasIds(proposed) && notebook.nbformat === 4 && notebook.nbformat_minor >= 5;
  const branch = suggestions.manager.branchFor(fileAuthor(path));
  const edits = suggestNotebook(branch, proposed, useIds);
  const count = branch.changes().length;
  if (!count) {
    return trans.__(
      '%1 is the same as this notebook: nothing to suggest.',
      path
    );
  }
  return trans._n(
    '%2 suggests %1 change (%3 inserted, %4 deleted, %5 moved, %6 edited).',
    '%2 suggests %1 changes (%3 inserted, %4 deleted, %5 moved, %6 edited).',
    count,
    path,
    edits.inserted,
    edits.deleted,
    edits.moved,
    edits.edited
  );
}

/** The author of a suggestion from a file: the file, one colour per path. */
export function fileAuthor(path: string): IAuthor {
  let hash = 0;
  for (let k = 0; k < path.length; k++) {
    hash = (Math.imul(hash, 31) + path.charCodeAt(k)) | 0;
  }
  return {
    id: `file:${encodeURIComponent(path)}`,
    name: path.split('/').pop() || path,
    color: `hsl(${Math.abs(hash) % 360}, 55%, 45%)`
  };
}
