import type { YNotebook } from '@jupyter/ydoc';

/**
 * The notebook metadata key under which jupyterlab-coauthor saves its state
 * in the .ipynb file. This is a public contract: see the README.
 */
export const METADATA_KEY = 'coauthor';

/**
 * The version of the saved format under `metadata.coauthor`. Bump it only on
 * purpose, with a migration, when the saved format changes incompatibly.
 *
 * 2: suggestion records locate their cells by content too (`locate`,
 * `afterLocate`, `moveAfterLocate`), keep metadata key removals
 * (`metadataRemoved`) and carry the notebook-level change (`__notebook__`,
 * `notebook`). Version 1 records are read as they are (docs/branches.md).
 */
export const METADATA_VERSION = 2;

/**
 * The saved record under `metadata.coauthor`. Each part of the product owns
 * one section (suggestions, chat) and writes only that section.
 */
export interface ICoauthorMetadata {
  /** The version of this format, `METADATA_VERSION` when written by us. */
  version: number;
  /** Other sections, owned by the core module that writes them. */
  [section: string]: unknown;
}

/**
 * Read the whole `coauthor` record of a notebook, or `null` when it has none
 * (or when what is there is not an object we can read).
 */
export function readCoauthorMetadata(
  notebook: YNotebook
): ICoauthorMetadata | null {
  const value = notebook.getMetadata(METADATA_KEY) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return null;
  }
  return value as ICoauthorMetadata;
}

/**
 * Read one section of the `coauthor` record, or `undefined`.
 */
export function readCoauthorSection<T>(
  notebook: YNotebook,
  section: string
): T | undefined {
  return readCoauthorMetadata(notebook)?.[section] as T | undefined;
}

/**
 * Write one section of the `coauthor` record, keeping the other sections as
 * they are. `undefined` removes the section; the key itself is removed when
 * no section is left, so that a notebook without suggestions or chats saves
 * exactly as it would without the extension.
 *
 * Writes go through `setMetadata`, in the caller's transaction if there is
 * one, so that they sync with the rest of the shared document.
 */
export function writeCoauthorSection(
  notebook: YNotebook,
  section: string,
  value: unknown
): void {
  const current = readCoauthorMetadata(notebook) ?? {
    version: METADATA_VERSION
  };
  const next: ICoauthorMetadata = { ...current, version: METADATA_VERSION };
  if (value === undefined) {
    delete next[section];
  } else {
    next[section] = value;
  }
  const sections = Object.keys(next).filter(key => key !== 'version');
  if (sections.length === 0) {
    if (notebook.getMetadata(METADATA_KEY) !== undefined) {
      notebook.deleteMetadata(METADATA_KEY);
    }
    return;
  }
  notebook.setMetadata(METADATA_KEY, next as any);
}
