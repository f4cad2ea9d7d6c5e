/**
 * The command-line tool, bin/coauthor-suggest.mjs, run as people run it: a
 * Node process on the compiled core. The core is compiled here the way
 * `npm run build:lib` compiles it (TypeScript to ES modules, imports
 * without extensions), into a temporary folder the tool is pointed at.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import * as ts from 'typescript';

import { hasIds } from '../notebookFile';
import { cleanup, loadAsJupyterLabDoes, manage } from './helpers';

const ROOT = path.resolve(__dirname, '../../../..');
const BIN = path.join(ROOT, 'bin', 'coauthor-suggest.mjs');
const CORPUS = path.join(ROOT, 'testing', 'notebooks', 'corpus');

let lib: string;
let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'coauthor-cli-'));
  lib = path.join(work, 'lib');
  const core = path.join(ROOT, 'src', 'core');
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return entry.name === '__tests__' ? [] : walk(full);
      }
      return entry.name.endsWith('.ts') ? [full] : [];
    });
  for (const file of walk(core)) {
    const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022
      }
    });
    const target = path.join(
      lib,
      'core',
      path.relative(core, file).replace(/\.ts$/, '.js')
    );
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, outputText);
  }
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

afterEach(cleanup);

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, COAUTHOR_CORE_LIB: lib },
    encoding: 'utf8'
  });
}

describe('coauthor-suggest', () => {
  it('writes the difference of two files as a suggestion into the first', () => {
    const notebook = path.join(work, 'analysis.ipynb');
    fs.copyFileSync(path.join(CORPUS, 'colab-4.0', 'before.ipynb'), notebook);
    const proposed = path.join(CORPUS, 'colab-4.0', 'restructure.ipynb');
    const result = run([notebook, proposed, '--author', 'CI bot', '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed.edits).toMatchObject({ inserted: 2, deleted: 1, moved: 2 });

    const file = JSON.parse(fs.readFileSync(notebook, 'utf8'));
    // Upgraded to 4.5 (its ids persist), written as nbformat writes it.
    expect(file.nbformat_minor).toBe(5);
    expect(hasIds(file)).toBe(true);
    expect(Array.isArray(file.cells[0].source)).toBe(true);
    const branches = file.metadata.coauthor.suggestions.branches;
    expect(branches.map((b: any) => b.author)).toEqual([
      { id: 'ci-bot', name: 'CI bot', color: '#6c71c4' }
    ]);

    // Opened in JupyterLab: that suggestion, accepted to the proposed file.
    const opened = loadAsJupyterLabDoes(file);
    const manager = manage(opened);
    expect(manager.changes()).toHaveLength(printed.changes);
    expect(manager.acceptAll().refused).toEqual([]);
    const want = JSON.parse(fs.readFileSync(proposed, 'utf8'));
    const text = (s: string | string[]) => (Array.isArray(s) ? s.join('') : s);
    expect(opened.cells.map(c => c.getSource())).toEqual(
      want.cells.map((c: any) => text(c.source))
    );
  });

  it('writes elsewhere with --output, and says what is wrong with its arguments', () => {
    const output = path.join(work, 'out.ipynb');
    const before = path.join(CORPUS, 'papermill-4.4', 'before.ipynb');
    const original = fs.readFileSync(before, 'utf8');
    const done = run([
      before,
      path.join(CORPUS, 'papermill-4.4', 'single-edit.ipynb'),
      '--output',
      output
    ]);
    expect(done.status).toBe(0);
    expect(done.stdout).toMatch(/^1 change\(s\) suggested by coauthor-suggest/);
    expect(fs.readFileSync(before, 'utf8')).toBe(original);
    expect(
      JSON.parse(fs.readFileSync(output, 'utf8')).metadata.coauthor
    ).toBeTruthy();

    const wrong = run([before]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/give two notebook files/);
    expect(run(['--help']).stdout).toMatch(/^Usage: coauthor-suggest/);
    expect(execFileSync(process.execPath, [BIN, '--help']).toString()).toMatch(
      /--author NAME/
    );
  });
});
