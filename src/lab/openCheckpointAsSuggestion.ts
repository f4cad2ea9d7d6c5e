import type { Contents } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';

import type { IAuthor } from '../core/suggestions';
import {
  colorOf,
  ISuggestionsTarget,
  suggestVersion
} from './openAsSuggestion';

/**
 * The route of the package's server extension (jupyterlab_coauthor/
 * checkpoints.py) that serves a checkpoint's content, which Jupyter Server's
 * own API lists but never gives: `GET {base}/coauthor/api/checkpoints/{path}?id=`.
 */
export const CHECKPOINT_ROUTE = 'coauthor/api/checkpoints';

/** The URL of one checkpoint's content, under the server's base URL. */
export function checkpointUrl(
  baseUrl: string,
  path: string,
  id: string
): string {
  const parts = path.split('/').filter(Boolean).map(encodeURIComponent);
  return `${baseUrl.replace(/\/*$/, '/')}${CHECKPOINT_ROUTE}/${parts.join(
    '/'
  )}?id=${encodeURIComponent(id)}`;
}

/** Where a notebook's checkpoints come from. */
export interface ICheckpointReader {
  /** The checkpoints of the notebook (the contents API's list). */
  list(): Promise<Contents.ICheckpointModel[]>;
  /** The server extension's response for one checkpoint's content. */
  read(id: string): Promise<Response>;
  /**
   * Which checkpoint, when there are several (given newest first): JupyterLab's
   * own "Revert to Checkpoint" asks; null when the user cancels.
   */
  choose(
    checkpoints: Contents.ICheckpointModel[]
  ): Promise<Contents.ICheckpointModel | null>;
}

/** What to tell the user, and how loudly. */
export interface IOutcome {
  message: string;
  level: 'info' | 'warning' | 'error';
}

/**
 * "Open Last Checkpoint as Suggestion": the difference from the open notebook
 * back to its last checkpoint (what "Revert Notebook to Checkpoint" would
 * restore) made into a suggestion authored as that checkpoint, so that a
 * revert can be reviewed and taken cell by cell. Null when the user cancelled
 * the choice of a checkpoint.
 */
export async function openCheckpointAsSuggestion(options: {
  suggestions: ISuggestionsTarget;
  /** The notebook's path on the server. */
  path: string;
  reader: ICheckpointReader;
  trans: TranslationBundle;
  /** A checkpoint's time as its author's name shows it ("12:03"). */
  formatTime: (lastModified: string) => string;
}): Promise<IOutcome | null> {
  const { suggestions, path, reader, trans, formatTime } = options;
  const checkpoints = [...(await reader.list())].sort(
    (a, b) => Date.parse(b.last_modified) - Date.parse(a.last_modified)
  );
  if (!checkpoints.length) {
    return {
      level: 'warning',
      message: trans.__(
        '%1 has no checkpoint yet: save the notebook first (Save Notebook, Ctrl+S, creates one).',
        path.split('/').pop() || path
      )
    };
  }
  const checkpoint =
    checkpoints.length === 1
      ? checkpoints[0]
      : await reader.choose(checkpoints);
  if (!checkpoint) {
    return null;
  }
  const response = await reader.read(checkpoint.id);
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    // Only the handler answers with JSON: a 404 without it is the route
    // missing, i.e. the server extension is not enabled on this server.
    if (response.status === 404 && !body?.message) {
      return {
        level: 'error',
        // Short enough for a toast (JupyterLab cuts them at 140 characters).
        message: trans.__(
          'Checkpoints need the server extension: run "jupyter server extension enable jupyterlab_coauthor", then restart Jupyter.'
        )
      };
    }
    return {
      level: 'error',
      message: trans.__(
        'Cannot read the checkpoint of %1: %2',
        path,
        body?.message || `HTTP ${response.status} ${response.statusText}`
      )
    };
  }
  const label = trans.__(
    'Last checkpoint (%1)',
    formatTime(checkpoint.last_modified)
  );
  const message = suggestVersion({
    suggestions,
    proposed: body?.content,
    author: checkpointAuthor(path, checkpoint, label),
    label,
    trans
  });
  return { level: 'info', message };
}

/**
 * The author of a suggestion from a checkpoint: one per checkpoint (path and
 * time), so that a newer checkpoint is a suggestion of its own.
 */
export function checkpointAuthor(
  path: string,
  checkpoint: Contents.ICheckpointModel,
  name: string
): IAuthor {
  const key = `${path}@${checkpoint.id}@${checkpoint.last_modified}`;
  return {
    id: `checkpoint:${encodeURIComponent(key)}`,
    name,
    color: colorOf(key)
  };
}
