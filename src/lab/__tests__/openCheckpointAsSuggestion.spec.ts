/**
 * "Open Last Checkpoint as Suggestion": the checkpoint's content, as the
 * server extension answers it, becomes a suggestion authored as that
 * checkpoint; and every way it can fail says why, and suggests nothing.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { Contents } from '@jupyterlab/services';

import {
  cleanup,
  loadAsJupyterLabDoes,
  manage
} from '../../core/suggestions/__tests__/helpers';
import {
  checkpointUrl,
  ICheckpointReader,
  openCheckpointAsSuggestion
} from '../openCheckpointAsSuggestion';

const CORPUS = path.resolve(__dirname, '../../../testing/notebooks/corpus');
const read = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(CORPUS, file), 'utf8'));

afterEach(cleanup);

/** The strings as `nullTranslator` gives them (see openAsSuggestion.spec.ts). */
const fill = (text: string, args: unknown[]) =>
  text.replace(/%(\d+)/g, (_, n) => String(args[Number(n) - 1]));
const trans = {
  __: (text: string, ...args: unknown[]) => fill(text, args),
  _n: (one: string, many: string, n: number, ...args: unknown[]) =>
    fill(n === 1 ? one : many, [n, ...args])
} as any;

const formatTime = (t: string) => t.slice(11, 16);

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' }
  });

/** A reader over checkpoints whose content the handler would answer. */
function readerOf(
  checkpoints: Array<Contents.ICheckpointModel & { content?: unknown }>,
  choose: ICheckpointReader['choose'] = async () => {
    throw new Error('asked to choose');
  }
): ICheckpointReader & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    list: async () =>
      checkpoints.map(({ id, last_modified }) => ({ id, last_modified })),
    read: async id => {
      asked.push(id);
      const found = checkpoints.find(c => c.id === id);
      return found
        ? json(200, { id, path: 'nb.ipynb', content: found.content })
        : json(404, { message: `Checkpoint does not exist: nb.ipynb@${id}` });
    },
    choose
  };
}

describe('open last checkpoint as suggestion', () => {
  it('suggests going back to the checkpoint, authored as it', async () => {
    const notebook = loadAsJupyterLabDoes(read('cellids-4.5/many-edits.ipynb'));
    const manager = manage(notebook);
    const checkpoint = read('cellids-4.5/before.ipynb');
    const reader = readerOf([
      {
        id: 'checkpoint',
        last_modified: '2026-12-02T12:03:00Z',
        content: checkpoint
      }
    ]);
    const outcome = await openCheckpointAsSuggestion({
      suggestions: { notebook, manager } as any,
      path: 'nb.ipynb',
      reader,
      trans,
      formatTime
    });
    expect(outcome?.level).toBe('info');
    expect(outcome?.message).toMatch(
      /^Last checkpoint \(12:03\) suggests \d+ changes? \(/
    );
    expect(reader.asked).toEqual(['checkpoint']);
    expect(manager.branches.map(b => b.author.name)).toEqual([
      'Last checkpoint (12:03)'
    ]);
    expect(manager.branches[0].author.id).toMatch(/^checkpoint:/);
    for (const change of manager.changes()) {
      expect(manager.acceptChange(change.id).refused).toEqual([]);
    }
    const text = (s: string | string[]) => (Array.isArray(s) ? s.join('') : s);
    expect(notebook.cells.map(c => c.getSource())).toEqual(
      checkpoint.cells.map((c: any) => text(c.source))
    );
  });

  it('says when the checkpoint is the notebook, and when it was already opened', async () => {
    const same = read('cellids-4.5/before.ipynb');
    const notebook = loadAsJupyterLabDoes(same);
    const manager = manage(notebook);
    const options = {
      suggestions: { notebook, manager } as any,
      path: 'nb.ipynb',
      trans,
      formatTime
    };
    const equal = await openCheckpointAsSuggestion({
      ...options,
      reader: readerOf([
        {
          id: 'checkpoint',
          last_modified: '2026-12-02T12:03:00Z',
          content: same
        }
      ])
    });
    expect(equal).toEqual({
      level: 'info',
      message:
        'No difference: Last checkpoint (12:03) is the same as this notebook, nothing to suggest.'
    });
    const older = {
      id: 'checkpoint',
      last_modified: '2026-12-02T11:00:00Z',
      content: read('cellids-4.5/single-edit.ipynb')
    };
    await openCheckpointAsSuggestion({ ...options, reader: readerOf([older]) });
    const count = manager.changes().length;
    expect(count).toBeGreaterThan(0);
    const again = await openCheckpointAsSuggestion({
      ...options,
      reader: readerOf([older])
    });
    expect(again?.message).toBe(
      'Last checkpoint (11:00) is already suggested: review it in the Suggestions panel.'
    );
    expect(manager.changes()).toHaveLength(count);
  });

  it('asks which checkpoint when there are several, newest first', async () => {
    const notebook = loadAsJupyterLabDoes(read('cellids-4.5/before.ipynb'));
    const manager = manage(notebook);
    const offered: string[][] = [];
    const reader = readerOf(
      [
        {
          id: '0',
          last_modified: '2026-12-02T09:00:00Z',
          content: read('cellids-4.5/delete.ipynb')
        },
        {
          id: '1',
          last_modified: '2026-12-02T10:00:00Z',
          content: read('cellids-4.5/insert.ipynb')
        }
      ],
      async checkpoints => {
        offered.push(checkpoints.map(c => c.id));
        return offered.length === 1 ? null : checkpoints[1];
      }
    );
    const options = {
      suggestions: { notebook, manager } as any,
      path: 'nb.ipynb',
      reader,
      trans,
      formatTime
    };
    // Cancelled: nothing read, nothing suggested.
    expect(await openCheckpointAsSuggestion(options)).toBeNull();
    expect(reader.asked).toEqual([]);
    expect(manager.branches).toEqual([]);
    // The older one chosen.
    const outcome = await openCheckpointAsSuggestion(options);
    expect(offered).toEqual([
      ['1', '0'],
      ['1', '0']
    ]);
    expect(reader.asked).toEqual(['0']);
    expect(outcome?.message).toMatch(/^Last checkpoint \(09:00\) suggests /);
  });

  it('says why when there is no checkpoint or the server cannot give it', async () => {
    const notebook = loadAsJupyterLabDoes(read('cellids-4.5/before.ipynb'));
    const manager = manage(notebook);
    const base = {
      suggestions: { notebook, manager } as any,
      path: 'dir/nb.ipynb',
      trans,
      formatTime
    };
    const none = await openCheckpointAsSuggestion({
      ...base,
      reader: readerOf([])
    });
    expect(none?.level).toBe('warning');
    expect(none?.message).toBe(
      'nb.ipynb has no checkpoint yet: save the notebook first (Save Notebook, Ctrl+S, creates one).'
    );

    const one = { id: 'checkpoint', last_modified: '2026-12-02T12:03:00Z' };
    const answering = (response: Response): ICheckpointReader => ({
      list: async () => [one],
      read: async () => response,
      choose: async () => null
    });
    // The route missing: Jupyter Server's HTML 404 page, no JSON.
    const missing = await openCheckpointAsSuggestion({
      ...base,
      reader: answering(
        new Response('<html>404: Not Found</html>', { status: 404 })
      )
    });
    expect(missing?.level).toBe('error');
    expect(missing?.message).toBe(
      'Checkpoints need the server extension: run "jupyter server extension enable jupyterlab_coauthor", then restart Jupyter.'
    );
    // The handler's own errors are passed on as it words them.
    const unsupported = await openCheckpointAsSuggestion({
      ...base,
      reader: answering(
        json(501, {
          message:
            "The server's checkpoints (S3Checkpoints) cannot give a checkpoint's content: only restoring it is possible."
        })
      )
    });
    expect(unsupported).toEqual({
      level: 'error',
      message:
        "Cannot read the checkpoint of dir/nb.ipynb: The server's checkpoints (S3Checkpoints) cannot give a checkpoint's content: only restoring it is possible."
    });
    const gone = await openCheckpointAsSuggestion({
      ...base,
      reader: answering(
        json(404, {
          message: 'Checkpoint does not exist: dir/nb.ipynb@checkpoint'
        })
      )
    });
    expect(gone?.message).toBe(
      'Cannot read the checkpoint of dir/nb.ipynb: Checkpoint does not exist: dir/nb.ipynb@checkpoint'
    );
    expect(manager.changes()).toEqual([]);
  });

  it('addresses the handler under the base URL, path parts encoded', () => {
    expect(checkpointUrl('/user/me/', 'a dir/nb #1.ipynb', 'checkpoint')).toBe(
      '/user/me/coauthor/api/checkpoints/a%20dir/nb%20%231.ipynb?id=checkpoint'
    );
    expect(checkpointUrl('http://h:8888', '/nb.ipynb', 'x-1')).toBe(
      'http://h:8888/coauthor/api/checkpoints/nb.ipynb?id=x-1'
    );
  });
});
