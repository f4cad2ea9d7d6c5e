import * as fs from 'fs';
import * as path from 'path';

import { cyclesOf, importGraph, tsFilesUnder } from './importGraph';

const CORE = path.resolve(__dirname, '..');

describe('the imports of src/core', () => {
  it('have no cycle, type imports included', () => {
    const sources = new Map(
      tsFilesUnder(CORE).map(file => [file, fs.readFileSync(file, 'utf8')])
    );
    // Some hundred files: an empty graph would pass whatever the imports.
    expect(sources.size).toBeGreaterThan(100);
    const graph = importGraph(sources);
    const edges = [...graph.values()].reduce((n, t) => n + t.size, 0);
    expect(edges).toBeGreaterThan(sources.size);
    const cycles = cyclesOf(graph).map(files =>
      files.map(f => path.relative(CORE, f)).join(' <-> ')
    );
    expect(cycles).toEqual([]);
  });
});

describe('the cycle check', () => {
  const at = (name: string) => path.join('/virtual', name);

  it('finds a cycle made of type imports and re-exports', () => {
    const graph = importGraph(
      new Map([
        [at('a.ts'), "import type { B } from './b';\nexport type A = B;"],
        [at('b.ts'), "export { C as B } from './dir';"],
        [
          at('dir/index.ts'),
          "import type { A } from '../a';\nexport type C = A;"
        ],
        [at('d.ts'), "import { A } from './a';"]
      ])
    );
    expect(cyclesOf(graph)).toEqual([
      [at('a.ts'), at('b.ts'), at('dir/index.ts')]
    ]);
  });

  it('finds a cycle through a dynamic import', () => {
    const graph = importGraph(
      new Map([
        [at('a.ts'), "export const load = () => import('./b');"],
        [at('b.ts'), "import { load } from './a';"]
      ])
    );
    expect(cyclesOf(graph)).toEqual([[at('a.ts'), at('b.ts')]]);
  });

  it('ignores packages and files outside the graph', () => {
    const graph = importGraph(
      new Map([
        [at('a.ts'), "import * as Y from 'yjs';\nimport { x } from '../out';"],
        [at('b.ts'), "import { a } from './a';"]
      ])
    );
    expect(cyclesOf(graph)).toEqual([]);
    expect([...graph.get(at('b.ts'))!]).toEqual([at('a.ts')]);
  });
});
