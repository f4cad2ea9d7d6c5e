/**
 * Benchmark (issue 4): what jupyterlab-coauthor costs on a large notebook.
 *
 * 1. Opening a 1,000-cell notebook: (a) with the extension disabled, (b) with
 *    it enabled, (c) enabled, on the same notebook carrying 20 saved
 *    suggestions. Same run, same machine, $COAUTHOR_BENCH_REPS (5) rounds.
 * 2. Typing in that notebook: per-keystroke latency in editing mode and in
 *    suggesting mode (and, for reference, with the extension disabled), and
 *    the time to switch suggesting mode on and off.
 *
 *     cd ui-tests && npm run bench            # plain JupyterLab on PATH
 *     COAUTHOR_COLLAB=1 npm run bench         # with jupyter-collaboration
 *
 * It prints the figures as Markdown tables and writes them, with every
 * sample, to test-results/bench-{solo,collab}.{md,json} (not committed:
 * they are one machine's figures). It is a measurement, not a test: it checks
 * that the text and the marks land where they should but sets no time limit,
 * and `npx playwright test` (scripts/test.sh) never runs it (see
 * playwright.bench.config.js).
 *
 * Method.
 * - The notebook: 1,000 cells, one markdown cell in four, code cells of four
 *   lines, every other one with a short stream output (`makeNotebook`).
 * - The suggestions are made the way a person makes them: in a browser of its
 *   own, the plain notebook is opened, suggesting mode switched on, 20 code
 *   cells edited (a line added at the end of each, two of them on the first
 *   screen), and the notebook saved; the saved file (metadata `coauthor` →
 *   `suggestions`, written by SuggestionManager.save()) is notebook (c), and
 *   that file without `metadata.coauthor` is the notebook of (a) and (b).
 * - "Open" runs `docmanager:open` in an application that is already loaded
 *   and times, in the page, from the command to:
 *     ready  the document's model is loaded (`context.ready`);
 *     shown  the first six cells are rendered (code in their editors,
 *            markdown rendered) and, in (c), the suggestion marks of the two
 *            suggested cells among them are drawn; taken after the next paint
 *            (for a switch of mode: the six cells around the active cell,
 *            where the user is);
 *     all    every cell is rendered (JupyterLab renders the cells out of view
 *            in idle time) and, in (c), the marks of all 20 are drawn;
 *     idle   the end of the last long task (> 50 ms) before a second with
 *            none: when the page stops being busy because of the open.
 *   Each repetition opens a fresh copy of the file (a new name, so also a new
 *   collaboration room), and the variants take turns in a rotating order. The
 *   first round is a warm-up and is not counted. Heap: JS heap after a forced
 *   garbage collection, open notebook minus closed.
 * - Switching suggesting mode (`coauthor:toggle-suggesting`) is timed like an
 *   open (shown, all, idle), once each way per notebook.
 * - Kernels are not started (the Notebook widget factory's `canStartKernel`
 *   is set to false in every page), so that a kernel's start-up on the same
 *   machine does not mix into the figures.
 * - A keystroke: a key press sent by Playwright into a code cell's editor
 *   (the cursor at the end of a comment line); timed in the page from the
 *   keydown event's timestamp to after the next paint (a message posted from
 *   the next animation frame). The character is then in the editor and, in
 *   suggesting mode, in the branch (the editor edits the branch); the bench
 *   checks where the text landed after each series. One key at a time: the
 *   next is sent once the previous one is painted. Each series is 3 warm-up
 *   keys and $COAUTHOR_BENCH_KEYS (30) timed ones.
 *
 * A run takes about 40 minutes on two cores, most of it waiting for
 * JupyterLab to render all 1,000 cells after each open and each switch.
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { galata, test } from '@jupyterlab/galata';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { makeNotebook } from './notebook';
import { topSelf, totalTime } from './profile';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { servers } = require('./servers');

const LABEL = process.env.COAUTHOR_COLLAB === '1' ? 'collab' : 'solo';
const CELLS = Number(process.env.COAUTHOR_BENCH_CELLS || 1000);
const REPS = Number(process.env.COAUTHOR_BENCH_REPS || 5);
const KEYS = Number(process.env.COAUTHOR_BENCH_KEYS || 30);
/**
 * $COAUTHOR_BENCH_ONLY=typing: only the keystrokes, with the extension
 * disabled (plain JupyterLab) and next to the 20 suggestions (editing and
 * suggesting mode), without the rounds of openings: about 10 minutes.
 */
const ONLY_TYPING = process.env.COAUTHOR_BENCH_ONLY === 'typing';
/**
 * $COAUTHOR_BENCH_PROFILE=1: after each timed series of keys, one more of
 * KEYS keys under Chromium's CPU profiler (not counted), summed into
 * test-results/bench-{label}-profile-{series}.txt.
 */
const PROFILE = process.env.COAUTHOR_BENCH_PROFILE === '1';
/** Key presses before each series of KEYS, not counted. */
const WARM_UP = 3;
const RESULTS = path.join(__dirname, '..', 'test-results', `bench-${LABEL}`);
const DIR = 'bench';

/**
 * The code cells the suggestions edit: two on the first screen, 18 spread
 * over the notebook (an even step keeps them off the markdown cells).
 */
const STEP = 2 * Math.floor(CELLS / 40);
const EDITED = [
  1,
  3,
  ...Array.from({ length: 18 }, (_, k) => STEP * (k + 1) + 1)
];
/** The cells typed into: code cells in the middle that no suggestion edits. */
const MIDDLE = 4 * Math.floor(CELLS / 8);
const TYPE_IN = { editing: MIDDLE + 2, suggesting: MIDDLE + 3 };

interface IServer {
  key: string;
  port: number;
  enabled: boolean;
}

interface IOpenTimes {
  ready: number;
  shown: number;
  all: number;
  idle: number;
  heapMB: number;
  marks: number;
}

// --- the notebook -----------------------------------------------------------

// makeNotebook: bench/notebook.ts (shared with switch.bench.ts).

// --- the servers ------------------------------------------------------------

function serverURL(server: IServer): string {
  return `http://localhost:${server.port}`;
}

async function putFile(
  request: APIRequestContext,
  server: IServer,
  file: string,
  body: Record<string, unknown>
): Promise<void> {
  const response = await request.put(
    `${serverURL(server)}/api/contents/${file}`,
    { data: body }
  );
  if (!response.ok()) {
    throw new Error(
      `cannot write ${file} on port ${server.port}: HTTP ${response.status()}`
    );
  }
}

async function uploadNotebook(
  request: APIRequestContext,
  server: IServer,
  name: string,
  content: any
): Promise<string> {
  const file = `${DIR}/${name}`;
  await putFile(request, server, file, {
    type: 'notebook',
    format: 'json',
    content
  });
  return file;
}

async function readNotebook(
  request: APIRequestContext,
  server: IServer,
  file: string
): Promise<any> {
  const response = await request.get(
    `${serverURL(server)}/api/contents/${file}?content=1&type=notebook`
  );
  return (await response.json()).content;
}

/** A JupyterLab page on a server, ready for the measurements. */
async function openLab(
  browser: Browser,
  server: IServer,
  waitForApplication: (page: Page, helpers: any) => Promise<void>
): Promise<IJupyterLabPageFixture> {
  const { page } = await galata.newPage({
    browser,
    baseURL: serverURL(server),
    tmpPath: DIR,
    waitForApplication
  });
  await page.evaluate(installHelpers);
  const plugins = await page.evaluate(() => {
    const app = (window as any).jupyterapp;
    return {
      suggestions: app.isPluginActivated('jupyterlab-coauthor:suggestions'),
      registered: app.hasPlugin('jupyterlab-coauthor:suggestions')
    };
  });
  if (plugins.suggestions !== server.enabled) {
    throw new Error(
      `server ${server.key}: the extension is ${
        plugins.suggestions ? 'active' : 'not active'
      } (registered: ${plugins.registered})`
    );
  }
  return page;
}

// --- in the page ------------------------------------------------------------

/**
 * The page side of the measurements, installed once per page as
 * `window.coauthorBench`.
 */
function installHelpers(): void {
  const w = window as any;
  if (w.coauthorBench) {
    return;
  }
  const app = w.jupyterapp;
  const longTasks: { start: number; end: number }[] = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      longTasks.push({
        start: entry.startTime,
        end: entry.startTime + entry.duration
      });
    }
  }).observe({ type: 'longtask', buffered: true } as any);

  // No kernels: a kernel starting on the same machine is not what we measure.
  const factory = app.docRegistry.getWidgetFactory('Notebook');
  Object.defineProperty(factory, 'canStartKernel', {
    value: false,
    configurable: true
  });

  const sleep = (ms: number) =>
    new Promise<void>(resolve => setTimeout(resolve, ms));
  const frame = () =>
    new Promise<void>(resolve => requestAnimationFrame(() => resolve()));
  /** Resolves after the next paint, with the time. */
  const afterPaint = () =>
    new Promise<number>(resolve =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      })
    );
  const heapMB = async () => {
    for (let i = 0; i < 2; i++) {
      w.gc?.();
      await sleep(50);
    }
    return ((performance as any).memory?.usedJSHeapSize ?? 0) / 2 ** 20;
  };
  const rendered = (cell: any) => {
    if (!cell || cell.isPlaceholder() || !cell.node.isConnected) {
      return false;
    }
    if (cell.model.type === 'markdown') {
      return !!cell.node.querySelector('.jp-RenderedMarkdown > *');
    }
    return !!cell.node.querySelector('.cm-content .cm-line');
  };
  const hasMark = (cell: any) =>
    !!cell?.node.querySelector('.jp-coauthor-ghost, .jp-coauthor-inserted');
  /** Wait (frame by frame) for a condition, or give up after `limit` ms. */
  const until = async (condition: () => boolean, limit = 120000) => {
    const start = performance.now();
    while (!condition()) {
      if (performance.now() - start > limit) {
        return false;
      }
      await frame();
    }
    return true;
  };
  /**
   * The end of the last long task since `from`, once a second has passed
   * without one.
   */
  const idleSince = async (from: number) => {
    for (;;) {
      await sleep(100);
      const last = longTasks.reduce((t, e) => Math.max(t, e.end), from);
      if (performance.now() - last >= 1000) {
        return last;
      }
    }
  };
  const current = () => app.shell.currentWidget;

  /**
   * Wait until the notebook panel shows its cells: the first screen, then
   * every cell; `marked`: the indices of the cells that must show marks.
   */
  const waitCells = async (
    panel: any,
    cells: number,
    marked: number[],
    t0: number,
    firstScreen = [0, 1, 2, 3, 4, 5]
  ) => {
    const nb = panel.content;
    const onScreen = marked.filter(i => firstScreen.includes(i));
    await until(
      () =>
        panel.isVisible &&
        nb.widgets.length === cells &&
        firstScreen.every(i => rendered(nb.widgets[i])) &&
        onScreen.every(i => hasMark(nb.widgets[i]))
    );
    const shown = (await afterPaint()) - t0;
    await until(
      () =>
        nb.widgets.every((c: any) => !c.isPlaceholder()) &&
        marked.every(i => hasMark(nb.widgets[i])),
      180000
    );
    const all = (await afterPaint()) - t0;
    const tAll = t0 + all;
    const idle = (await idleSince(tAll)) - t0;
    const marks = marked.filter(i => hasMark(nb.widgets[i])).length;
    return { shown, all, idle, marks };
  };

  w.coauthorBench = {
    sleep,
    heapMB,
    idleSince,
    async settle() {
      await idleSince(performance.now());
    },
    /** Open a notebook and time it. */
    async open(file: string, cells: number, marked: number[]) {
      await idleSince(performance.now());
      const heap0 = await heapMB();
      const t0 = performance.now();
      const panel = await app.commands.execute('docmanager:open', {
        path: file,
        factory: 'Notebook'
      });
      await panel.context.ready;
      const ready = performance.now() - t0;
      const times = await waitCells(panel, cells, marked, t0);
      const heap1 = await heapMB();
      return { ready, ...times, heapMB: heap1 - heap0 };
    },
    /** Close the current notebook without saving. */
    async close() {
      const panel = current();
      if (panel?.context) {
        panel.dispose();
      }
      await idleSince(performance.now());
    },
    /** Switch suggesting mode of the current notebook and time it. */
    async toggle(cells: number, marked: number[]) {
      const panel = current();
      await idleSince(performance.now());
      const t0 = performance.now();
      await app.commands.execute('coauthor:toggle-suggesting');
      // The screen the user is on: the cells around the active one.
      const active = panel.content.activeCellIndex;
      const screen = [-2, -1, 0, 1, 2, 3]
        .map(d => Math.min(Math.max(active + d, 0), cells - 1))
        .filter((i, k, all) => all.indexOf(i) === k);
      const times = await waitCells(panel, cells, marked, t0, screen);
      const suggesting = panel.content.model !== panel.context.model;
      return { ...times, suggesting };
    },
    /** Put the cursor at the end of a cell, in edit mode. */
    async focusCellEnd(index: number) {
      const panel = current();
      const nb = panel.content;
      nb.activeCellIndex = index;
      await nb.scrollToItem(index, 'center');
      await until(() => rendered(nb.widgets[index]));
      nb.mode = 'edit';
      const editor = nb.widgets[index].editor;
      editor.focus();
      const lines = editor.lineCount;
      editor.setCursorPosition({
        line: lines - 1,
        column: editor.getLine(lines - 1).length
      });
      await frame();
      await idleSince(performance.now());
    },
    /** Arm the timing of the next key press. */
    armKey() {
      w.coauthorBenchKey = new Promise<number>(resolve => {
        const onKey = (event: KeyboardEvent) => {
          window.removeEventListener('keydown', onKey, true);
          const start = event.timeStamp;
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(performance.now() - start);
            channel.port2.postMessage(null);
          });
        };
        window.addEventListener('keydown', onKey, true);
      });
    },
    /** The sources of a cell: as shown (the widget's model) and saved. */
    sources(index: number) {
      const panel = current();
      return {
        shown: panel.content.model.sharedModel.cells[index].getSource(),
        notebook: panel.context.model.sharedModel.cells[index].getSource()
      };
    }
  };
}

// --- measurements -----------------------------------------------------------

async function measureOpen(
  page: IJupyterLabPageFixture,
  file: string,
  marked: number[]
): Promise<IOpenTimes> {
  const times = await page.evaluate(
    ({ file, cells, marked }) =>
      (window as any).coauthorBench.open(file, cells, marked),
    { file, cells: CELLS, marked }
  );
  await page.evaluate(() => (window as any).coauthorBench.close());
  if (times.marks !== marked.length) {
    throw new Error(`${file}: ${times.marks}/${marked.length} marks shown`);
  }
  return times;
}

/** Type `count` letters at the end of a cell, timing each key press. */
async function measureTyping(
  page: IJupyterLabPageFixture,
  cell: number,
  count: number
): Promise<{ samples: number[]; typed: string }> {
  await page.evaluate(
    index => (window as any).coauthorBench.focusCellEnd(index),
    cell
  );
  // Not timed: a new comment line to type in.
  await page.keyboard.press('Enter');
  await page.keyboard.type('# ');
  const samples: number[] = [];
  let typed = '';
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let k = 0; k < count + WARM_UP; k++) {
    const letter = letters[k % letters.length];
    await page.evaluate(() => (window as any).coauthorBench.armKey());
    await page.keyboard.press(letter);
    const ms = await page.evaluate(() => (window as any).coauthorBenchKey);
    typed += letter;
    if (k >= WARM_UP) {
      samples.push(ms);
    }
  }
  await page.keyboard.press('Escape');
  await page.evaluate(() => (window as any).coauthorBench.settle());
  return { samples, typed: `# ${typed}` };
}

/**
 * One more series of keys, under Chromium's CPU profiler: where a keystroke's
 * time goes (not counted in the figures; the profiler slows the page).
 */
async function profileTyping(
  page: IJupyterLabPageFixture,
  cell: number,
  label: string
): Promise<void> {
  const cdp = await page.context().newCDPSession((page as any).page ?? page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await measureTyping(page, cell, KEYS);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  const file = `${RESULTS}-profile-${label.replace(/\W+/g, '-')}.txt`;
  fs.writeFileSync(
    file,
    `${KEYS + WARM_UP} keys, ${label}\n\n${topSelf(profile)}\n\n== total time (self and callees)\n${totalTime(profile, /^_on|^_follow|^changes$|^marksFor$|^render$|^summaries$|^_apply$|^_ghosts$|^_shownChanges$|^push$|^emit$|^computeChanges|^applyUpdate|^transact$|^_syncFromShared$|^byDoc$/)}\n`
  );
  fs.writeFileSync(
    file.replace(/\.txt$/, '.cpuprofile'),
    JSON.stringify(profile)
  );
  console.log(`profile: ${file}`);
}

// --- statistics and output -------------------------------------------------

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (v: number) =>
  v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
const ratio = (v: number, base: number) => `×${(v / base).toFixed(2)}`;

function markdown(label: string, r: any): string {
  const out: string[] = [];
  out.push(
    `## ${label === 'collab' ? 'With' : 'Without'} jupyter-collaboration (${label})`,
    '',
    'Medians; ratios against (a), the same run with the extension disabled.',
    ''
  );
  out.push(
    `${r.date} · ${r.machine} · ${r.chromium} · JupyterLab ${r.jupyterlab} · ` +
      `jupyterlab-coauthor ${r.build} · ` +
      `${r.cells} cells · ${r.reps} rounds of openings (+1 warm-up) · ` +
      `${r.keys} keystrokes per series`,
    ''
  );
  const base = r.open.find((v: any) => v.key === 'a').median;
  // No openings with $COAUTHOR_BENCH_ONLY=typing.
  if (base) {
    out.push(
      '| Open | ready | shown | all cells | idle | heap |',
      '| --- | --- | --- | --- | --- | --- |'
    );
    for (const v of r.open) {
      const m = v.median;
      const rel = (x: number, b: number) =>
        v.key === 'a' ? ms(x) : `${ms(x)} (${ratio(x, b)})`;
      out.push(
        `| ${v.label} | ${rel(m.ready, base.ready)} | ${rel(m.shown, base.shown)} | ${rel(m.all, base.all)} | ${rel(m.idle, base.idle)} | ${m.heapMB.toFixed(1)} MB |`
      );
    }
  }
  out.push('');
  out.push(
    '| Switch suggesting mode | shown | all cells | idle |',
    '| --- | --- | --- | --- |'
  );
  for (const t of r.toggle) {
    out.push(`| ${t.label} | ${ms(t.shown)} | ${ms(t.all)} | ${ms(t.idle)} |`);
  }
  out.push('');
  out.push(
    '| Keystroke (key down → next paint) | median | p95 | max |',
    '| --- | --- | --- | --- |'
  );
  // Ratios against plain JupyterLab (the extension disabled), same run.
  const plainKey = r.typing.find((k: any) =>
    k.label.startsWith('extension disabled')
  );
  for (const k of r.typing) {
    const rel =
      plainKey && k !== plainKey
        ? ` (${ratio(k.median, plainKey.median)})`
        : '';
    out.push(
      `| ${k.label} | ${ms(k.median)}${rel} | ${ms(k.p95)} | ${ms(k.max)} |`
    );
  }
  out.push('');
  return out.join('\n');
}

// --- the benchmark ----------------------------------------------------------

test.describe.configure({ mode: 'serial' });

test('open and type in a 1,000-cell notebook', async ({
  browser,
  request,
  waitForApplication
}) => {
  const byKey: Record<string, IServer> = {};
  for (const server of servers as IServer[]) {
    byKey[server.key] = server;
    await putFile(request, server, DIR, { type: 'directory' });
  }

  // The notebooks: the plain one, and the same with 20 saved suggestions,
  // made by a person in suggesting mode in a browser of their own.
  const generated = makeNotebook(CELLS);
  const maker = byKey.on;
  const genFile = await uploadNotebook(request, maker, 'make.ipynb', generated);
  const author = await openLab(browser, maker, waitForApplication);
  await author.evaluate(
    ({ file, cells }) => (window as any).coauthorBench.open(file, cells, []),
    { file: genFile, cells: CELLS }
  );
  await author.evaluate(() =>
    (window as any).jupyterapp.commands.execute('coauthor:toggle-suggesting')
  );
  await author.evaluate(() => (window as any).coauthorBench.settle());
  for (const index of EDITED) {
    await author.evaluate(
      i => (window as any).coauthorBench.focusCellEnd(i),
      index
    );
    await author.keyboard.insertText(
      `\nsuggested_${index} = total_${index} * 2  # a suggested line`
    );
    await author.keyboard.press('Escape');
  }
  await author.evaluate(() =>
    (window as any).jupyterapp.commands.execute('coauthor:toggle-suggesting')
  );
  await author.evaluate(() => (window as any).coauthorBench.settle());
  await author.evaluate(() =>
    (window as any).jupyterapp.commands.execute('docmanager:save')
  );
  let withSuggestions: any = null;
  for (let i = 0; i < 100; i++) {
    const saved = await readNotebook(request, maker, genFile);
    const records = saved?.metadata?.coauthor?.suggestions?.branches?.[0];
    if (records?.cells?.length === EDITED.length) {
      withSuggestions = saved;
      break;
    }
    await author.waitForTimeout(200);
  }
  if (!withSuggestions) {
    throw new Error('the suggestions were not saved into the notebook');
  }
  await author.context().close();
  const plain = JSON.parse(JSON.stringify(withSuggestions));
  delete plain.metadata.coauthor;
  const cellsSource = (nb: any) =>
    nb.cells.map((c: any) =>
      Array.isArray(c.source) ? c.source.join('') : c.source
    );
  if (
    JSON.stringify(cellsSource(plain)) !==
    JSON.stringify(cellsSource(generated))
  ) {
    throw new Error('suggesting mode changed the notebook itself');
  }

  // One JupyterLab page per server, kept for the whole run.
  const pages: Record<string, IJupyterLabPageFixture> = {};
  for (const server of servers as IServer[]) {
    pages[server.key] = await openLab(browser, server, waitForApplication);
  }

  // 1. Open.
  const variants = [
    { key: 'a', server: 'off', nb: plain, marked: [] as number[] },
    { key: 'b', server: 'on', nb: plain, marked: [] as number[] },
    { key: 'c', server: 'on', nb: withSuggestions, marked: EDITED }
  ];
  const labels: Record<string, string> = {
    a: '(a) extension disabled',
    b: '(b) enabled, no suggestions',
    c: '(c) enabled, 20 suggestions'
  };
  const samples: Record<string, IOpenTimes[]> = {};
  for (let rep = 0; rep <= (ONLY_TYPING ? -1 : REPS); rep++) {
    const order = variants.map((_, i) => variants[(i + rep) % variants.length]);
    for (const v of order) {
      const server = byKey[v.server];
      const file = await uploadNotebook(
        request,
        server,
        `open-${v.key}-${rep}.ipynb`,
        v.nb
      );
      const times = await measureOpen(pages[v.server], file, v.marked);
      console.log(
        `open ${v.key} #${rep}${rep ? '' : ' (warm-up)'}: ` +
          `ready ${ms(times.ready)}, shown ${ms(times.shown)}, ` +
          `all ${ms(times.all)}, idle ${ms(times.idle)}, heap ${times.heapMB.toFixed(1)} MB`
      );
      if (rep > 0) {
        (samples[v.key] ??= []).push(times);
      }
    }
  }
  const summarize = (list: IOpenTimes[]) => ({
    ready: median(list.map(t => t.ready)),
    shown: median(list.map(t => t.shown)),
    all: median(list.map(t => t.all)),
    idle: median(list.map(t => t.idle)),
    heapMB: median(list.map(t => t.heapMB))
  });
  const open = variants.map(v => ({
    key: v.key,
    label: labels[v.key],
    median: samples[v.key] ? summarize(samples[v.key]) : null,
    samples: samples[v.key] ?? []
  }));

  // 2. Switching suggesting mode, and typing.
  const toggle: any[] = [];
  const typing: any[] = [];
  const series = async (
    server: IServer,
    nbLabel: string,
    nb: any,
    marked: number[]
  ) => {
    const page = pages[server.key];
    const file = await uploadNotebook(
      request,
      server,
      `type-${server.key}-${nbLabel.replace(/\W+/g, '-')}.ipynb`,
      nb
    );
    await page.evaluate(
      ({ file, cells, marked }) =>
        (window as any).coauthorBench.open(file, cells, marked),
      { file, cells: CELLS, marked }
    );
    const record = async (label: string, cell: number, shows: string) => {
      const { samples, typed } = await measureTyping(page, cell, KEYS);
      const sources = await page.evaluate(
        i => (window as any).coauthorBench.sources(i),
        cell
      );
      // Where the text went: the notebook in editing mode, only the branch
      // in suggesting mode.
      const inShown = sources.shown.endsWith(typed);
      const inNotebook = sources.notebook.endsWith(typed);
      if (!inShown || inNotebook !== (shows === 'notebook')) {
        throw new Error(`${label}: the typed text is not where expected`);
      }
      const entry = {
        label,
        median: median(samples),
        p95: percentile(samples, 95),
        max: Math.max(...samples),
        samples
      };
      console.log(
        `typing, ${entry.label}: median ${ms(entry.median)}, p95 ${ms(entry.p95)}, max ${ms(entry.max)}`
      );
      typing.push(entry);
      if (PROFILE) {
        await profileTyping(page, cell, label);
      }
    };
    if (!server.enabled) {
      await record(
        `extension disabled, ${nbLabel}`,
        TYPE_IN.editing,
        'notebook'
      );
    } else {
      await record(`editing mode, ${nbLabel}`, TYPE_IN.editing, 'notebook');
      // Suggesting mode on (timed), typing, and off again (timed).
      const switchMode = async (what: string, shows: number[]) => {
        const times = await page.evaluate(
          ({ cells, marked }) =>
            (window as any).coauthorBench.toggle(cells, marked),
          { cells: CELLS, marked: shows }
        );
        if (times.suggesting !== what.endsWith('suggesting')) {
          throw new Error(`${what}: suggesting mode did not switch`);
        }
        const entry = { label: `${what}, ${nbLabel}`, ...times };
        console.log(
          `switch ${entry.label}: shown ${ms(times.shown)}, all ${ms(times.all)}, idle ${ms(times.idle)}`
        );
        toggle.push(entry);
      };
      await switchMode('editing → suggesting', []);
      await record(`suggesting mode, ${nbLabel}`, TYPE_IN.suggesting, 'branch');
      await switchMode('suggesting → editing', marked);
    }
    await page.evaluate(() => (window as any).coauthorBench.close());
  };
  await series(byKey.off, 'no suggestions', plain, []);
  if (!ONLY_TYPING) {
    await series(byKey.on, 'no suggestions', plain, []);
  }
  await series(byKey.on, '20 suggestions', withSuggestions, EDITED);

  // Results.
  // The build of the extension the pages loaded: its remoteEntry file name
  // carries the hash of the build.
  const environment = await pages.on.evaluate(() => {
    const config = JSON.parse(
      document.getElementById('jupyter-config-data')?.textContent ?? '{}'
    );
    const coauthor = (config.federated_extensions ?? []).find(
      (e: any) => e.name === 'jupyterlab-coauthor'
    );
    return {
      userAgent: navigator.userAgent,
      version: (window as any).jupyterapp.version,
      build: String(coauthor?.load ?? '?').replace('static/', '')
    };
  });
  const result = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    machine: `${os.cpus()[0]?.model ?? 'CPU'} ×${os.cpus().length}, ${Math.round(
      os.totalmem() / 2 ** 30
    )} GB, ${os.platform()}`,
    chromium: (environment.userAgent.match(/Chrome\/[\d.]+/) ?? [
      'Chromium'
    ])[0].replace('Chrome/', 'Chromium '),
    jupyterlab: environment.version,
    build: environment.build,
    cells: CELLS,
    reps: REPS,
    keys: KEYS,
    open,
    toggle,
    typing
  };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(`${RESULTS}.json`, JSON.stringify(result, null, 2) + '\n');
  const text = markdown(LABEL, result);
  fs.writeFileSync(`${RESULTS}.md`, text + '\n');
  console.log('\n' + text);

  for (const page of Object.values(pages)) {
    await page.context().close();
  }
});
