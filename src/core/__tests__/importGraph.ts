import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The import graph of a folder of TypeScript files, read with the compiler's
 * own pre-processor (`ts.preProcessFile`): every `import`, `import type`,
 * `export ... from` and dynamic `import()` whose specifier is relative and
 * lands on a file of the graph. Type imports count: a cycle of types is a
 * cycle of meaning (two files that can only be understood together), even
 * when the compiler erases it.
 */

/** File (absolute path) to the files of the graph it imports. */
export type ImportGraph = Map<string, Set<string>>;

/** The `.ts` files under `root`, recursively. */
export function tsFilesUnder(root: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) {
      out.push(...tsFilesUnder(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      out.push(full);
    }
  }
  return out;
}

/** The graph of some files, given their texts (path to source text). */
export function importGraph(sources: Map<string, string>): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const [file, text] of sources) {
    const targets = new Set<string>();
    const info = ts.preProcessFile(text, true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) {
        continue;
      }
      const base = path.resolve(path.dirname(file), fileName);
      const found = [
        base,
        `${base}.ts`,
        `${base}.tsx`,
        path.join(base, 'index.ts')
      ].find(candidate => sources.has(candidate));
      if (found && found !== file) {
        targets.add(found);
      }
    }
    graph.set(file, targets);
  }
  return graph;
}

/**
 * The cycles of a graph: one per strongly connected component of more than
 * one file (Tarjan's algorithm), each as the files of the component, sorted.
 */
export function cyclesOf(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1) {
        out.push(component.sort());
      }
    }
  };
  for (const file of graph.keys()) {
    if (!index.has(file)) {
      visit(file);
    }
  }
  return out;
}
