/**
 * Benchmark (issue 10): switching suggesting mode in a 1,000-cell notebook,
 * the model swap (`switchMode: "swap"`, the default) against the editors
 * re-bound in place (`"inPlace"`, docs/branches.md "Suggesting mode without
 * a model swap"), in one run, on the same notebook and server.
 *
 *     cd ui-tests && npx playwright test -c playwright.bench.config.js switch
 *
 * Method. For each switch mode, in its own page (the setting is read when a
 * notebook opens): open a fresh copy of the notebook, wait until JupyterLab
 * has rendered every cell, make the active cell the middle one (500) and put
 * a suggestion in it (suggesting mode on, a line typed at its end, mode off).
 * Then, each way and $COAUTHOR_BENCH_REPS (2) times, run
 * `coauthor:toggle-suggesting` and time in the page, from the command to
 *   shown  the cells around the active one (active-2 … active+3) are rendered
 *          and the active cell's editor shows the text of the mode entered
 *          (with the suggested line on, without it off), after the next paint;
 *   idle   the end of the last long task (> 50 ms) before a second with none
 *          (capped at 45 s);
 *   long   the longest task between the command and `idle`.
 * The bench also checks where the typing landed: in the branch (the
 * suggestion), not in the notebook. It writes test-results/bench-switch-
 * {solo,collab}-{cells}.{md,json}; `scripts/bench-ui.sh --switch` runs it at
 * 200 and 1,000 cells and gathers the figures into bench/ui-results.json. A
 * measurement, not a test; `npx playwright test` never runs it.
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { galata, test } from '@jupyterlab/galata';
import type { APIRequestContext } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { makeNotebook } from './notebook';
import { topSelf } from './profile';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { servers } = require('./servers');

const LABEL = process.env.COAUTHOR_COLLAB === '1' ? 'collab' : 'solo';
const CELLS = Number(process.env.COAUTHOR_BENCH_CELLS || 1000);
const REPS = Number(process.env.COAUTHOR_BENCH_REPS || 2);
const ACTIVE = CELLS / 2 + 1; // a code cell (one in four is markdown)
const MARKER = 'suggested_line = 1';
const RESULTS = path.join(
  __dirname,
  '..',
  'test-results',
  `bench-switch-${LABEL}-${CELLS}`
);
const DIR = 'bench-switch';
const MODES = (process.env.COAUTHOR_BENCH_MODES || 'swap,inPlace').split(
  ','
) as ('swap' | 'inPlace')[];
const PROFILE = process.env.COAUTHOR_BENCH_PROFILE === '1';

const on = (servers as { key: string; port: number }[]).find(
  s => s.key === 'on'
)!;
const url = `http://localhost:${on.port}`;

async function put(
  request: APIRequestContext,
  where: string,
  data: unknown
): Promise<void> {
  const response = await request.put(`${url}${where}`, { data });
  if (!response.ok()) {
    throw new Error(`PUT ${where}: HTTP ${response.status()}`);
  }
}

/** The page side: `window.coauthorSwitch`. */
function installHelpers(): void {
  const w = window as any;
  const app = w.jupyterapp;
  const longTasks: { start: number; end: number }[] = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
    }
  }).observe({ type: 'longtask', buffered: true } as any);
  const factory = app.docRegistry.getWidgetFactory('Notebook');
  Object.defineProperty(factory, 'canStartKernel', {
    value: false,
    configurable: true
  });
  const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
  const frame = () => new Promise(r => requestAnimationFrame(() => r(null)));
  const afterPaint = () =>
    new Promise<number>(resolve =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      })
    );
  const until = async (condition: () => boolean, limit = 180000) => {
    const start = performance.now();
    while (!condition()) {
      if (performance.now() - start > limit) {
        return false;
      }
      await frame();
    }
    return true;
  };
  const idleSince = async (from: number, cap = 45000) => {
    const start = performance.now();
    for (;;) {
      await sleep(100);
      const last = longTasks.reduce((t, e) => Math.max(t, e.end), from);
      if (performance.now() - last >= 1000 || performance.now() - start > cap) {
        return last;
      }
    }
  };
  const rendered = (cell: any) =>
    !!cell &&
    !cell.isPlaceholder() &&
    cell.node.isConnected &&
    !!cell.node.querySelector(
      cell.model.type === 'markdown'
        ? '.jp-RenderedMarkdown > *'
        : '.cm-content .cm-line'
    );
  const panel = () => app.shell.currentWidget;
  // The editor's text (not the DOM's: in editing mode the suggestion's
  // lines are drawn in the cell as marks).
  const shownText = (index: number) => {
    const cell = panel().content.widgets[index];
    if (!cell || cell.isPlaceholder() || !cell.inputArea) {
      return '';
    }
    return cell.editor?.editor?.state.doc.toString() ?? '';
  };

  w.coauthorSwitch = {
    idleSince,
    async open(file: string, cells: number) {
      const p = await app.commands.execute('docmanager:open', {
        path: file,
        factory: 'Notebook'
      });
      await p.context.ready;
      await until(
        () =>
          p.content.widgets.length === cells &&
          p.content.widgets.every((c: any) => !c.isPlaceholder())
      );
      await idleSince(performance.now());
    },
    async focusEnd(index: number) {
      const nb = panel().content;
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
    },
    /** Toggle and time until the active cell shows `expectMarker`. */
    async toggle(expectMarker: boolean) {
      await idleSince(performance.now());
      const nb = panel().content;
      const t0 = performance.now();
      await app.commands.execute('coauthor:toggle-suggesting');
      const active = panel().content.activeCellIndex;
      const around = [-2, -1, 0, 1, 2, 3].map(d => active + d);
      const ok = await until(
        () =>
          around.every(i => rendered(panel().content.widgets[i])) &&
          shownText(active).includes(w.coauthorSwitchMarker) === expectMarker,
        120000
      );
      const shown = (await afterPaint()) - t0;
      const end = await idleSince(t0 + shown);
      const long = longTasks
        .filter(e => e.end > t0 && e.start < end + 1)
        .reduce((m, e) => Math.max(m, e.end - e.start), 0);
      return {
        ok,
        shown,
        idle: end - t0,
        long,
        suggesting: nb.node.classList.contains('jp-coauthor-suggesting'),
        swapped: panel().content.model !== panel().context.model
      };
    },
    /** The active cell's text: in the notebook, and shown. */
    sources(index: number) {
      const p = panel();
      return {
        notebook: p.context.model.sharedModel.cells[index].getSource(),
        shown: shownText(index)
      };
    }
  };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

test('switch suggesting mode in a 1,000-cell notebook: swap vs in place', async ({
  browser,
  request,
  waitForApplication
}) => {
  await put(request, `/api/contents/${DIR}`, { type: 'directory' });
  const results: Record<string, any> = {};
  for (const mode of MODES) {
    await put(request, '/lab/api/settings/jupyterlab-coauthor:suggestions', {
      raw: JSON.stringify({ switchMode: mode })
    });
    const file = `${DIR}/switch-${mode}-${Date.now()}.ipynb`;
    await put(request, `/api/contents/${file}`, {
      type: 'notebook',
      format: 'json',
      content: makeNotebook(CELLS)
    });
    const { page } = await galata.newPage({
      browser,
      baseURL: url,
      tmpPath: DIR,
      waitForApplication,
      // Galata serves the settings itself: the mode goes through its mock.
      mockSettings: {
        ...galata.DEFAULT_SETTINGS,
        'jupyterlab-coauthor:suggestions': { switchMode: mode }
      }
    });
    const errors: string[] = [];
    page.on('console', m => {
      if (m.type() === 'error') {
        errors.push(m.text());
      }
    });
    await page.evaluate(installHelpers);
    await page.evaluate(
      m => ((window as any).coauthorSwitchMarker = m),
      MARKER
    );
    await page.evaluate(
      ({ file, cells }) => (window as any).coauthorSwitch.open(file, cells),
      { file, cells: CELLS }
    );
    // A suggestion in the active cell, typed as a person types it.
    await page.evaluate(
      i => (window as any).coauthorSwitch.focusEnd(i),
      ACTIVE
    );
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('coauthor:toggle-suggesting')
    );
    await page.evaluate(
      i => (window as any).coauthorSwitch.focusEnd(i),
      ACTIVE
    );
    await page.keyboard.press('Enter');
    await page.keyboard.type(MARKER);
    const typed = await page.evaluate(
      i => (window as any).coauthorSwitch.sources(i),
      ACTIVE
    );
    if (!typed.shown.includes(MARKER) || typed.notebook.includes(MARKER)) {
      throw new Error(
        `${mode}: the typing did not land in the suggestion only: ${JSON.stringify(typed)}`
      );
    }
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('coauthor:toggle-suggesting')
    );
    await page.evaluate(() =>
      (window as any).coauthorSwitch.idleSince(performance.now())
    );
    const runs: any[] = [];
    for (let r = 0; r < REPS; r++) {
      for (const enter of [true, false]) {
        // $COAUTHOR_BENCH_PROFILE=1: a CPU profile of the first switch each way,
        // summed by function (self time), to find where a switch goes.
        const profile = PROFILE && r === 0;
        const cdp = profile
          ? await page.context().newCDPSession((page as any).page ?? page)
          : null;
        if (cdp) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.start');
        }
        const t = await page.evaluate(
          e => (window as any).coauthorSwitch.toggle(e),
          enter
        );
        if (cdp) {
          const { profile: p } = await cdp.send('Profiler.stop');
          fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
          fs.writeFileSync(
            `${RESULTS}-${mode}-${enter ? 'on' : 'off'}-profile.txt`,
            topSelf(p)
          );
          await cdp.detach();
        }
        // The switch measured is the one asked for.
        const swapped = mode === 'swap' && enter;
        if (!t.ok || t.suggesting !== enter || t.swapped !== swapped) {
          throw new Error(`${mode}: switch not shown: ${JSON.stringify(t)}`);
        }
        runs.push({ enter, ...t });
        console.log(mode, enter ? 'on ' : 'off', JSON.stringify(t));
      }
    }
    const after = await page.evaluate(
      i => (window as any).coauthorSwitch.sources(i),
      ACTIVE
    );
    if (after.notebook.includes(MARKER)) {
      throw new Error(`${mode}: the suggestion reached the notebook`);
    }
    results[mode] = { runs, errors };
    await (page as IJupyterLabPageFixture).close();
  }
  await put(request, '/lab/api/settings/jupyterlab-coauthor:suggestions', {
    raw: '{}'
  });

  const rows = MODES.flatMap(mode =>
    [true, false].map(enter => {
      const runs = results[mode].runs.filter((r: any) => r.enter === enter);
      const f = (k: string) =>
        `${Math.round(median(runs.map((r: any) => r[k])))} ms`;
      return `| ${mode} | ${enter ? 'on' : 'off'} | ${f('shown')} | ${f(
        'long'
      )} | ${f('idle')} |`;
    })
  );
  const md = [
    `Switching suggesting mode, ${CELLS} cells, ${LABEL}, ${REPS} switches each way (medians), ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}, ${new Date().toISOString()}`,
    '',
    '| switch | to | shown (cells around the active one) | longest task | idle |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...MODES.map(
      m =>
        `Console errors (${m}): ${results[m].errors.length ? results[m].errors.join(' / ') : 'none'}`
    )
  ].join('\n');
  console.log('\n' + md + '\n');
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(`${RESULTS}.md`, md + '\n');
  const summary = Object.fromEntries(
    MODES.map(mode => [
      mode,
      Object.fromEntries(
        [true, false].map(enter => {
          const runs = results[mode].runs.filter((r: any) => r.enter === enter);
          const f = (k: string) =>
            Math.round(median(runs.map((r: any) => r[k])));
          return [
            enter ? 'on' : 'off',
            { shownMs: f('shown'), longestTaskMs: f('long'), idleMs: f('idle') }
          ];
        })
      )
    ])
  );
  fs.writeFileSync(
    `${RESULTS}.json`,
    JSON.stringify(
      {
        cells: CELLS,
        configuration: LABEL,
        switchesEachWay: REPS,
        cores: os.cpus().length,
        loadAverage: os.loadavg(),
        date: new Date().toISOString(),
        medians: summary,
        results
      },
      null,
      2
    )
  );
});
