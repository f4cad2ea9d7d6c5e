import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { TranslationBundle } from '@jupyterlab/translation';

import { authorOf, IStorageLike } from '../core/author';
import type { IAuthor } from '../core/suggestions/types';

/**
 * The user of this page, as the author of their suggestions and chat
 * messages: the Jupyter server's user, or in JupyterLite (no user identity)
 * an anonymous author kept in this browser's localStorage (`authorOf`).
 */
export function currentAuthor(
  app: JupyterFrontEnd,
  trans: TranslationBundle
): IAuthor {
  return authorOf(app.serviceManager.user.identity, browserStorage(), nick =>
    trans.__('Anonymous %1', nick)
  );
}

/** localStorage, unless the browser refuses it (it may throw on access). */
function browserStorage(): IStorageLike | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
