/**
 * Seeded randomized multi-replica tests, in the style of Yjs's own
 * `applyRandomTests`: two peers of a notebook exchanging updates with random
 * delays, a suggestion branch on each, random edits of the notebook and of
 * the branches (sources, inserts, deletes, moves, types, metadata), random
 * accepts and rejects, random saves and reloads. After every delivery and at
 * the end of each run, the invariants of the branch model must hold.
 *
 * `COAUTHOR_FUZZ_ITERATIONS=5000 npx jest src/core/suggestions/__tests__/random`
 * runs thousands; a failing run prints `COAUTHOR_FUZZ_SEED=<seed>`, which
 * replays just that run.
 */
import { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';

import { typeIdOf } from '../../internals/yjs';
import { ICellChange, SuggestionManager } from '..';

const ITERATIONS = Number(process.env.COAUTHOR_FUZZ_ITERATIONS || 300);
/** The first seed of a run of many (seeds are consecutive). */
const FIRST_SEED = Number(process.env.COAUTHOR_FUZZ_FROM || 1000);
const ONLY_SEED = process.env.COAUTHOR_FUZZ_SEED
  ? Number(process.env.COAUTHOR_FUZZ_SEED)
  : null;
/** With COAUTHOR_FUZZ_TRACE=1, each step of a run is printed. */
const TRACE = !!process.env.COAUTHOR_FUZZ_TRACE;
function trace(...args: unknown[]): void {
  if (TRACE) {
    process.stdout.write(
      args.map(a => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') +
        '\n'
    );
  }
}

/** A small, fast, seedable PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface IPeer {
  notebook: YNotebook;
  manager: SuggestionManager;
  inbox: Uint8Array[];
}

type Cells = { id: string; type: string; source: string }[];

function cellsOf(notebook: YNotebook): Cells {
  return notebook.cells.map(c => ({
    id: c.getId(),
    type: c.cell_type,
    source: c.getSource()
  }));
}

const WORDS = ['alpha', 'beta ', '\n', 'x = 1', 'print(', ')', '# note\n'];

class Run {
  constructor(readonly seed: number) {
    this.random = prng(seed);
    const origin = YNotebook.create({
      disableDocumentWideUndoRedo: true,
      data: {
        cells: [0, 1, 2, 3].map(i => ({
          id: `c${i}`,
          cell_type: 'code',
          source: `line ${i}\nmore ${i}\n`,
          metadata: {}
        })) as any
      }
    });
    const state = Y.encodeStateAsUpdate(origin.ydoc);
    origin.dispose();
    for (let p = 0; p < 2; p++) {
      const notebook = new YNotebook({ disableDocumentWideUndoRedo: true });
      Y.applyUpdate(notebook.ydoc, state);
      this.peers.push({
        notebook,
        manager: new SuggestionManager({ notebook, saveDelay: 1e9 }),
        inbox: []
      });
    }
    this.peers.forEach((peer, p) => {
      peer.notebook.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== 'network') {
          this.peers.forEach((other, q) => q !== p && other.inbox.push(update));
        }
      });
    });
  }

  readonly random: () => number;
  readonly peers: IPeer[] = [];
  private _ids = 0;

  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  pick<T>(items: T[]): T {
    return items[this.int(items.length)];
  }

  /** Deliver some (or all) of the pending updates. */
  deliver(all: boolean): void {
    for (const peer of this.peers) {
      const count = all ? peer.inbox.length : this.int(peer.inbox.length + 1);
      const batch = peer.inbox.splice(0, count);
      for (const update of batch) {
        Y.applyUpdate(peer.notebook.ydoc, update, 'network');
      }
    }
  }

  /**
   * A random edit of a notebook (the peer's main document or a branch).
   * `beforeRecreate` runs before an edit that recreates a cell (YNotebook
   * moves and retypes a cell by deleting it and inserting a copy).
   */
  edit(
    notebook: YNotebook,
    transact: (cellId: string | null, f: () => void) => void,
    beforeRecreate: () => void = () => undefined
  ): void {
    const roll = this.random();
    if (roll >= 0.7 && roll < 0.9) {
      beforeRecreate();
    }
    const cells = notebook.cells;
    if (!cells.length) {
      transact(null, () =>
        notebook.insertCell(0, {
          id: this.newId(),
          cell_type: 'code',
          source: 'new'
        } as any)
      );
      return;
    }
    const index = this.int(cells.length);
    const cell = cells[index];
    const id = cell.getId();
    if (roll < 0.45) {
      const source = cell.getSource();
      const at = this.int(source.length + 1);
      if (this.random() < 0.6 || !source.length) {
        const word = this.pick(WORDS);
        trace('  insert text', id, at, word);
        transact(id, () => cell.updateSource(at, at, word));
      } else {
        const end = Math.min(source.length, at + 1 + this.int(4));
        trace('  delete text', id, at, end);
        transact(id, () => cell.updateSource(Math.min(at, end), end, ''));
      }
    } else if (roll < 0.6) {
      const newId = this.newId();
      trace('  insert cell', newId, 'at', index + 1);
      transact(null, () =>
        notebook.insertCell(index + 1, {
          id: newId,
          cell_type: 'code',
          source: this.pick(WORDS)
        } as any)
      );
    } else if (roll < 0.7 && cells.length > 1) {
      trace('  delete cell', id);
      transact(null, () => notebook.deleteCell(index));
    } else if (roll < 0.82 && cells.length > 1) {
      const to = this.int(cells.length);
      if (to !== index) {
        trace('  move cell', id, index, '->', to);
        transact(null, () => notebook.moveCell(index, to));
      }
    } else if (roll < 0.9) {
      const json = cell.toJSON();
      const type = json.cell_type === 'code' ? 'markdown' : 'code';
      trace('  retype cell', id, type);
      transact(null, () => {
        notebook.deleteCell(index);
        notebook.insertCell(index, {
          id,
          cell_type: type,
          source: json.source,
          metadata: json.metadata
        } as any);
      });
    } else {
      trace('  metadata', id);
      transact(id, () => cell.setMetadata({ tags: [this.pick(['a', 'b'])] }));
    }
  }

  newId(): string {
    return `n${this.seed}-${this._ids++}`;
  }

  dispose(): void {
    for (const peer of this.peers) {
      peer.manager.dispose();
      peer.notebook.dispose();
    }
  }
}

/** A detached copy of a peer (its document and a manager of its own). */
function clonePeer(peer: IPeer): {
  notebook: YNotebook;
  manager: SuggestionManager;
} {
  const notebook = new YNotebook({ disableDocumentWideUndoRedo: true });
  Y.applyUpdate(notebook.ydoc, Y.encodeStateAsUpdate(peer.notebook.ydoc));
  return {
    notebook,
    manager: new SuggestionManager({ notebook, saveDelay: 1e9 })
  };
}

function expectUniqueIds(notebook: YNotebook, where: string): void {
  const ids = notebook.cells.map(c => c.getId());
  expect({
    where,
    duplicates: ids.filter((id, i) => ids.indexOf(id) !== i)
  }).toEqual({
    where,
    duplicates: []
  });
}

function checkInvariants(run: Run): void {
  const [a, b] = run.peers;
  // Convergence of the notebook and of everyone's view of the suggestions.
  expect(cellsOf(a.notebook)).toEqual(cellsOf(b.notebook));
  expectUniqueIds(a.notebook, 'notebook');
  const changesOf = (m: SuggestionManager) =>
    m
      .changes()
      .map(c => `${c.id}:${c.kinds.join('+')}:${c.proposedSource}`)
      .sort();
  expect(changesOf(a.manager)).toEqual(changesOf(b.manager));

  for (const branch of a.manager.branches) {
    const changes = branch.changes();
    trace(
      `  check branch ${branch.id}`,
      changes.map(c => [c.id, c.kinds, c.conflict, c.staleCopy])
    );
    if (changes.some(c => c.conflict)) {
      continue; // conflicts are reported, and accepting them is refused
    }
    // What accepting gives: the branch's content, where a cell the branch
    // recreated (moved or retyped) without editing it keeps the text the
    // notebook gave it since.
    const stale = new Map(
      branch
        .changes(true)
        .filter(c => c.staleCopy)
        .map(c => [c.cellId, c.baseSource])
    );
    const proposed = cellsOf(branch.doc).map(c =>
      stale.has(c.id) ? { ...c, source: stale.get(c.id)! } : c
    );
    const before = cellsOf(a.notebook);

    // Accept-all of a branch gives the branch's content, which is the
    // suggestion merged with the notebook's concurrent edits.
    const accepted = clonePeer(a);
    accepted.manager.acceptBranch(branch.id);
    expect(cellsOf(accepted.notebook)).toEqual(proposed);
    expectUniqueIds(accepted.notebook, 'after accept-all');
    expect(accepted.notebook.ydoc.store.pendingStructs).toBeNull();

    // Reject-all leaves the notebook as it is.
    const rejected = clonePeer(a);
    rejected.manager.rejectBranch(branch.id);
    expect(cellsOf(rejected.notebook)).toEqual(before);
    expect(rejected.manager.branch(branch.id)!.changes()).toEqual([]);

    // Accepting one change touches exactly its cells.
    if (changes.length) {
      const subset = clonePeer(a);
      const change = run.pick(changes);
      const result = subset.manager.acceptChange(change.id);
      const touched = new Set([...result.cellIds, ...result.alsoCellIds]);
      const after = cellsOf(subset.notebook);
      for (const cell of before) {
        if (!touched.has(cell.id)) {
          const now = after.find(c => c.id === cell.id);
          expect({ id: cell.id, now }).toEqual({ id: cell.id, now: cell });
        }
      }
      for (const id of touched) {
        const want = proposed.find(c => c.id === id);
        const got = after.find(c => c.id === id);
        expect({ id, got: got?.source, type: got?.type }).toEqual({
          id,
          got: want?.source,
          type: want?.type
        });
      }
      expectUniqueIds(subset.notebook, 'after accept-one');
      subset.manager.dispose();
      subset.notebook.dispose();
    }

    // Save and reload from the file: the restored suggestion, accepted,
    // gives what accepting before the reload gives.
    const saved = clonePeer(a);
    saved.manager.save();
    const file = JSON.parse(JSON.stringify(saved.notebook.toJSON()));
    const fresh = YNotebook.create({
      disableDocumentWideUndoRedo: true,
      data: file
    });
    const restored = new SuggestionManager({ notebook: fresh, saveDelay: 1e9 });
    const again = restored.branches.find(
      b => b.id === branch.id || b.author.id === branch.author.id
    );
    if (again && !again.changes().some(c => c.conflict)) {
      trace('  reloaded branch', cellsOf(again.doc));
      restored.acceptBranch(again.id);
      trace('  reloaded, accepted', cellsOf(fresh));
      expect(cellsOf(fresh).map(c => [c.id, c.type, c.source])).toEqual(
        proposed.map(c => [c.id, c.type, c.source])
      );
    }
    for (const x of [accepted, rejected, saved]) {
      x.manager.dispose();
      x.notebook.dispose();
    }
    restored.dispose();
    fresh.dispose();
  }
}

/**
 * Whether accepting a change recreates a cell in the notebook: it moves or
 * retypes one, or its closure (what it depends on) does.
 */
function recreatesOnAccept(
  manager: SuggestionManager,
  change: ICellChange
): boolean {
  const branch = manager.branch(change.branchId)!;
  const { cells } = branch.closure(new Set([change.cellId]), 'dependencies');
  // A cell of the closure that the branch holds as another Yjs item than
  // the notebook's: the branch recreated it (a move, maybe invisible now,
  // or a retype), and accepting recreates it in the notebook.
  const itemsOf = (notebook: YNotebook) =>
    new Map(notebook.cells.map(c => [c.getId(), typeIdOf(c.ymodel)]));
  const mine = itemsOf(branch.doc);
  const theirs = itemsOf(manager.notebook);
  return [...cells].some(id => {
    const a = mine.get(id);
    const b = theirs.get(id);
    return !!a && !!b && !Y.compareIDs(a, b);
  });
}

function runOnce(seed: number): void {
  const run = new Run(seed);
  try {
    const authors = [
      { id: 'alice', name: 'Alice', color: '#d33682' },
      { id: 'bob', name: 'Bob', color: '#268bd2' }
    ];
    const steps = 6 + run.int(10);
    for (let step = 0; step < steps; step++) {
      const p = run.int(2);
      const peer = run.peers[p];
      const roll = run.random();
      if (roll < 0.3) {
        trace(`step ${step}: peer ${p} edits the notebook`);
        // Two people moving or retyping the same cell at the same moment
        // give two cells with its id in plain JupyterLab too (YNotebook
        // recreates the cell): people recreate cells in the notebook in
        // sync here. Branches recreate cells concurrently, always.
        run.edit(
          peer.notebook,
          (_cell, f) => f(),
          () => run.deliver(true)
        );
      } else if (roll < 0.75) {
        const branch = peer.manager.branchFor(authors[p]);
        trace(`step ${step}: peer ${p} edits branch ${branch.id}`);
        run.edit(branch.doc, (cell, f) => branch.transactCell(cell, f));
        trace('    branch', cellsOf(branch.doc));
      } else if (roll < 0.85) {
        let changes = peer.manager.changes().filter(c => !c.conflict);
        let change = changes.length ? run.pick(changes) : null;
        if (change && recreatesOnAccept(peer.manager, change)) {
          // Accepting it recreates a cell in the notebook: in sync too.
          run.deliver(true);
          changes = peer.manager.changes().filter(c => !c.conflict);
          change = changes.find(c => c.id === change!.id) ?? null;
        }
        if (change) {
          if (run.random() < 0.6) {
            trace(`step ${step}: peer ${p} accepts ${change.id}`);
            peer.manager.acceptChange(change.id);
          } else {
            trace(`step ${step}: peer ${p} rejects ${change.id}`);
            peer.manager.rejectChange(change.id);
          }
        }
      } else {
        trace(`step ${step}: some updates delivered`);
        run.deliver(false);
      }
      trace('    notebook', cellsOf(peer.notebook));
    }
    run.deliver(true);
    run.deliver(true);
    checkInvariants(run);
  } finally {
    run.dispose();
  }
}

describe('randomized multi-replica suggestions', () => {
  // @jupyter/ydoc warns when it reads a cell before it is in a document, and
  // yjs about a type from another document, thousands of times over a long
  // run: jest would keep every message in memory until the end.
  const warn = console.warn;
  beforeAll(() => {
    console.warn = (...args: unknown[]) => {
      const text = String(args[0]);
      if (!text.startsWith('Invalid access') && !text.includes('yjs#509')) {
        warn(...args);
      }
    };
  });
  afterAll(() => {
    console.warn = warn;
  });

  const seeds =
    ONLY_SEED !== null
      ? [ONLY_SEED]
      : Array.from({ length: ITERATIONS }, (_, i) => FIRST_SEED + i);

  it(
    `keeps its invariants over ${seeds.length} seeded runs`,
    async () => {
      const failures: string[] = [];
      for (const [i, seed] of seeds.entries()) {
        if (i % 50 === 49) {
          // Let the event loop turn: Lumino frees disconnected signals later,
          // and a long run in one go would keep every run's documents.
          await new Promise(resolve => setTimeout(resolve, 0));
        }
        try {
          runOnce(seed);
        } catch (error) {
          failures.push(
            `COAUTHOR_FUZZ_SEED=${seed}: ${String(error).slice(0, 600)}`
          );
          if (failures.length >= 3) {
            break;
          }
        }
      }
      expect(failures).toEqual([]);
      // A run takes tens of milliseconds; leave room for slow, shared machines.
    },
    Math.max(120_000, seeds.length * 1_000)
  );
});
