import type { Contents } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';

import {
  hasIds,
  IAuthor,
  INotebookJSON,
  suggestNotebook
} from '../core/suggestions';
import type { NotebookSuggestions } from './notebookSuggestions';

/** What "open as suggestion" needs of a notebook's suggestions. */
export type ISuggestionsTarget = Pick<
  NotebookSuggestions,
  'notebook' | 'manager'
>;

/**
 * "Open as suggestion": another version of a notebook (a copy, a colleague's
 * file, a script's output) made into a suggestion on the open notebook,
 * authored as that file, then reviewed like any other. Returns what to tell
 * the user.
 */
export async function openAsSuggestion(options: {
  suggestions: ISuggestionsTarget;
  contents: Contents.IManager;
  path: string;
  trans: TranslationBundle;
}): Promise<string> {
  const { suggestions, contents, path, trans } = options;
  const model = await contents.get(path, { content: true, type: 'notebook' });
  return suggestVersion({
    suggestions,
    proposed: model.content,
    author: fileAuthor(path),
    label: path,
    trans
  });
}

/**
 * The difference from the open notebook to `proposed` (another version of
 * it: a file, a checkpoint) made into a suggestion authored as `author`,
 * cells matched by id when both have real ones and by source alignment
 * otherwise. `label` names that version in the message returned.
 */
export function suggestVersion(options: {
  suggestions: ISuggestionsTarget;
  proposed: unknown;
  author: IAuthor;
  label: string;
  trans: TranslationBundle;
}): string {
  const { suggestions, author, label, trans } = options;
  const proposed = options.proposed as INotebookJSON | null;
  if (!proposed || !Array.isArray(proposed.cells)) {
    return trans.__('%1 is not a notebook.', label);
  }
  const notebook = suggestions.notebook;
  // Ids mean the same cells only when both files have real ones: below 4.5
  // JupyterLab drew the open notebook's ids at load.
  const useIds =
    hasIds(proposed) && notebook.nbformat === 4 && notebook.nbformat_minor >= 5;
  const branch = suggestions.manager.branchFor(author);
  const edits = suggestNotebook(branch, proposed, useIds);
  const count = branch.changes().length;
  if (!count) {
    return trans.__(
      'No difference: %1 is the same as this notebook, nothing to suggest.',
      label
    );
  }
  const made =
    edits.inserted +
    edits.deleted +
    edits.moved +
    edits.retyped +
    edits.edited +
    edits.metadata +
    (edits.notebookMetadata ? 1 : 0);
  if (!made) {
    // The same version opened again: its suggestion is already there.
    return trans.__(
      '%1 is already suggested: review it in the Suggestions panel.',
      label
    );
  }
  return trans._n(
    '%2 suggests %1 change (%3 inserted, %4 deleted, %5 moved, %6 edited).',
    '%2 suggests %1 changes (%3 inserted, %4 deleted, %5 moved, %6 edited).',
    count,
    label,
    edits.inserted,
    edits.deleted,
    edits.moved,
    edits.edited
  );
}

/** The author of a suggestion from a file: the file, one colour per path. */
export function fileAuthor(path: string): IAuthor {
  return {
    id: `file:${encodeURIComponent(path)}`,
    name: path.split('/').pop() || path,
    color: colorOf(path)
  };
}

/** A colour drawn from a string, the same for the same string. */
export function colorOf(text: string): string {
  let hash = 0;
  for (let k = 0; k < text.length; k++) {
    hash = (Math.imul(hash, 31) + text.charCodeAt(k)) | 0;
  }
  return `hsl(${Math.abs(hash) % 360}, 55%, 45%)`;
}
