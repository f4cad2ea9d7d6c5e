#!/usr/bin/env node
/**
 * The corpus benchmark (issue 13): for each pair of testing/notebooks/corpus
 * (a real notebook and a revision of it), the difference suggested the way
 * the command-line tool suggests it, then:
 *
 * - the change set's counts, per kind;
 * - suggest: `suggestNotebook` (the branch edited until it is the revision);
 * - accept-all: `SuggestionManager.acceptAll` of that live suggestion;
 * - replay: the saved file opened as JupyterLab opens it (`openAsJupyterLab`,
 *   ids drawn anew below 4.5) and a `SuggestionManager` made for it, which
 *   replays the saved records; then accept-all again on the replayed branch;
 * - the saved record (`metadata.coauthor`, compact JSON) beside the size of
 *   the notebook file.
 *
 *     node bench/corpus.mjs            # table to stdout, bench/corpus-results.{md,json}
 *
 * Timings are medians of 5 runs after a warm-up; the machine is shared and
 * noisy, so read them as orders of magnitude.
 *
 * The core is compiled into a temporary folder on the fly (TypeScript's own
 * transpiler) and loaded as the command-line tools load lib/
 * (bin/compiled-core.mjs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

import { useCompiledCore } from '../bin/compiled-core.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.join(root, 'testing', 'notebooks', 'corpus');
const RUNS = 5;

const lib = fs.mkdtempSync(path.join(os.tmpdir(), 'coauthor-bench-'));
const walk = dir =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__tests__' ? [] : walk(full);
    }
    return entry.name.endsWith('.ts') ? [full] : [];
  });
const sources = path.join(root, 'src', 'core');
for (const file of walk(sources)) {
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022
    }
  });
  const target = path.join(
    lib,
    'core',
    path.relative(sources, file).replace(/\.ts$/, '.js')
  );
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, outputText);
}
const compiled = await useCompiledCore(lib);
const load = file => compiled(`suggestions/${file}`);
const { SuggestionManager } = await load('manager.js');
const { suggestNotebook } = await load('notebookDiff.js');
const { openAsJupyterLab, hasIds } = await load('notebookFile.js');

const author = { id: 'bench', name: 'Bench', color: '#6c71c4' };
const read = file =>
  JSON.parse(fs.readFileSync(path.join(corpus, file), 'utf8'));
const median = values => [...values].sort((a, b) => a - b)[values.length >> 1];

function once(pair) {
  const before = read(pair.before);
  const after = read(pair.after);
  const doc = openAsJupyterLab(before);
  const manager = new SuggestionManager({ notebook: doc, saveDelay: 1e9 });
  const branch = manager.branchFor(author);
  let t = performance.now();
  suggestNotebook(branch, after, hasIds(before) && hasIds(after));
  const suggest = performance.now() - t;
  const counts = {};
  for (const change of manager.changes()) {
    for (const kind of change.kinds) {
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
  }
  manager.save();
  const saved = doc.toJSON();
  const record = JSON.stringify(saved.metadata.coauthor ?? null).length;
  t = performance.now();
  manager.acceptAll();
  const accept = performance.now() - t;
  manager.dispose();
  doc.dispose();

  const again = openAsJupyterLab(saved);
  t = performance.now();
  const replayed = new SuggestionManager({ notebook: again, saveDelay: 1e9 });
  const changes = replayed.changes().length;
  const replay = performance.now() - t;
  t = performance.now();
  const refused = replayed.acceptAll().refused.length;
  const acceptReplayed = performance.now() - t;
  replayed.dispose();
  again.dispose();
  return {
    counts,
    suggest,
    accept,
    replay,
    acceptReplayed,
    record,
    changes,
    refused
  };
}

const manifest = read('manifest.json');
const rows = [];
for (const pair of manifest.pairs) {
  once(pair); // warm-up
  const runs = Array.from({ length: RUNS }, () => once(pair));
  const first = runs[0];
  rows.push({
    pair: `${pair.base} → ${pair.revision}`,
    nbformat: `${read(pair.before).nbformat}.${read(pair.before).nbformat_minor}`,
    counts: first.counts,
    changes: first.changes,
    refused: first.refused,
    suggestMs: median(runs.map(r => r.suggest)),
    acceptAllMs: median(runs.map(r => r.accept)),
    replayMs: median(runs.map(r => r.replay)),
    acceptReplayedMs: median(runs.map(r => r.acceptReplayed)),
    recordBytes: first.record,
    notebookBytes: fs.statSync(path.join(corpus, pair.before)).size
  });
}
fs.rmSync(lib, { recursive: true, force: true });

const ms = v => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const kb = v => (v < 1024 ? `${v} B` : `${(v / 1024).toFixed(1)} KB`);
const lines = [
  '## Suggestions on the notebook corpus',
  '',
  '| pair | nbformat | change set | suggest | accept-all | replay | accept-all (replayed) | saved record | notebook |',
  '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    r =>
      `| ${r.pair} | ${r.nbformat} | ${
        Object.entries(r.counts)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ') || 'none'
      } | ${ms(r.suggestMs)} ms | ${ms(r.acceptAllMs)} ms | ${ms(r.replayMs)} ms | ${ms(
        r.acceptReplayedMs
      )} ms | ${r.recordBytes > 4 ? kb(r.recordBytes) : '—'} | ${kb(r.notebookBytes)} |`
  ),
  '',
  `Medians of ${RUNS} runs after a warm-up, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? ''}), Node ${process.version}.`,
  '*replay*: the saved file opened as JupyterLab opens it and a `SuggestionManager` made for it (its records replayed, change set computed);',
  '*saved record*: `metadata.coauthor`, compact JSON (— when nothing is suggested: nothing is saved); *notebook*: the original file.',
  ''
];
const table = lines.join('\n');
process.stdout.write(table);
fs.writeFileSync(path.join(root, 'bench', 'corpus-results.md'), table);
fs.writeFileSync(
  path.join(root, 'bench', 'corpus-results.json'),
  JSON.stringify({ node: process.version, runs: RUNS, rows }, null, 1) + '\n'
);
const bad = rows.filter(r => r.refused);
if (bad.length) {
  process.stderr.write(
    `refused after replay: ${bad.map(r => r.pair).join(', ')}\n`
  );
  process.exitCode = 1;
}
