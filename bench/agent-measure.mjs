#!/usr/bin/env node
/**
 * Measurements of the AI co-author core:
 *
 * 1. What the agent costs at start-up: joining a notebook as an `AgentPeer`
 *    (copying its state into a replica, syncing, appearing in awareness),
 *    for notebooks of several sizes: time, bytes of the initial state, and
 *    heap.
 * 2. How many bytes of shared-document updates a 2,000-token streamed reply
 *    sends: as `Y.Text` inserts through `ChatModel.appendText` (ours), against
 *    rewriting the whole message per chunk (what jupyter-ai does).
 *
 *     node --expose-gc bench/agent-measure.mjs
 *
 * It compiles the core's TypeScript on the fly (bench/transpile.mjs:
 * TypeScript's transpiler, into node_modules/.cache) since the package has
 * no TS runner.
 */
import { performance } from 'node:perf_hooks';

import { transpile } from './transpile.mjs';

const i0 = performance.now();
await import('openai');
const openaiImportMs = performance.now() - i0;
// src/core's agent, chat and metadata modules, as runnable ES modules.
const load = transpile('agent-bench', [
  'src/core/metadata.ts',
  'src/core/replica.ts',
  'src/core/internals',
  'src/core/agent',
  'src/core/chat'
]);
const { AgentPeer } = await load('src/core/agent/peer.js');
const { ChatModel } = await load('src/core/chat/model.js');
const { YNotebook } = await import('@jupyter/ydoc');
const Y = await import('yjs');

// The warnings @jupyter/ydoc makes Yjs print for every cell it inserts
// (src/core/internals/ydoc.ts); any other warning prints.
(await load('src/core/internals/ydoc.js')).quietYdocCellWarnings();

const gc = globalThis.gc ?? (() => undefined);
const kb = n => (n / 1024).toFixed(1) + ' KB';

/** A notebook of n cells like a real analysis: code with outputs, prose. */
function makeNotebook(n) {
  const cells = [];
  for (let i = 0; i < n; i++) {
    if (i % 4 === 0) {
      cells.push({
        cell_type: 'markdown',
        source: `## Step ${i}\n\nWe look at the distribution of column ${i} and compare it with the previous step.`,
        metadata: {}
      });
    } else {
      const lines = [];
      for (let l = 0; l < 15; l++) {
        lines.push(
          `result_${i}_${l} = df["col_${l}"].rolling(${l + 2}).mean()`
        );
      }
      cells.push({
        cell_type: 'code',
        source: lines.join('\n'),
        metadata: {},
        execution_count: i,
        outputs: [
          {
            output_type: 'stream',
            name: 'stdout',
            text: 'value\n'.repeat(40)
          }
        ]
      });
    }
  }
  return YNotebook.create({ data: { cells } });
}

function startup(n, repeat = 5) {
  const times = [];
  let bytes = 0;
  let keystroke = 0;
  for (let r = 0; r < repeat; r++) {
    const notebook = makeNotebook(n);
    bytes = Y.encodeStateAsUpdate(notebook.ydoc).byteLength;
    const t0 = performance.now();
    const peer = new AgentPeer({ notebook, name: 'gpt-4o-mini' });
    times.push(performance.now() - t0);
    // A person's keystroke reaching the agent's replica, once joined.
    const k0 = performance.now();
    notebook.cells[1].ysource.insert(0, 'x');
    keystroke += (performance.now() - k0) / repeat;
    if (peer.replica.cells[1].getSource()[0] !== 'x') {
      throw new Error('replica out of sync');
    }
    peer.dispose();
    notebook.dispose();
  }
  // Heap: several peers kept alive on one notebook, per peer.
  const notebook = makeNotebook(n);
  const peers = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 5; i++) {
    peers.push(new AgentPeer({ notebook, name: 'gpt-4o-mini' }));
  }
  gc();
  const heap = (process.memoryUsage().heapUsed - before) / peers.length;
  peers.forEach(p => p.dispose());
  notebook.dispose();
  times.sort((a, b) => a - b);
  return {
    cells: n,
    state: kb(bytes),
    'join (median)': times[Math.floor(times.length / 2)].toFixed(1) + ' ms',
    'heap per peer': kb(heap),
    'keystroke → replica': keystroke.toFixed(3) + ' ms'
  };
}

/** 2,000 tokens of about 4 characters, as a model streams them. */
function tokens(count) {
  const words =
    'the model streams a reply token by token into the shared notebook so that collaborators see it appear while it is written'.split(
      ' '
    );
  const list = [];
  for (let i = 0; i < count; i++) {
    const word = words[i % words.length];
    list.push(i % 2 ? ' ' + word.slice(0, 3) : word.slice(3) || '.');
  }
  return list;
}

function measure(stream) {
  const notebook = makeNotebook(20);
  const chat = new ChatModel({ notebook, save: false });
  chat.addMessage({
    role: 'user',
    author: { name: 'A', color: '#c33' },
    body: 'Explain'
  });
  let bytes = 0;
  let updates = 0;
  const onUpdate = update => {
    bytes += update.byteLength;
    updates += 1;
  };
  const t0 = performance.now();
  stream(notebook, chat, onUpdate);
  const ms = performance.now() - t0;
  const result = { bytes, updates, ms, text: chat.messages[1].body.length };
  chat.dispose();
  notebook.dispose();
  return result;
}

const reply = tokens(2000);

// Ours: one Y.Text insert per token.
const inserts = measure((notebook, chat, onUpdate) => {
  const id = chat.addMessage({
    role: 'assistant',
    author: { name: 'gpt-4o-mini', color: '#7c4dff' },
    status: 'streaming'
  });
  notebook.ydoc.on('update', onUpdate);
  for (const token of reply) {
    chat.appendText(id, token);
  }
  chat.setStatus(id, 'done');
  notebook.ydoc.off('update', onUpdate);
});

// jupyter-ai's way: the whole message object is replaced per chunk.
const rewrite = measure((notebook, chat, onUpdate) => {
  const array = chat.yarray;
  const author = { name: 'gpt-4o-mini', color: '#7c4dff' };
  const make = (body, status) => {
    const map = new Y.Map();
    map.set('id', 'reply');
    map.set('role', 'assistant');
    map.set('author', author);
    map.set('time', Date.now());
    map.set('status', status);
    map.set('body', new Y.Text(body));
    return map;
  };
  notebook.ydoc.on('update', onUpdate);
  notebook.ydoc.transact(() => array.push([make('', 'streaming')]));
  let body = '';
  for (const token of reply) {
    body += token;
    notebook.ydoc.transact(() => {
      array.delete(array.length - 1, 1);
      array.push([make(body, 'streaming')]);
    });
  }
  notebook.ydoc.off('update', onUpdate);
});

// The saved copy, written once when the stream ends (debounced), for scale.
const notebook = makeNotebook(0);
const chat = new ChatModel({ notebook, saveDelay: 0 });
const id = chat.addMessage({
  role: 'assistant',
  author: { name: 'm', color: '#000' }
});
chat.appendText(id, reply.join(''));
let saveBytes = 0;
notebook.ydoc.on('update', u => (saveBytes += u.byteLength));
chat.flush();
chat.dispose();
notebook.dispose();

console.log(
  `\nLoading the openai client module (once per page): ${openaiImportMs.toFixed(0)} ms`
);
console.log('\nAgent start-up (AgentPeer joining a notebook; median of 5)\n');
console.table([10, 100, 500].map(n => startup(n)));
console.log('\nA 2,000-token streamed reply: shared-document update bytes\n');
console.table({
  'Y.Text inserts (ours)': {
    updates: inserts.updates,
    bytes: inserts.bytes,
    size: kb(inserts.bytes),
    'ms total': inserts.ms.toFixed(0),
    'reply chars': inserts.text
  },
  'whole message per chunk': {
    updates: rewrite.updates,
    bytes: rewrite.bytes,
    size: kb(rewrite.bytes),
    'ms total': rewrite.ms.toFixed(0),
    'reply chars': rewrite.text
  }
});
console.log(
  `ratio: ${(rewrite.bytes / inserts.bytes).toFixed(0)}x; ` +
    `saving the finished reply into metadata once: ${kb(saveBytes)}`
);
process.exit(0);
