#!/usr/bin/env node
/**
 * The load test of the whole (issue 15), run by scripts/load-test.sh: a real
 * Jupyter server with jupyter-collaboration and, in one notebook, headless
 * agents against scripted models, pycrdt typers, and Chromium pages in
 * suggesting mode that accept and reject, for a bounded time; then every
 * replica and the saved file must converge with nothing duplicated or lost.
 * It prints a table and writes the figures as JSON (--out).
 *
 *   node testing/load/run.mjs --venv .venv [--seconds 300] [--peers 20]
 *       [--agents 4] [--browsers 2] [--rate 4] [--port 8925]
 *       [--model-port 8950] [--out bench/load-results.json] [--seed 1]
 *
 * Exit status: 0 when every check passed, 1 when one failed, 2 on bad
 * arguments, 3 when the whole run overran its bound.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agents } from './agents.mjs';
import { BrowserPeers } from './browsers.mjs';
import { REPO, loadCore } from './core.mjs';
import { BROWSER_MARKER, Observer, TYPER_MARKER } from './observer.mjs';
import {
  cpuSeconds,
  percentiles,
  processTable,
  rssMb,
  startJupyter,
  treeOf
} from './procs.mjs';
import { canonical, digestOf } from './replica.mjs';
import { Typers } from './typers.mjs';

const LIMITS = {
  seconds: [5, 1800],
  peers: [3, 40],
  agents: [0, 8],
  browsers: [0, 2]
};

function parseArgs(argv) {
  const o = {
    seconds: 300,
    peers: 20,
    agents: 4,
    browsers: 2,
    rate: 2,
    port: 8925,
    modelPort: 8950,
    out: path.join(REPO, 'bench', 'load-results.json'),
    venv: path.join(REPO, '.venv'),
    seed: 1,
    reviewEveryMs: 4000,
    turnPauseMs: 2000
  };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    const value = () => {
      if (k + 1 >= argv.length) {
        throw new Error(`${arg} needs a value`);
      }
      return argv[++k];
    };
    const number = () => {
      const v = Number(value());
      if (!Number.isFinite(v)) {
        throw new Error(`${arg} needs a number`);
      }
      return v;
    };
    switch (arg) {
      case '--seconds':
        o.seconds = number();
        break;
      case '--peers':
        o.peers = number();
        break;
      case '--agents':
        o.agents = number();
        break;
      case '--browsers':
        o.browsers = number();
        break;
      case '--rate':
        o.rate = number();
        break;
      case '--port':
        o.port = number();
        break;
      case '--model-port':
        o.modelPort = number();
        break;
      case '--seed':
        o.seed = number();
        break;
      case '--out':
        o.out = path.resolve(value());
        break;
      case '--venv':
        o.venv = path.resolve(value());
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  for (const [key, [min, max]] of Object.entries(LIMITS)) {
    if (!(o[key] >= min && o[key] <= max)) {
      throw new Error(`--${key} must be between ${min} and ${max}`);
    }
  }
  if (!(o.rate > 0 && o.rate <= 20)) {
    throw new Error('--rate must be in (0, 20] markers per second');
  }
  o.typers = o.peers - o.agents - o.browsers;
  if (o.typers < 1) {
    throw new Error('--peers must leave at least one typer');
  }
  return o;
}

/** The notebook the peers share: one cell per agent and page, typers two a cell. */
function makeNotebook(o) {
  const cell = (id, source, type = 'code') => ({
    cell_type: type,
    id,
    metadata: {},
    source,
    ...(type === 'code' ? { outputs: [], execution_count: null } : {})
  });
  const agentCells = [...Array(o.agents)].map((_, k) => `agent-${k}`);
  const typingCells = [...Array(Math.ceil(o.typers / 2))].map(
    (_, k) => `typing-${k}`
  );
  const browserCells = [...Array(o.browsers)].map((_, k) => `browser-${k}`);
  const cells = [
    cell(
      'intro',
      '# Load test\nEvery peer writes into its own cell.',
      'markdown'
    ),
    ...agentCells.map((id, k) => cell(id, `# agent cell ${k}\n`)),
    ...typingCells.map(id => cell(id, '', 'raw')),
    ...browserCells.map(id => cell(id, `# page cell ${id}\n`))
  ];
  return {
    notebook: {
      cells,
      metadata: {
        kernelspec: {
          name: 'python3',
          display_name: 'Python 3',
          language: 'python'
        },
        language_info: { name: 'python' }
      },
      nbformat: 4,
      nbformat_minor: 5
    },
    agentCells,
    typingCells,
    browserCells
  };
}

function sleep(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`load test: ${error.message}`);
    return 2;
  }
  const jupyter = path.join(o.venv, 'bin', 'jupyter');
  const python = path.join(o.venv, 'bin', 'python');
  if (!fs.existsSync(jupyter)) {
    console.error(
      `load test: no ${jupyter} (make_venv ${o.venv} collab, scripts/lib.sh)`
    );
    return 2;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'coauthor-load-'));
  const root = path.join(work, 'root');
  fs.mkdirSync(root);
  const notebookPath = 'load.ipynb';
  const { notebook, agentCells, typingCells, browserCells } = makeNotebook(o);
  fs.writeFileSync(
    path.join(root, notebookPath),
    JSON.stringify(notebook, null, 1)
  );
  const token = crypto.randomBytes(12).toString('hex');
  const server = { baseUrl: `http://127.0.0.1:${o.port}`, token };
  const serverLog = [];
  const say = text =>
    console.log(`[load ${new Date().toISOString().slice(11, 19)}] ${text}`);

  const checks = [];
  const check = (name, ok, detail = '') => {
    checks.push({ name, ok: Boolean(ok), ...(detail ? { detail } : {}) });
    console.log(
      `${ok ? 'ok' : 'not ok'} - ${name}${detail && !ok ? ` ${detail}` : ''}`
    );
  };

  let jupyterChild = null;
  let observer = null;
  let agents = null;
  let typers = null;
  let browsers = null;
  const memory = {};
  // CPU seconds of each kind at the first and the last sample of the load.
  const cpu = {};
  const sample = () => {
    const table = processTable();
    const add = (kind, pids) => {
      const mb = rssMb(table, pids);
      const m = (memory[kind] ??= { maxMb: 0, lastMb: 0 });
      m.lastMb = mb;
      m.maxMb = Math.max(m.maxMb, mb);
      const s = cpuSeconds(table, pids);
      const c = (cpu[kind] ??= { first: s, last: s });
      c.last = s;
    };
    if (jupyterChild) {
      add('server', [jupyterChild.pid]);
      add(
        'kernel',
        treeOf(table, jupyterChild.pid).filter(p => p !== jupyterChild.pid)
      );
    }
    if (typers?.pid) {
      add('typersProcess', [typers.pid]);
    }
    for (const agent of agents?.agents ?? []) {
      add(`agent ${agent.name}`, treeOf(table, agent.child.pid));
    }
    const chromium = treeOf(table, process.pid).filter(
      p => p !== process.pid && /chrom/i.test(table.get(p).args)
    );
    if (chromium.length) {
      add('browsers', chromium);
    }
    add('orchestrator', [process.pid]);
  };
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.type()} ${os.release()}`
    },
    config: {
      seconds: o.seconds,
      peers: o.peers,
      agents: o.agents,
      typers: o.typers,
      browsers: o.browsers,
      typerRatePerSecond: o.rate,
      reviewEveryMs: o.reviewEveryMs,
      agentTurnPauseMs: o.turnPauseMs,
      measuringPeers: 'an observer and the chat driver (not counted in --peers)'
    }
  };

  let status = 1;
  try {
    say(`jupyter lab on 127.0.0.1:${o.port} (${work})`);
    jupyterChild = await startJupyter({
      jupyter,
      root,
      port: o.port,
      token,
      log: data => {
        serverLog.push(String(data));
        if (serverLog.length > 400) {
          serverLog.shift();
        }
      }
    });
    const core = await loadCore();
    observer = new Observer(core, server, notebookPath);
    await observer.whenSynced();
    say('observer synced');

    if (o.agents > 0) {
      agents = new Agents(core, {
        count: o.agents,
        server,
        notebookPath,
        modelPortBase: o.modelPort,
        cellIds: agentCells,
        turnTimeoutMs: 120000,
        turnPauseMs: o.turnPauseMs
      });
      await agents.start();
      say(`${o.agents} agents present`);
    }
    typers = new Typers({
      python,
      server,
      notebookPath,
      count: o.typers,
      cellIds: typingCells,
      rate: o.rate
    });
    typers.start();
    await typers.whenSynced();
    say(`${o.typers} typers synced`);
    if (o.browsers > 0) {
      browsers = new BrowserPeers({
        count: o.browsers,
        baseUrl: server.baseUrl,
        token,
        notebookPath,
        cellIds: browserCells,
        reviewEveryMs: o.reviewEveryMs,
        seed: o.seed
      });
      await browsers.start();
      say(`${o.browsers} pages in suggesting mode`);
    }

    // The load.
    observer.measuring = true;
    const started = Date.now();
    agents?.run();
    browsers?.run();
    // The typers started typing when they synced; their markers before
    // now are not measured (measuring was off).
    // How late this process's own timers fire: the observer's latencies
    // include it, so it is reported beside them.
    const lags = [];
    let tick = Date.now();
    const lagTimer = setInterval(() => {
      const now = Date.now();
      lags.push(Math.max(0, now - tick - 100));
      tick = now;
    }, 100);
    const sampler = setInterval(sample, 2000);
    sample();
    while (Date.now() - started < o.seconds * 1000) {
      await sleep(1000);
    }
    clearInterval(sampler);
    clearInterval(lagTimer);
    sample();
    const loadMs = Date.now() - started;
    observer.measuring = false;
    const updates = observer.updates;

    // Stop every writer, then wait for every replica to agree.
    say('stopping the load');
    const stopAt = Date.now();
    const typerSeen = (await typers.latencies())
      .filter(([at]) => at >= started && at <= started + loadMs)
      .map(([, ms]) => ms);
    const [written] = await Promise.all([
      typers.stop(),
      browsers?.stop(),
      agents?.stop()
    ]);
    const writersStoppedMs = Date.now() - stopAt;
    let converged = false;
    let digests = [];
    // What the room still has queued when the writers stop must reach every
    // replica: a minute, two after a long run.
    const convergeUntil = Date.now() + (o.seconds > 60 ? 120000 : 60000);
    while (Date.now() < convergeUntil) {
      digests = [
        ['observer', digestOf(observer.canonical())],
        ...(agents
          ? [['chat driver', digestOf(canonical(agents.notebook.ydoc))]]
          : []),
        ...(await typers.digestsNow()).map((d, k) => [`typer ${k}`, d]),
        ...(browsers
          ? (await browsers.canonicals()).map((c, k) => [
              `page ${k}`,
              c === null ? 'none' : digestOf(c)
            ])
          : [])
      ];
      if (digests.every(([, d]) => d === digests[0][1])) {
        converged = true;
        break;
      }
      await sleep(100);
    }
    const convergeMs = Date.now() - stopAt;
    say(
      converged ? `converged ${convergeMs} ms after the stop` : 'NOT converged'
    );

    // --- the checks ----------------------------------------------------------
    const replicas = digests.length;
    check(
      `every replica converged (${replicas}: observer${agents ? ', chat driver' : ''}, ${o.typers} typers, ${o.browsers} pages)`,
      converged,
      JSON.stringify(
        Object.fromEntries(digests.map(([k, d]) => [k, d.slice(0, 8)]))
      )
    );
    const doc = observer.doc;
    check(
      'no pending (unintegrated) operations in the room',
      !doc.store.pendingStructs && !doc.store.pendingDs
    );
    const cells = doc.getArray('cells').toArray();
    const ids = cells.map(c => c.get('id'));
    check(
      `no duplicated cell id (${ids.length} cells)`,
      new Set(ids).size === ids.length,
      ids.filter((id, k) => ids.indexOf(id) !== k).join(',')
    );
    const text = cells.map(c => c.get('source')?.toString() ?? '').join('\n');
    const seen = new Map();
    for (const m of text.matchAll(TYPER_MARKER)) {
      const key = `${m[1]}.${m[2]}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    let expected = 0;
    const missing = [];
    const doubled = [];
    for (const [typer, count] of written) {
      for (let n = 0; n < count; n++) {
        expected += 1;
        const c = seen.get(`${typer}.${n}`) ?? 0;
        if (c === 0) {
          missing.push(`${typer}.${n}`);
        }
        if (c > 1) {
          doubled.push(`${typer}.${n}x${c}`);
        }
      }
    }
    const extra = [...seen.keys()].filter(key => {
      const [typer, n] = key.split('.').map(Number);
      return !(n < (written.get(typer) ?? 0));
    });
    check(
      `every typed marker in the room exactly once (${expected})`,
      missing.length === 0 &&
        doubled.length === 0 &&
        extra.length === 0 &&
        expected > 0,
      `missing ${missing.slice(0, 5)} doubled ${doubled.slice(0, 5)} unknown ${extra.slice(0, 5)}`
    );
    const pageMarks = new Map();
    for (const m of text.matchAll(BROWSER_MARKER)) {
      const key = `${m[1]}.${m[2]}`;
      pageMarks.set(key, (pageMarks.get(key) ?? 0) + 1);
    }
    const pageDoubled = [...pageMarks].filter(([, c]) => c > 1).map(([k]) => k);
    check(
      `no page's accepted marker twice (${pageMarks.size} in the notebook)`,
      pageDoubled.length === 0,
      pageDoubled.slice(0, 5).join(',')
    );
    const agentMarks = new Map();
    for (const m of text.matchAll(/# (\w+)'s (edit|new cell) (\d+)/g)) {
      agentMarks.set(m[0], (agentMarks.get(m[0]) ?? 0) + 1);
    }
    const agentDoubled = [...agentMarks]
      .filter(([, c]) => c > 1)
      .map(([k]) => k);
    check(
      `no agent's accepted edit twice (${agentMarks.size} in the notebook)`,
      agentDoubled.length === 0,
      agentDoubled.slice(0, 5).join(',')
    );
    const accounting = observer.accountEntries();
    check(
      `every suggestion entry accounted for (${accounting.counts.total}: ${accounting.counts.pending} pending, ${accounting.counts.accepted} accepted, ${accounting.counts.rejected} rejected, ${accounting.counts.acceptedAndRejected} accepted while rejected elsewhere)`,
      accounting.counts.lost === 0 &&
        (o.agents + o.browsers === 0 || accounting.counts.total > 0),
      `lost ${accounting.counts.lost}: ${accounting.lost.join('; ')}`
    );

    // The saved file: the room's cells, once each.
    say('saving');
    const saved = await observer.connection.requestSave(15000);
    check('the room saves the file', saved === 'success', `(${saved})`);
    const file = JSON.parse(
      fs.readFileSync(path.join(root, notebookPath), 'utf8')
    );
    const fileCells = file.cells.map(c => [
      c.id,
      c.cell_type,
      Array.isArray(c.source) ? c.source.join('') : c.source
    ]);
    const roomCells = cells.map(c => [
      c.get('id'),
      c.get('cell_type'),
      c.get('source')?.toString() ?? ''
    ]);
    const firstDiff = roomCells.findIndex(
      (c, k) => JSON.stringify(c) !== JSON.stringify(fileCells[k])
    );
    check(
      `the saved file has the room's cells (${fileCells.length})`,
      fileCells.length === roomCells.length && firstDiff < 0,
      `room ${roomCells.length} file ${fileCells.length}, first difference at ${firstDiff}`
    );
    const savedSuggestions = file.metadata?.coauthor?.suggestions;
    results.savedSuggestionBranches = Array.isArray(savedSuggestions?.branches)
      ? savedSuggestions.branches.length
      : null;

    let replies = null;
    if (agents) {
      replies = agents.replies();
      check(
        `every @-addressed chat message answered by its agent (${replies.answered}/${replies.addressed})`,
        replies.addressed > 0 && replies.answered === replies.addressed,
        agents.errors.slice(0, 5).join('; ')
      );
    }
    if (browsers) {
      check(
        `the pages typed, accepted and rejected (${browsers.stats.map(s => `${s.typed} typed, ${s.accepted} accepted, ${s.rejected} rejected`).join('; ')})`,
        browsers.stats.every(s => s.typed > 0) &&
          browsers.stats.some(s => s.accepted > 0) &&
          browsers.stats.some(s => s.rejected > 0),
        browsers.errors.slice(0, 5).join('; ')
      );
      check(
        `no error in the pages' consoles`,
        browsers.consoleErrors.length === 0,
        browsers.consoleErrors.slice(0, 5).join(' | ')
      );
    }
    let exits = null;
    if (agents) {
      say('stopping the agents (SIGINT)');
      exits = await agents.shutdown();
      check(
        'every agent stops cleanly on SIGINT',
        exits.every(e => e.clean),
        JSON.stringify(exits.filter(e => !e.clean))
      );
    }

    const round = v => (v === null ? null : Math.round(v * 10) / 10);
    const lat = values => {
      const p = percentiles(values);
      return {
        count: p.count,
        p50: round(p.p50),
        p95: round(p.p95),
        max: round(p.max)
      };
    };
    Object.assign(results, {
      loadMs,
      updates: {
        seenByObserver: updates,
        perSecond: round(updates / (loadMs / 1000)),
        kbPerSecond: round(observer.updateBytes / 1024 / (loadMs / 1000))
      },
      latencyMs: {
        typerToTyper: lat(typerSeen),
        typerToObserver: lat(observer.typerLatencies),
        suggestionEntryToObserver: lat(observer.entryLatencies),
        observerEventLoopLag: lat(lags)
      },
      memoryMb: Object.fromEntries(
        Object.entries(memory).map(([k, v]) => [
          k,
          { max: round(v.maxMb), end: round(v.lastMb) }
        ])
      ),
      // CPU used during the load, in % of one core (ps: whole seconds).
      cpuPercentOfOneCore: Object.fromEntries(
        Object.entries(cpu).map(([k, v]) => [
          k,
          Math.round(((v.last - v.first) / (loadMs / 1000)) * 100)
        ])
      ),
      perPeerMemoryMb: {
        typer: memory.typersProcess
          ? round(memory.typersProcess.maxMb / o.typers)
          : null,
        agent: agents
          ? round(
              Math.max(
                ...agents.agents.map(a => memory[`agent ${a.name}`]?.maxMb ?? 0)
              )
            )
          : null,
        page: memory.browsers ? round(memory.browsers.maxMb / o.browsers) : null
      },
      convergence: {
        converged,
        msAfterStop: convergeMs,
        writersStoppedMs,
        replicas
      },
      counts: {
        cells: cells.length,
        typedMarkers: expected,
        entries: accounting.counts,
        entriesByAuthor: accounting.byAuthor,
        agentTurns: agents
          ? Object.fromEntries(agents.agents.map(a => [a.name, a.turns]))
          : null,
        agentTimeouts: agents
          ? agents.agents.reduce((s, a) => s + a.timeouts, 0)
          : null,
        replies,
        pages: browsers?.stats ?? null,
        pageDriverErrors: browsers?.errors.slice(0, 20) ?? null,
        pageUpstreamErrors: browsers
          ? {
              count: browsers.upstreamErrors.length,
              first: browsers.upstreamErrors.slice(0, 3)
            }
          : null
      },
      loadAverage: os.loadavg().map(v => round(v)),
      checks
    });
    results.passed = checks.every(c => c.ok);
    status = results.passed ? 0 : 1;
  } catch (error) {
    console.error(`load test: ${error.stack ?? error}`);
    check(
      'the load test ran to its end',
      false,
      String(error.message ?? error)
    );
    results.passed = false;
    results.checks = checks;
    results.error = String(error.message ?? error);
    if (serverLog.length) {
      console.error(`server log (end):\n${serverLog.join('').slice(-3000)}`);
    }
    for (const agent of agents?.agents ?? []) {
      console.error(
        `agent ${agent.name} log (end):\n${agent.log.join('').slice(-1500)}`
      );
    }
    if (typers?.errors.length) {
      console.error(`typers: ${typers.errors.join('\n').slice(-1500)}`);
    }
    status = 1;
  } finally {
    say('closing');
    await browsers?.close();
    await typers?.close().catch(() => undefined);
    if (agents) {
      await agents.shutdown(3000).catch(() => undefined);
    }
    await observer?.close().catch(() => undefined);
    if (jupyterChild && jupyterChild.exitCode === null) {
      jupyterChild.kill('SIGTERM');
      await new Promise(resolve => {
        const timer = setTimeout(() => {
          jupyterChild.kill('SIGKILL');
          resolve();
        }, 8000);
        jupyterChild.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    fs.rmSync(work, { recursive: true, force: true });
    say('closed');
  }
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, JSON.stringify(results, null, 2) + '\n');
  printTable(results);
  console.log(`written to ${path.relative(process.cwd(), o.out)}`);
  console.log(
    `${checks.filter(c => c.ok).length} passed, ${checks.filter(c => !c.ok).length} failed`
  );
  return status;
}

function printTable(r) {
  if (!r.updates) {
    return;
  }
  const rows = [
    [
      'peers',
      `${r.config.peers} (${r.config.agents} agents, ${r.config.typers} typers, ${r.config.browsers} pages) for ${Math.round(r.loadMs / 1000)} s`
    ],
    [
      'updates seen by a peer',
      `${r.updates.seenByObserver} (${r.updates.perSecond}/s, ${r.updates.kbPerSecond} KB/s)`
    ],
    ['typer → typer latency', fmtLat(r.latencyMs.typerToTyper)],
    ['typer → observer latency', fmtLat(r.latencyMs.typerToObserver)],
    [
      'suggestion entry → observer',
      fmtLat(r.latencyMs.suggestionEntryToObserver)
    ],
    ['observer event-loop lag', fmtLat(r.latencyMs.observerEventLoopLag)],
    [
      'CPU during the load (% of a core)',
      Object.entries(r.cpuPercentOfOneCore)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')
    ],
    ...Object.entries(r.memoryMb).map(([k, v]) => [
      `RSS ${k}`,
      `${v.max} MB max, ${v.end} MB at the end`
    ]),
    [
      'converged after the stop',
      `${r.convergence.msAfterStop} ms (writers stopped in ${r.convergence.writersStoppedMs} ms; ${r.convergence.replicas} replicas)`
    ],
    ['suggestion entries', JSON.stringify(r.counts.entries)]
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('');
  for (const [k, v] of rows) {
    console.log(`${k.padEnd(width)}  ${v}`);
  }
}

function fmtLat(l) {
  return l.count
    ? `p50 ${l.p50} ms, p95 ${l.p95} ms, max ${l.max} ms (${l.count})`
    : 'none';
}

/** Kill every process this run started (its whole tree), now. */
function killTree() {
  const table = processTable();
  for (const pid of treeOf(table, process.pid)) {
    if (pid !== process.pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`load test: ${signal}; stopping every peer and the server`);
    killTree();
    process.exit(130);
  });
}
// The whole run is bounded: the load, plus set-up and checks.
const bound = setTimeout(
  () => {
    console.error('load test: overran its bound; stopping');
    killTree();
    process.exit(3);
  },
  1000 *
    (Math.min(
      1800,
      Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 300
    ) +
      300)
);
bound.unref();
process.exitCode = await main();
// Child processes are gone; do not wait for lingering handles.
process.exit(process.exitCode);
