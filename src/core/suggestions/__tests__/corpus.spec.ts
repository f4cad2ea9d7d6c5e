/**
 * Round trips of suggestions on notebooks shaped like real ones: the corpus
 * of testing/notebooks (real public notebooks at nbformat 4.0 to 4.5, and
 * revisions of each made by testing/notebooks/make-corpus.mjs). For every
 * pair, the difference is suggested (by branch edits, and by the
 * command-line tool's code), and must list exactly the pair's changes,
 * accept to the revision, reject to the original, and survive a save and a
 * load as JupyterLab does them (ids drawn anew below 4.5); a file edited on
 * disk around the suggestion gives conflicts, never misplaced cells.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { YNotebook } from '@jupyter/ydoc';

import { ICellChange, SuggestionManager } from '..';
import { loadedMetadata, suggestNotebook } from '../notebookDiff';
import { hasIds, suggestInto } from '../notebookFile';
import {
  alice,
  cleanup,
  loadAsJupyterLabDoes,
  manage,
  saveAsJupyterLabDoes
} from './helpers';

const CORPUS = path.resolve(__dirname, '../../../../testing/notebooks/corpus');

interface IPair {
  base: string;
  revision: string;
  before: string;
  after: string;
  origins: (number | null)[];
}

const manifest: { pairs: IPair[] } = JSON.parse(
  fs.readFileSync(path.join(CORPUS, 'manifest.json'), 'utf8')
);
const files = new Map<string, any>();
function read(file: string): any {
  if (!files.has(file)) {
    files.set(
      file,
      JSON.parse(fs.readFileSync(path.join(CORPUS, file), 'utf8'))
    );
  }
  return JSON.parse(JSON.stringify(files.get(file)));
}

afterEach(cleanup);

// The warnings @jupyter/ydoc makes Yjs print for every cell it loads are
// dropped by the jest setup (src/core/internals/ydoc.ts).

const text = (source: string | string[]) =>
  Array.isArray(source) ? source.join('') : source;

/** Per kind, how many changes a suggestion of the pair must list. */
function expectedCounts(pair: IPair): Record<string, number> {
  const before = read(pair.before);
  const after = read(pair.after);
  const counts: Record<string, number> = {};
  const add = (kind: string) => (counts[kind] = (counts[kind] ?? 0) + 1);
  const survivors = pair.origins.filter((o): o is number => o !== null);
  pair.origins.filter(o => o === null).forEach(() => add('inserted'));
  for (let k = 0; k < before.cells.length; k++) {
    if (!survivors.includes(k)) {
      add('deleted');
    }
  }
  for (let k = 0; k < survivors.length - longestIncreasing(survivors); k++) {
    add('moved');
  }
  pair.origins.forEach((origin, p) => {
    if (origin === null) {
      return;
    }
    const was = before.cells[origin];
    const now = after.cells[p];
    if (was.cell_type !== now.cell_type) {
      add('type');
    }
    if (text(was.source) !== text(now.source)) {
      add('source');
    }
    if (
      JSON.stringify(sorted(loadedMetadata(was.metadata))) !==
      JSON.stringify(sorted(loadedMetadata(now.metadata)))
    ) {
      add('metadata');
    }
  });
  if (
    JSON.stringify(sorted(notebookMetadata(before))) !==
    JSON.stringify(sorted(notebookMetadata(after)))
  ) {
    add('notebook-metadata');
  }
  return counts;
}

/** A notebook's metadata as JupyterLab loads it, less our own record. */
function notebookMetadata(json: any): Record<string, unknown> {
  const metadata = { ...json.metadata };
  delete metadata.orig_nbformat;
  delete metadata.coauthor;
  metadata.language_info ??= { name: '' };
  metadata.kernelspec ??= { name: '', display_name: '' };
  return metadata;
}

function countsOf(changes: ICellChange[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const change of changes) {
    for (const kind of change.kinds) {
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
  }
  return counts;
}

function longestIncreasing(values: number[]): number {
  const tails: number[] = [];
  for (const v of values) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    tails[lo] = v;
  }
  return tails.length;
}

function sorted(value: any): any {
  if (Array.isArray(value)) {
    return value.map(sorted);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(k => [k, sorted(value[k])])
    );
  }
  return value;
}

/**
 * Whether a notebook is now `expected` exactly: its cells' types, sources
 * and metadata, their ids where both files have ids (`ids`: the expected
 * ids, null where none is expected), and the notebook's metadata, as
 * JupyterLab saves it. Outputs are not suggested.
 */
function expectNotebook(
  notebook: YNotebook,
  expected: any,
  ids: (string | null)[] | null
): void {
  const saved = saveAsJupyterLabDoes(notebook);
  const view = (cells: any[]) =>
    cells.map(c => ({
      type: c.cell_type,
      source: text(c.source),
      metadata: sorted(loadedMetadata(c.metadata))
    }));
  expect(view(saved.cells)).toEqual(view(expected.cells));
  expect(sorted(notebookMetadata(saved))).toEqual(
    sorted(notebookMetadata(expected))
  );
  if (ids) {
    const got = notebook.cells.map(c => c.getId());
    ids.forEach((id, k) => {
      if (id !== null) {
        expect(got[k]).toBe(id);
      }
    });
  }
  // No text twice: every source is exactly the expected one (above), and
  // no cell is left over.
  expect(notebook.cells.length).toBe(expected.cells.length);
}

/** The ids the accepted notebook must have, where the format has them. */
function expectedIds(pair: IPair, beforeIds: string[]): (string | null)[] {
  const before = read(pair.before);
  const after = read(pair.after);
  return after.cells.map((cell: any, p: number) => {
    const origin = pair.origins[p];
    if (origin !== null) {
      // A matched cell keeps its id: a move with a regenerated id is a
      // move of the cell (the id is its identity in the notebook).
      return beforeIds[origin];
    }
    return hasIds(before) && hasIds(after) && cell.id ? cell.id : null;
  });
}

/** The notebook of `before`, its manager and the pair suggested in it. */
function suggested(pair: IPair, collaboration = false) {
  const notebook = loadAsJupyterLabDoes(read(pair.before), { collaboration });
  const manager = manage(notebook);
  const beforeIds = notebook.cells.map(c => c.getId());
  const branch = manager.branchFor(alice);
  const useIds = hasIds(read(pair.before)) && hasIds(read(pair.after));
  suggestNotebook(branch, read(pair.after), useIds);
  return { notebook, manager, beforeIds, branch };
}

function reopen(file: any): {
  notebook: YNotebook;
  manager: SuggestionManager;
} {
  const notebook = loadAsJupyterLabDoes(file);
  return { notebook, manager: manage(notebook) };
}

describe.each(manifest.pairs.map(p => [`${p.base} → ${p.revision}`, p]))(
  '%s',
  (_name, pair: IPair) => {
    it('suggested by branch edits: lists the pair, accepts to it, rejects to the original', () => {
      const { notebook, manager, beforeIds, branch } = suggested(pair);
      expect(countsOf(manager.changes())).toEqual(expectedCounts(pair));
      expect(manager.changes().filter(c => c.conflict)).toEqual([]);
      // Cells matched as the pair has them: each cell of the revision is
      // the cell it comes from.
      const proposed = branch.doc.cells.map(c => c.getId());
      pair.origins.forEach((origin, p) => {
        if (origin !== null) {
          expect(proposed[p]).toBe(beforeIds[origin]);
        }
      });
      expect(manager.acceptAll().refused).toEqual([]);
      expectNotebook(notebook, read(pair.after), expectedIds(pair, beforeIds));
      expect(manager.changes()).toEqual([]);

      const other = suggested(pair);
      other.manager.rejectAll();
      expectNotebook(other.notebook, read(pair.before), other.beforeIds);
      expect(other.manager.changes()).toEqual([]);
    });

    it('survives a save and a load as JupyterLab does them', () => {
      const { notebook, manager, beforeIds } = suggested(pair);
      const counts = countsOf(manager.changes());
      manager.save();
      const file = saveAsJupyterLabDoes(notebook);
      // Saving the suggestion upgraded the file to 4.5: its ids persist.
      if (Object.keys(counts).length) {
        expect(file.nbformat_minor).toBe(5);
        expect(file.cells.map((c: any) => c.id)).toEqual(beforeIds);
      }
      for (const collaboration of [false, true]) {
        const again = loadAsJupyterLabDoes(file, { collaboration });
        const reopened = manage(again);
        expect(countsOf(reopened.changes())).toEqual(counts);
        expect(reopened.acceptAll().refused).toEqual([]);
        // Without a suggestion nothing is saved, and the ids of a file
        // below 4.5 are not kept.
        const kept = file.nbformat_minor >= 5;
        expectNotebook(
          again,
          read(pair.after),
          kept ? expectedIds(pair, beforeIds) : null
        );
      }
    });

    it('is written into the file by the command-line tool', () => {
      const { notebook: file, changes } = suggestInto(
        read(pair.before),
        read(pair.after),
        alice
      );
      const { notebook, manager } = reopen(file);
      const beforeIds = notebook.cells.map(c => c.getId());
      expect(manager.changes()).toHaveLength(changes);
      expect(countsOf(manager.changes())).toEqual(expectedCounts(pair));
      expect(manager.acceptAll().refused).toEqual([]);
      expectNotebook(notebook, read(pair.after), expectedIds(pair, beforeIds));
    });

    it('finds its cells by content when a tool dropped the ids on disk, and anchors removed on disk are conflicts', () => {
      const { notebook, manager } = suggested(pair);
      if (!manager.changes().length) {
        return;
      }
      manager.save();
      const file = saveAsJupyterLabDoes(notebook);

      // An old tool rewrote the file as 4.4: no ids.
      const stripped = JSON.parse(JSON.stringify(file));
      stripped.nbformat_minor = 4;
      stripped.cells.forEach((c: any) => delete c.id);
      const located = reopen(stripped);
      expect(countsOf(located.manager.changes())).toEqual(
        countsOf(manager.changes())
      );
      expect(located.manager.changes().filter(c => c.conflict)).toEqual([]);

      // The cells that inserts and moves go after, deleted on disk.
      const records = file.metadata.coauthor.suggestions.branches[0].cells;
      const anchorOf = (r: any): string | null | undefined =>
        r.insert ? r.insert.after : r.moveAfter;
      const inFile = new Set(file.cells.map((c: any) => c.id));
      const anchors = new Set<string>(
        records.map(anchorOf).filter((a: any) => inFile.has(a))
      );
      const gone = JSON.parse(JSON.stringify(file));
      gone.cells = gone.cells.filter((c: any) => !anchors.has(c.id));
      const edited = reopen(gone);
      const conflicts = new Map(
        edited.manager
          .changes()
          .filter(c => c.conflict)
          .map(c => [c.cellId, c.conflict])
      );
      const ids = edited.manager.branches[0]?.doc.cells.map(c => c.getId());
      for (const record of records) {
        const anchor = anchorOf(record);
        if (typeof anchor !== 'string' || !anchors.has(anchor)) {
          continue;
        }
        if (record.insert || !anchors.has(record.cellId)) {
          expect([record.cellId, conflicts.get(record.cellId)]).toEqual([
            record.cellId,
            'anchor-missing'
          ]);
        }
        if (record.insert) {
          // Placed nowhere.
          expect(ids).not.toContain(record.cellId);
        }
      }
      // Whatever is not a conflict still accepts cell by cell, and nothing
      // lands where it was not suggested.
      for (const change of edited.manager.changes()) {
        if (!change.conflict) {
          expect(edited.manager.acceptChange(change.id).refused).toEqual([]);
        }
      }
    });
  }
);
