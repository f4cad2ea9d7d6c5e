/**
 * "Open as suggestion" on the corpus: another version of a notebook, read
 * through the contents API, becomes a suggestion authored as that file, and
 * is accepted cell by cell.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { Contents } from '@jupyterlab/services';

import {
  cleanup,
  loadAsJupyterLabDoes,
  manage
} from '../../core/suggestions/__tests__/helpers';
import { fileAuthor, openAsSuggestion } from '../openAsSuggestion';

const CORPUS = path.resolve(__dirname, '../../../testing/notebooks/corpus');
const read = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(CORPUS, file), 'utf8'));

afterEach(cleanup);

function contentsOf(files: Record<string, any>): Contents.IManager {
  return {
    get: async (p: string) => {
      if (!(p in files)) {
        throw new Error(`no file ${p}`);
      }
      return { path: p, type: 'notebook', content: files[p] } as any;
    }
  } as unknown as Contents.IManager;
}

/**
 * The strings as `nullTranslator` gives them (`@jupyterlab/translation` is
 * an ES module jest does not transform): %1, %2... replaced in order, `_n`
 * choosing by the count.
 */
const fill = (text: string, args: unknown[]) =>
  text.replace(/%(\d+)/g, (_, n) => String(args[Number(n) - 1]));
const trans = {
  __: (text: string, ...args: unknown[]) => fill(text, args),
  _n: (one: string, many: string, n: number, ...args: unknown[]) =>
    fill(n === 1 ? one : many, [n, ...args])
} as any;

describe('open as suggestion', () => {
  it('suggests the other file, authored as it, accepted cell by cell', async () => {
    const notebook = loadAsJupyterLabDoes(read('colab-4.0/before.ipynb'));
    const manager = manage(notebook);
    const other = read('colab-4.0/restructure.ipynb');
    const message = await openAsSuggestion({
      suggestions: { notebook, manager } as any,
      contents: contentsOf({ 'v2/analysis.ipynb': other }),
      path: 'v2/analysis.ipynb',
      trans
    });
    expect(message).toBe(
      'v2/analysis.ipynb suggests 7 changes (2 inserted, 1 deleted, 2 moved, 2 edited).'
    );
    expect(manager.branches.map(b => b.author)).toEqual([
      fileAuthor('v2/analysis.ipynb')
    ]);
    expect(manager.branches[0].author.name).toBe('analysis.ipynb');
    // Moves are moves, not a delete and an insert.
    expect(
      manager.changes().filter(c => c.kinds.includes('moved'))
    ).toHaveLength(2);
    for (const change of manager.changes()) {
      expect(manager.acceptChange(change.id).refused).toEqual([]);
    }
    const text = (s: string | string[]) => (Array.isArray(s) ? s.join('') : s);
    expect(notebook.cells.map(c => c.getSource())).toEqual(
      other.cells.map((c: any) => text(c.source))
    );
  });

  it('says so when there is nothing to suggest, or the file is no notebook', async () => {
    const notebook = loadAsJupyterLabDoes(read('papermill-4.4/before.ipynb'));
    const manager = manage(notebook);
    const contents = contentsOf({
      'same.ipynb': read('papermill-4.4/outputs-only.ipynb'),
      'text.ipynb': 'hello'
    });
    const suggestions = { notebook, manager } as any;
    expect(
      await openAsSuggestion({
        suggestions,
        contents,
        path: 'same.ipynb',
        trans
      })
    ).toBe(
      'No difference: same.ipynb is the same as this notebook, nothing to suggest.'
    );
    expect(
      await openAsSuggestion({
        suggestions,
        contents,
        path: 'text.ipynb',
        trans
      })
    ).toBe('text.ipynb is not a notebook.');
    expect(manager.changes()).toEqual([]);
  });
});
