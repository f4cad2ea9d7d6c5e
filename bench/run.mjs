#!/usr/bin/env node
/**
 * The benchmark of suggestion branches (issue 3): what a branch costs on
 * notebooks of 100, 1,000 and 10,000 cells, each fresh (created from ipynb
 * JSON) and with a long edit history (keystrokes, deletions, moves and
 * executions from two client ids, loaded the way a collaborative document
 * arrives from its room: as one Yjs update).
 *
 *     npm run bench                # node --expose-gc bench/run.mjs
 *     npm run bench -- --quick     # 100 and 1,000 cells, fewer repetitions
 *
 * It measures the core's real API, called as the extension calls it:
 *
 * - fork: `SuggestionManager.branchFor` (a plain `Y.Doc` fork, shared in the
 *   notebook's document), and the same plus `branch.doc` (the `YNotebook`
 *   through which the person suggesting edits), beside Yjs's own floor: the
 *   notebook's `Y.encodeStateAsUpdate` applied to a new `Y.Doc`, and to a
 *   new `YNotebook`.
 * - change set: `branch.changes()` with 10 cells edited in the branch, typed
 *   through `branch.doc` one keystroke per transaction.
 * - accept: `SuggestionManager.acceptChange` of one of those cells.
 * - sizes: the `coauthor` metadata that `SuggestionManager.save` writes for
 *   the 10 cells (compact JSON), beside the Yjs update of the branch against
 *   the notebook's state vector and the merge of the branch's own updates.
 *
 * Each timing is the median of several runs after a warm-up, with a garbage
 * collection before each run. Machines are shared and noisy: compare the
 * numbers of one run with each other (the ratios) rather than across runs.
 * The table goes to stdout, bench/results.md and bench/results.json
 * (bench/results-quick.* with --quick or --cells).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { YNotebook } from '@jupyter/ydoc';
import prettier from 'prettier';
import * as Y from 'yjs';

import { root, transpile } from './transpile.mjs';

const HELP = `Usage: node --expose-gc bench/run.mjs [--quick] [--cells=N,...]

  --quick       only 100 and 1,000 cells, fewer repetitions
  --cells=N,... these notebook sizes only
  --help        this text

A full run writes bench/results.{md,json}; --quick or --cells write
bench/results-quick.{md,json} instead.`;

/** What the issue asks for (applied at every size). */
const TARGETS = {
  forkRatio: 1.2,
  changeSetMs: 10,
  acceptMs: 5,
  recordBytes: 3 * 1024
};

/** The cells the branch edits before the change set, sizes and accepts. */
const EDITED_CELLS = 10;

/** Operations of the long history, per cell of the notebook. */
const HISTORY_OPS_PER_CELL = 12;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}
const unknown = args.filter(a => a !== '--quick' && !/^--cells=/.test(a));
if (unknown.length) {
  console.error(`Unknown argument: ${unknown.join(' ')}\n\n${HELP}`);
  process.exit(2);
}
if (typeof globalThis.gc !== 'function') {
  console.error('Run with node --expose-gc (npm run bench does).');
  process.exit(2);
}
const quick = args.includes('--quick');
const only = args.find(a => a.startsWith('--cells='));
const SIZES = only
  ? only.slice('--cells='.length).split(',').map(Number)
  : quick
    ? [100, 1000]
    : [100, 1000, 10000];
if (!SIZES.every(n => Number.isInteger(n) && n >= EDITED_CELLS)) {
  console.error(`--cells: whole numbers of at least ${EDITED_CELLS}`);
  process.exit(2);
}
const partial = quick || Boolean(only);
/**
 * Measured runs (each after one warm-up); forks of notebooks up to 1,000
 * cells take a few milliseconds, so they run three times as often.
 */
const REPS = quick
  ? { fork: 3, changeSet: 7, reviewRounds: 1 }
  : { fork: 9, changeSet: 21, reviewRounds: 2 };

// The core's branch module and the metadata helpers it imports, loaded file
// by file: the index re-exports interfaces, which a transpiler without type
// information cannot tell from values.
const load = transpile('branch-bench', [
  'src/core/metadata.ts',
  'src/core/replica.ts',
  'src/core/internals',
  'src/core/suggestions'
]);
const { SuggestionManager, BRANCHES_ROOT } = await load(
  'src/core/suggestions/manager.js'
);
const { METADATA_KEY } = await load('src/core/metadata.js');
// Counted, not hidden silently: the warnings @jupyter/ydoc makes Yjs print
// for every cell it inserts (src/core/internals/ydoc.ts). Any other warning
// prints.
const warnings = (
  await load('src/core/internals/ydoc.js')
).quietYdocCellWarnings();

const started = performance.now();
const rows = [];
for (const cells of SIZES) {
  const json = notebookJson(cells);
  for (const history of [false, true]) {
    const t0 = performance.now();
    const label = `${count(cells)} cells, ${history ? 'long history' : 'fresh'}`;
    process.stderr.write(`${label}: building…`);
    const nb = history ? withHistory(json) : fromJson(json);
    const doc = docStats(nb.ydoc);
    process.stderr.write(` ${seconds(performance.now() - t0)}, measuring…`);
    const t1 = performance.now();
    const manager = new SuggestionManager({ notebook: nb, saveDelay: 1e9 });
    const fork = measureFork(nb, manager);
    const review = measureReview(nb, manager);
    manager.dispose();
    nb.dispose();
    rows.push({ cells, history, doc, ...fork, ...review });
    process.stderr.write(` ${seconds(performance.now() - t1)}\n`);
  }
}
const totalMs = performance.now() - started;

const require = createRequire(import.meta.url);
const about = {
  date: new Date().toISOString(),
  quick,
  partial,
  sizes: SIZES,
  node: process.version,
  yjs: require('yjs/package.json').version,
  ydoc: require('@jupyter/ydoc/package.json').version,
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
  commit: git('rev-parse', '--short', 'HEAD'),
  // The core measured is the working tree's: say when it differs from HEAD.
  coreModified: git('status', '--porcelain', '--', 'src/core') !== '',
  reps: REPS,
  seconds: Math.round(totalMs / 1000),
  silencedYjsWarnings: { fromJupyterYdoc: warnings.dropped }
};
const markdown = report(about, rows);
console.log(markdown);
const base = path.join(root, 'bench', partial ? 'results-quick' : 'results');
fs.writeFileSync(`${base}.md`, markdown);
// Formatted as the repository's lint expects its JSON files.
const jsonFile = `${base}.json`;
fs.writeFileSync(
  jsonFile,
  await prettier.format(JSON.stringify({ ...about, targets: TARGETS, rows }), {
    ...(await prettier.resolveConfig(jsonFile)),
    filepath: jsonFile
  })
);
console.log(`Written to ${path.relative(process.cwd(), base)}.{md,json}.`);
// A YNotebook's awareness keeps an interval timer; nothing else is pending.
process.exit(0);

// --- measurements -------------------------------------------------------------

/**
 * Fork time beside the Yjs floor: each run makes one floor `Y.Doc`, one
 * floor `YNotebook` and one branch (timed as `branchFor`, then `doc`), in an
 * order that alternates, then drops them again.
 */
function measureFork(nb, manager) {
  const samples = { floorDoc: [], floorNotebook: [], fork: [], forkDoc: [] };
  const runs = forkRuns(nb.cells.length);
  for (let run = 0; run <= runs; run++) {
    const steps = [
      () => {
        let copy;
        const ms = timed(() => {
          copy = new Y.Doc();
          Y.applyUpdate(copy, Y.encodeStateAsUpdate(nb.ydoc));
        });
        copy.destroy();
        return { floorDoc: ms };
      },
      () => {
        let copy;
        const ms = timed(() => {
          copy = new YNotebook({ disableDocumentWideUndoRedo: true });
          Y.applyUpdate(copy.ydoc, Y.encodeStateAsUpdate(nb.ydoc));
        });
        copy.dispose();
        return { floorNotebook: ms };
      },
      () => {
        globalThis.gc();
        const t0 = performance.now();
        const branch = manager.branchFor(author(`fork-${run}`));
        const t1 = performance.now();
        void branch.doc;
        const t2 = performance.now();
        removeBranch(nb, manager, branch);
        return { fork: t1 - t0, forkDoc: t2 - t0 };
      }
    ];
    if (run % 2) {
      steps.reverse();
    }
    const results = Object.assign({}, ...steps.map(step => step()));
    if (run > 0) {
      for (const key of Object.keys(samples)) {
        samples[key].push(results[key]);
      }
    }
  }
  const m = mapValues(samples, median);
  return {
    forkMs: m.fork,
    floorDocMs: m.floorDoc,
    forkRatio: m.fork / m.floorDoc,
    forkDocMs: m.forkDoc,
    floorNotebookMs: m.floorNotebook,
    forkDocRatio: m.forkDoc / m.floorNotebook,
    forkSamples: samples
  };
}

function forkRuns(cells) {
  return cells <= 1000 ? 3 * REPS.fork : REPS.fork;
}

/**
 * Change set, sizes and accepts: each round is a new branch that edits
 * `EDITED_CELLS` cells spread over the notebook, then accepts them one by
 * one. The first round is a warm-up.
 */
function measureReview(nb, manager) {
  const changeSet = [];
  const accept = [];
  const keystroke = [];
  let sizes = null;
  for (let round = 0; round <= REPS.reviewRounds; round++) {
    // The floor under an accept: one keystroke typed into the notebook (a
    // YNotebook transaction, with JupyterLab's per-cell undo managers).
    const typed = nb.cells[Math.floor(nb.cells.length / 2)];
    for (let k = 0; k < 5; k++) {
      const at = typed.getSource().length;
      const ms = timed(() => typed.updateSource(at, at, 'x'));
      if (round > 0) {
        keystroke.push(ms);
      }
    }
    const length = typed.getSource().length;
    typed.updateSource(length - 5, length, '');
    const branch = manager.branchFor(author(`review-${round}`));
    const edited = editCells(branch, nb.cells.length);
    const changes = branch.changes();
    check(
      changes.length === EDITED_CELLS &&
        changes.every(c => !c.conflict && c.kinds.join() === 'source'),
      `expected ${EDITED_CELLS} source changes, got ` +
        JSON.stringify(changes.map(c => [c.cellId, c.kinds, c.conflict]))
    );
    const proposed = new Map(changes.map(c => [c.cellId, c.proposedSource]));
    for (let run = 0; run <= REPS.changeSet; run++) {
      const ms = timed(() => branch.changes());
      if (round > 0 && run > 0) {
        changeSet.push(ms);
      }
    }
    if (round > 0 && !sizes) {
      sizes = measureSizes(nb, manager, branch);
    }
    for (const cellId of edited) {
      let result;
      const ms = timed(() => {
        result = manager.acceptChange(`${branch.id}/${cellId}`);
      });
      check(
        result.refused.length === 0 && result.cellIds.join() === cellId,
        `accept of ${cellId}: ${JSON.stringify(result)}`
      );
      if (round > 0) {
        accept.push(ms);
      }
    }
    const index = new Map(nb.cells.map(c => [c.getId(), c]));
    for (const [cellId, text] of proposed) {
      check(
        index.get(cellId)?.getSource() === text,
        `accepted text of ${cellId} differs from the suggestion`
      );
    }
    check(branch.changes().length === 0, 'changes left after accepting');
    removeBranch(nb, manager, branch);
  }
  return {
    changeSetMs: median(changeSet),
    acceptMs: median(accept),
    keystrokeMs: median(keystroke),
    ...sizes,
    changeSetSamples: changeSet,
    acceptSamples: accept
  };
}

/** The saved record and, for scale, what Yjs would carry instead. */
function measureSizes(nb, manager, branch) {
  manager.save();
  const saved = nb.getMetadata(METADATA_KEY);
  check(
    saved?.suggestions?.branches?.[0]?.cells?.length === EDITED_CELLS,
    'the saved record does not hold the edited cells'
  );
  const own = Y.mergeUpdates(branch.entries.map(e => e.update));
  const diff = Y.encodeStateAsUpdate(branch.ydoc, Y.encodeStateVector(nb.ydoc));
  return {
    recordBytes: Buffer.byteLength(JSON.stringify(saved)),
    yjsDiffBytes: diff.byteLength,
    mergedOwnBytes: own.byteLength,
    ownUpdates: branch.entries.length
  };
}

/**
 * Edit `EDITED_CELLS` cells spread over the notebook through the branch's
 * `YNotebook` as a person types in JupyterLab's editor: straight into the
 * cell's `Y.Text`, one keystroke per transaction, with the cell editor's
 * binding as origin. In each cell the end of the first line is selected and
 * typed over, and a line is added at the end. Returns the cells' ids.
 */
function editCells(branch, length) {
  const doc = branch.doc;
  const ids = [];
  for (let k = 0; k < EDITED_CELLS; k++) {
    const cell = doc.cells[Math.floor(((k + 0.5) * length) / EDITED_CELLS)];
    ids.push(cell.getId());
    const binding = { cell };
    const edit = fn => doc.ydoc.transact(fn, binding);
    const source = cell.ysource;
    const text = source.toString();
    const eol = text.indexOf('\n');
    const end = eol < 0 ? text.length : eol;
    const from = Math.max(0, end - 6);
    edit(() => source.delete(from, end - from));
    typeAt(edit, source, from, '.median()');
    typeAt(edit, source, source.length, '\nassert len(df) > 0, "empty frame"');
  }
  return ids;
}

function typeAt(edit, source, at, text) {
  for (const ch of text) {
    edit(() => source.insert(at, ch));
    at += ch.length;
  }
}

/** Remove a branch from the shared map: every manager disposes of it. */
function removeBranch(nb, manager, branch) {
  nb.ydoc.transact(() => nb.ydoc.getMap(BRANCHES_ROOT).delete(branch.id));
  check(branch.isDisposed && !manager.branch(branch.id), 'branch not removed');
}

// --- notebooks ----------------------------------------------------------------

/**
 * An ipynb notebook of `n` cells: one markdown cell in five, code cells of
 * four to seven lines, half of them with a stream output. Ids are UUIDs, as
 * JupyterLab makes them (they are what the saved records name).
 */
function notebookJson(n) {
  const random = seeded(n);
  const uuid = () =>
    [8, 4, 4, 4, 12]
      .map(len =>
        Array.from({ length: len }, () =>
          Math.floor(random() * 16).toString(16)
        ).join('')
      )
      .join('-');
  const cells = Array.from({ length: n }, (_, i) => {
    if (i % 5 === 0) {
      return {
        id: uuid(),
        cell_type: 'markdown',
        metadata: {},
        source: `## Step ${i}\n\nWe compare column ${i % 7} with the previous step.`
      };
    }
    const lines = Array.from(
      { length: 3 + (i % 4) },
      (_, l) => `x_${i}_${l} = df["col_${l}"].rolling(${l + 2}).mean()`
    );
    lines.push(`x_${i}_0.describe()`);
    return {
      id: uuid(),
      cell_type: 'code',
      metadata: {},
      execution_count: i,
      source: lines.join('\n'),
      outputs:
        i % 2
          ? [{ output_type: 'stream', name: 'stdout', text: 'count  100\n' }]
          : []
    };
  });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3' },
      language_info: { name: 'python' }
    },
    cells
  };
}

/** A notebook opened from its file. */
function fromJson(json) {
  const nb = YNotebook.create({
    disableDocumentWideUndoRedo: true,
    data: json
  });
  nb.undoManager.clear();
  return nb;
}

/**
 * A notebook with a long history: `HISTORY_OPS_PER_CELL` operations per
 * cell from two client ids taking turns (words typed a character at a time,
 * characters deleted, cells moved, cells executed), made in a scratch
 * notebook and loaded into a new one as a single update, as a document
 * arrives from a collaboration room. (The scratch notebook uses one
 * document-wide undo manager: with one per cell, as JupyterLab's notebooks
 * have, each transaction costs in proportion to the cells, which would make
 * 120,000 keystrokes on 10,000 cells very slow to generate.)
 */
function withHistory(json) {
  const scratch = YNotebook.create({
    disableDocumentWideUndoRedo: false,
    data: json
  });
  const random = seeded(json.cells.length + 1);
  const clients = [1000001, 1000002];
  const ops = HISTORY_OPS_PER_CELL * json.cells.length;
  let done = 0;
  let turn = -1;
  let at = 0;
  while (done < ops) {
    if (Math.floor(done / 40) !== turn) {
      turn = Math.floor(done / 40);
      scratch.ydoc.clientID = clients[turn % 2];
      scratch.undoManager.clear();
    }
    if (random() < 0.3) {
      at = Math.floor(random() * scratch.cells.length);
    }
    const cell = scratch.cells[at];
    const what = random();
    if (what < 0.75) {
      const source = cell.getSource();
      let pos = source.indexOf('\n', Math.floor(random() * source.length));
      if (pos < 0) {
        pos = source.length;
      }
      const word = ` + w${Math.floor(random() * 100)}`;
      for (const ch of word) {
        cell.updateSource(pos, pos, ch);
        pos++;
      }
      done += word.length;
    } else if (what < 0.95) {
      let pos = Math.floor(random() * cell.getSource().length);
      for (let k = 0; k < 4 && pos > 0; k++, pos--, done++) {
        cell.updateSource(pos - 1, pos);
      }
    } else if (what < 0.97) {
      const to = Math.floor(random() * scratch.cells.length);
      scratch.moveCell(at, to);
      at = to;
      done++;
    } else {
      if (cell.cell_type === 'code') {
        cell.transact(() => {
          cell.execution_count = done;
          cell.setOutputs([
            { output_type: 'stream', name: 'stdout', text: `out ${done}\n` }
          ]);
        });
      }
      done++;
    }
  }
  const state = Y.encodeStateAsUpdate(scratch.ydoc);
  scratch.dispose();
  const nb = new YNotebook({ disableDocumentWideUndoRedo: true });
  Y.applyUpdate(nb.ydoc, state);
  return nb;
}

/** What the document holds: its size, clients, items and tombstones. */
function docStats(doc) {
  let structs = 0;
  let deleted = 0;
  doc.store.clients.forEach(list => {
    structs += list.length;
    list.forEach(s => {
      deleted += s.deleted ? 1 : 0;
    });
  });
  let deleteRanges = 0;
  Y.createDeleteSetFromStructStore(doc.store).clients.forEach(ranges => {
    deleteRanges += ranges.length;
  });
  return {
    stateBytes: Y.encodeStateAsUpdate(doc).byteLength,
    clients: doc.store.clients.size,
    structs,
    deleted,
    deleteRanges
  };
}

// --- report -------------------------------------------------------------------

function report(about, rows) {
  const misses = row => {
    const out = [];
    if (row.forkRatio > TARGETS.forkRatio) {
      out.push(`fork ${row.forkRatio.toFixed(2)}×`);
    }
    if (row.forkDocRatio > TARGETS.forkRatio) {
      out.push(`fork + doc ${row.forkDocRatio.toFixed(2)}×`);
    }
    if (row.changeSetMs > TARGETS.changeSetMs) {
      out.push(`change set ${ms(row.changeSetMs)}`);
    }
    if (row.acceptMs > TARGETS.acceptMs) {
      out.push(`accept ${ms(row.acceptMs)}`);
    }
    if (row.recordBytes > TARGETS.recordBytes) {
      out.push(`record ${bytes(row.recordBytes)}`);
    }
    return out.length ? `MISSED: ${out.join(', ')}` : 'ok';
  };
  const main = table(
    [
      'cells',
      'history',
      'fork',
      'Yjs floor (Y.Doc)',
      'ratio',
      'fork + doc',
      'Yjs floor (YNotebook)',
      'ratio',
      `change set (${EDITED_CELLS} cells)`,
      'accept 1 cell',
      'one keystroke (floor)',
      'saved record',
      'Yjs diff',
      'merged own updates',
      'target'
    ],
    rows.map(r => [
      count(r.cells),
      r.history ? 'long' : 'fresh',
      ms(r.forkMs),
      ms(r.floorDocMs),
      `${r.forkRatio.toFixed(2)}×`,
      ms(r.forkDocMs),
      ms(r.floorNotebookMs),
      `${r.forkDocRatio.toFixed(2)}×`,
      ms(r.changeSetMs),
      ms(r.acceptMs),
      ms(r.keystrokeMs),
      bytes(r.recordBytes),
      bytes(r.yjsDiffBytes),
      bytes(r.mergedOwnBytes),
      misses(r)
    ])
  );
  const docs = table(
    [
      'cells',
      'history',
      'state',
      'clients',
      'structs',
      'deleted',
      'delete ranges'
    ],
    rows.map(r => [
      count(r.cells),
      r.history ? 'long' : 'fresh',
      bytes(r.doc.stateBytes),
      count(r.doc.clients),
      count(r.doc.structs),
      count(r.doc.deleted),
      count(r.doc.deleteRanges)
    ])
  );
  const title = about.quick ? ' (quick)' : about.partial ? ' (partial)' : '';
  return `## Suggestion branches${title}

${main}

Medians of ${about.reps.fork} forks (${3 * about.reps.fork} up to 1,000 cells), ${about.reps.changeSet * about.reps.reviewRounds} change sets and ${about.reps.reviewRounds * EDITED_CELLS} accepts, each after a warm-up.
Targets (at every size): fork ≤ ${TARGETS.forkRatio}× its Yjs floor, change set ≤ ${TARGETS.changeSetMs} ms, accept ≤ ${TARGETS.acceptMs} ms, saved record ≤ ${bytes(TARGETS.recordBytes)}.
*fork*: \`branchFor\`, a plain \`Y.Doc\`; *fork + doc*: then \`branch.doc\`, the \`YNotebook\` one suggests through; floors: \`Y.encodeStateAsUpdate\` of the notebook applied to a new \`Y.Doc\` / \`YNotebook\`.
The branch edits ${EDITED_CELLS} cells, typed a keystroke per transaction (the end of the first line typed over, a line added).
*one keystroke (floor)*: one character typed into a notebook cell with no suggestion open, the cost of any YNotebook transaction (JupyterLab's per-cell undo managers each see it); an accept makes several.
*saved record*: the \`coauthor\` metadata written for them (compact JSON); *Yjs diff*: \`Y.encodeStateAsUpdate(branch, stateVector(notebook))\`; *merged own updates*: \`Y.mergeUpdates\` of the branch's own updates.

Notebooks (*long*: ${HISTORY_OPS_PER_CELL} operations per cell from two clients, loaded as one update):

${docs}

Commit ${about.commit}${about.coreModified ? ' with uncommitted changes to src/core' : ''}; Node ${about.node}, yjs ${about.yjs}, @jupyter/ydoc ${about.ydoc}, ${about.cpus}; ${about.date.slice(0, 10)}, ${about.seconds} s.
`;
}

function table(head, body) {
  const line = cells => `| ${cells.join(' | ')} |`;
  return [
    line(head),
    line(head.map((_, i) => (i < 2 ? '---' : '---:'))),
    ...body.map(line)
  ].join('\n');
}

// --- small things -------------------------------------------------------------

/** Milliseconds that `fn` takes, after a garbage collection. */
function timed(fn) {
  globalThis.gc();
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function mapValues(object, fn) {
  return Object.fromEntries(
    Object.entries(object).map(([key, value]) => [key, fn(value)])
  );
}

function author(id) {
  return { id, name: id, color: '#1f77b4' };
}

function check(ok, message) {
  if (!ok) {
    throw new Error(`bench: ${message}`);
  }
}

/** A deterministic random source (mulberry32). */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ms(value) {
  return value < 10
    ? `${value.toFixed(2)} ms`
    : value < 100
      ? `${value.toFixed(1)} ms`
      : `${Math.round(value)} ms`;
}

function bytes(value) {
  return value < 1024
    ? `${value} B`
    : value < 1024 * 1024
      ? `${(value / 1024).toFixed(1)} KB`
      : `${(value / 1024 / 1024).toFixed(1)} MB`;
}

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

function count(value) {
  return value.toLocaleString('en-US');
}

function seconds(value) {
  return `${(value / 1000).toFixed(1)} s`;
}
