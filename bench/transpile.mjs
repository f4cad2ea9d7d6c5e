/**
 * Run the core's TypeScript from the benchmarks: the package has no TS
 * runner, so the sources are compiled on the fly with TypeScript's own
 * transpiler (no type checking) into node_modules/.cache/<name>, where their
 * bare imports (yjs, @jupyter/ydoc, @lumino/*) resolve to the package's own
 * node_modules, the same module instances the benchmark imports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/** The repository's root. */
export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..'
);

/**
 * Transpile some of the repository's TypeScript into runnable ES modules and
 * return a loader for them.
 *
 * @param name The cache folder, under node_modules/.cache (emptied first).
 * @param sources Paths from the root: `.ts` files, or folders whose `.ts`
 *   files (not their subfolders: tests stay out) are all taken.
 * @returns `load('src/core/x.js')`: import a transpiled module.
 */
export function transpile(name, sources) {
  const out = path.join(root, 'node_modules', '.cache', name);
  fs.rmSync(out, { recursive: true, force: true });
  const files = sources.flatMap(source =>
    source.endsWith('.ts')
      ? [source]
      : fs
          .readdirSync(path.join(root, source), { withFileTypes: true })
          .filter(entry => entry.isFile() && entry.name.endsWith('.ts'))
          .map(entry => `${source}/${entry.name}`)
  );
  for (const file of files) {
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    let { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022
      }
    });
    // Node's ESM resolution wants file extensions on relative imports.
    outputText = outputText.replace(
      /(from\s+['"])(\.{1,2}\/[^'"]+)(['"])/g,
      (_, a, spec, b) => `${a}${spec}.js${b}`
    );
    const target = path.join(out, file.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, outputText);
  }
  return file => import(pathToFileURL(path.join(out, file)).href);
}
