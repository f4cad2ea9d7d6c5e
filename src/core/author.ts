import type { IAuthor } from './suggestions/types';

/** The fields of the Jupyter server's user identity (`User.IIdentity`) used. */
export interface IIdentityLike {
  username: string;
  name?: string;
  display_name?: string;
  color?: string;
}

/** A key-value store such as `window.localStorage`. */
export interface IStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Where a browser keeps its anonymous author (see `authorOf`). */
export const ANONYMOUS_AUTHOR_KEY = 'jupyterlab-coauthor:anonymous-author';

/**
 * Who writes from this page, as the author of suggestions and chat messages.
 *
 * The Jupyter server names every user (without a login, an anonymous name
 * per browser). JupyterLite has no user identity at all: there each browser
 * gets an anonymous author of its own, kept in `storage`, so that the
 * suggestions of two people who exchange a notebook file stay two
 * suggestions, each under its own name, and a reload keeps the name. Without
 * storage (a private window that refuses it) the author lasts for the page.
 *
 * @param nameOf how to name an anonymous author from a nickname, e.g.
 *   `Anonymous Io` (translated by the caller).
 */
export function authorOf(
  identity: IIdentityLike | null | undefined,
  storage: IStorageLike | null,
  nameOf: (nickname: string) => string
): IAuthor {
  if (identity?.username) {
    return {
      id: identity.username,
      name: identity.display_name || identity.name || identity.username,
      color: identity.color || COLORS[0]
    };
  }
  const kept = read(storage);
  if (kept) {
    return kept;
  }
  const random = new Uint32Array(2);
  globalThis.crypto.getRandomValues(random);
  const author: IAuthor = {
    id: `anonymous-${random[0].toString(36)}${random[1].toString(36)}`,
    name: nameOf(NICKNAMES[random[0] % NICKNAMES.length]),
    color: COLORS[random[1] % COLORS.length]
  };
  try {
    storage?.setItem(ANONYMOUS_AUTHOR_KEY, JSON.stringify(author));
  } catch {
    // Storage full or refused: the author lasts for this page.
  }
  return author;
}

/** The author kept in `storage`, if it is one. */
function read(storage: IStorageLike | null): IAuthor | null {
  let value: any;
  try {
    value = JSON.parse(storage?.getItem(ANONYMOUS_AUTHOR_KEY) ?? 'null');
  } catch {
    return null;
  }
  const ok =
    value &&
    ['id', 'name', 'color'].every(key => typeof value[key] === 'string');
  return ok ? { id: value.id, name: value.name, color: value.color } : null;
}

/** JupyterLab's collaborator colours, which every theme defines. */
const COLORS = Array.from(
  { length: 7 },
  (_, i) => `var(--jp-collaborator-color${i + 1})`
);

/** Moons of Jupiter, as the Jupyter server names anonymous users. */
const NICKNAMES = [
  'Adrastea',
  'Amalthea',
  'Callisto',
  'Carme',
  'Elara',
  'Europa',
  'Ganymede',
  'Himalia',
  'Io',
  'Leda',
  'Metis',
  'Thebe'
];
