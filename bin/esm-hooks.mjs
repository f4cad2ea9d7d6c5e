/**
 * Node module hooks that let the command-line tool run on the compiled core
 * as `tsc` writes it (lib/, see tsconfig.json): ES modules in `.js` files of
 * a package that is not `"type": "module"`, importing each other without
 * file extensions (`./branch`), as bundlers resolve them. Only files under
 * the core's folder are touched; everything else resolves as usual.
 */
let root = '';
let packageUrl = '';

/** The core's folder (a file URL ending in `/`) and the package's root. */
export async function initialize(data) {
  root = data.root;
  packageUrl = data.packageUrl;
}

export async function resolve(specifier, context, next) {
  const inCore = context.parentURL?.startsWith(root);
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!inCore) {
      throw error;
    }
    if (specifier.startsWith('.')) {
      for (const suffix of ['.js', '/index.js']) {
        try {
          return await next(specifier + suffix, context);
        } catch {
          // the next form
        }
      }
    } else {
      // A bare import (yjs, @jupyter/ydoc) from a copy of the core outside
      // the package: resolved from the package's own node_modules.
      return next(specifier, { ...context, parentURL: packageUrl });
    }
    throw error;
  }
}

export async function load(url, context, next) {
  if (url.startsWith(root) && url.endsWith('.js')) {
    return next(url, { ...context, format: 'module' });
  }
  return next(url, context);
}
