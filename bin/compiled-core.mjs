/**
 * How the package's Node scripts run on the compiled core (lib/ as `tsc`
 * writes it, or another folder of the same shape): the command-line tools
 * (coauthor-suggest, coauthor-agent), the corpus bench and the load test.
 *
 * - `useCompiledCore(lib)` registers bin/esm-hooks.mjs for that folder (ES
 *   modules importing each other without extensions, in a package that is
 *   not `"type": "module"`), quiets the warnings @jupyter/ydoc makes Yjs
 *   print when it inserts cells (src/core/internals/ydoc.ts), and returns
 *   an importer of the core's files:
 *   `await core('suggestions/notebookFile.js')`.
 * - `node:module`'s `register` is imported when called, not here: a Node
 *   too old to have it fails on a static import before a tool can say what
 *   it needs.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The package's root (where package.json and lib/ are). */
export const PACKAGE_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..'
);

/** lib/ of the package, or $COAUTHOR_CORE_LIB (another build of it). */
export function defaultLib() {
  return path.resolve(
    process.env.COAUTHOR_CORE_LIB ?? path.join(PACKAGE_ROOT, 'lib')
  );
}

/** Run on the compiled core in `lib`; returns an importer of its files. */
export async function useCompiledCore(lib = defaultLib()) {
  const { register } = await import('node:module');
  register(pathToFileURL(path.join(PACKAGE_ROOT, 'bin', 'esm-hooks.mjs')), {
    data: {
      root: pathToFileURL(lib + path.sep).href,
      packageUrl: pathToFileURL(path.join(PACKAGE_ROOT, 'package.json')).href
    }
  });
  const core = file => import(pathToFileURL(path.join(lib, 'core', file)).href);
  // The workaround for @jupyter/ydoc's cell-insertion warnings, named once
  // with its upstream reference in src/core/internals/ydoc.ts.
  (await core('internals/ydoc.js')).quietYdocCellWarnings();
  return core;
}
