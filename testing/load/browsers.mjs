/**
 * The load test's two Chromium peers: JupyterLab pages (each its own browser
 * context, so its own anonymous user) in suggesting mode, typing markers
 * (`<bK.N@MS> `) into their own cell and reviewing: every few seconds each
 * accepts or rejects one of the shared suggestions, through the extension's
 * commands (`coauthor:accept-suggestion`, `coauthor:reject-suggestion`).
 *
 * Playwright from ui-tests/node_modules, Debian's Chromium.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO } from './core.mjs';
import { processTable, treeOf } from './procs.mjs';

/**
 * Errors of jupyter-collaboration's own remote-cursor plugin under load (an
 * awareness change dispatched while CodeMirror updates): not this
 * extension's code; counted apart, not a failure.
 */
const UPSTREAM = [
  /Calls to EditorView\.update are not allowed while an update is in progress[\s\S]*collaboration-extension/
];
import { canonicalInPage } from './replica.mjs';

const require = createRequire(path.join(REPO, 'ui-tests', 'package.json'));

export class BrowserPeers {
  constructor(options) {
    this.options = options;
    this.pages = [];
    this.stats = [];
    // What went wrong in the pages themselves (uncaught errors, console
    // errors), apart from what went wrong driving them.
    this.consoleErrors = [];
    this.upstreamErrors = [];
    this.errors = [];
    this.running = false;
    this.loops = [];
  }

  /** Launch Chromium and open the notebook in `count` pages, suggesting. */
  async start() {
    const { chromium } = require('@playwright/test');
    const { count, baseUrl, token, notebookPath } = this.options;
    this.browser = await chromium.launch({
      executablePath: process.env.COAUTHOR_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run'
      ]
    });
    // Two JupyterLab pages would take most of two shared cores from the
    // server and the other peers; in real use they run on other machines.
    // Chromium (and the processes it forks later) runs at a lower priority.
    const table = processTable();
    const browserPids = treeOf(table, process.pid).filter(
      p => p !== process.pid && /chrom/i.test(table.get(p).args)
    );
    if (browserPids.length) {
      execFileSync('renice', ['-n', '10', '-p', ...browserPids.map(String)], {
        stdio: 'ignore'
      });
    }
    // Both pages load at once: JupyterLab's start is most of the set-up.
    const open = async k => {
      const context = await this.browser.newContext({
        viewport: { width: 1200, height: 800 }
      });
      const page = await context.newPage();
      page.on('pageerror', error =>
        this.consoleErrors.push(`page ${k}: ${error.message}`)
      );
      page.on('console', message => {
        if (message.type() !== 'error') {
          return;
        }
        const text = `page ${k} console: ${message.text()}`;
        if (UPSTREAM.some(known => known.test(text))) {
          this.upstreamErrors.push(text.split('\n')[0]);
        } else {
          this.consoleErrors.push(text);
        }
      });
      // Which request a "Failed to load resource" was.
      page.on('response', response => {
        if (response.status() >= 500) {
          this.consoleErrors.push(
            `page ${k}: HTTP ${response.status()} for ${response.request().method()} ${new URL(response.url()).pathname}`
          );
        }
      });
      await page.goto(
        `${baseUrl}/lab/tree/${notebookPath}?token=${encodeURIComponent(token)}`
      );
      await page.waitForFunction(
        p => {
          const app = window.jupyterapp;
          if (!app) {
            return false;
          }
          for (const w of app.shell.widgets('main')) {
            if (w.context?.path === p && w.context.isReady) {
              return w.content?.widgets?.length > 0;
            }
          }
          return false;
        },
        notebookPath,
        { timeout: 90000, polling: 250 }
      );
      const toggled = await page.evaluate(async () => {
        const app = window.jupyterapp;
        const id = 'coauthor:toggle-suggesting';
        if (!app.commands.hasCommand(id)) {
          return `no command ${id}`;
        }
        if (!app.commands.isToggled(id)) {
          await app.commands.execute(id);
        }
        return app.commands.isToggled(id) ? 'on' : 'still off';
      });
      if (toggled !== 'on') {
        throw new Error(`page ${k}: suggesting mode ${toggled}`);
      }
      this.pages[k] = page;
      this.stats[k] = { typed: 0, accepted: 0, rejected: 0 };
    };
    await Promise.all([...Array(count)].map((_, k) => open(k)));
  }

  /** Start typing and reviewing until `stop`. */
  run() {
    this.running = true;
    this.loops = this.pages.map((page, k) => this._loop(page, k));
  }

  async stop() {
    this.running = false;
    await Promise.all(this.loops);
  }

  async _loop(page, k) {
    const { cellIds, reviewEveryMs, seed } = this.options;
    let random = seed + k * 7919;
    const next = () => {
      // A small LCG: the same reviews for the same seed.
      random = (random * 1103515245 + 12345) % 2147483648;
      return random / 2147483648;
    };
    let lastReview = Date.now();
    const stats = this.stats[k];
    while (this.running) {
      try {
        await this._focusEnd(page, cellIds[k]);
        const marker = `<b${k}.${stats.typed}@${Date.now()}> `;
        await page.keyboard.type(marker, { delay: 15 });
        await page.keyboard.press('Escape');
        stats.typed += 1;
        if (Date.now() - lastReview >= reviewEveryMs) {
          lastReview = Date.now();
          await this._review(page, stats, next);
        }
      } catch (error) {
        if (this.running) {
          this.errors.push(`page ${k}: ${error.message.split('\n')[0]}`);
          await page.waitForTimeout(500);
        }
      }
    }
  }

  /** Put the caret at the end of the cell with this id, in edit mode. */
  async _focusEnd(page, cellId) {
    const found = await page.evaluate(
      ({ cellId, notebookPath }) => {
        const app = window.jupyterapp;
        for (const w of app.shell.widgets('main')) {
          if (w.context?.path !== notebookPath) {
            continue;
          }
          const notebook = w.content;
          const index = notebook.widgets.findIndex(c => c.model.id === cellId);
          if (index < 0) {
            return false;
          }
          notebook.activeCellIndex = index;
          notebook.mode = 'edit';
          const editor = notebook.activeCell.editor;
          editor.focus();
          const text = editor.model.sharedModel.getSource();
          editor.setCursorPosition(editor.getPositionAt(text.length));
          return true;
        }
        return false;
      },
      { cellId, notebookPath: this.options.notebookPath }
    );
    if (!found) {
      throw new Error(`no cell ${cellId} in the page`);
    }
  }

  /** Accept or reject one shared suggestion that has entries. */
  async _review(page, stats, next) {
    const accept = next() < 0.6;
    const pick = next();
    const outcome = await page.evaluate(
      async ({ accept, pick, notebookPath }) => {
        const app = window.jupyterapp;
        let widget = null;
        for (const w of app.shell.widgets('main')) {
          if (w.context?.path === notebookPath) {
            widget = w;
          }
        }
        const root =
          widget.context.model.sharedModel.ydoc.getMap('coauthor:branches');
        const ids = [...root.keys()]
          .filter(id => (root.get(id).get('entries')?.length ?? 0) > 0)
          .sort();
        if (ids.length === 0) {
          return 'none';
        }
        const branchId = ids[Math.floor(pick * ids.length)];
        const command = accept
          ? 'coauthor:accept-suggestion'
          : 'coauthor:reject-suggestion';
        await app.commands.execute(command, { branchId });
        return accept ? 'accepted' : 'rejected';
      },
      { accept, pick, notebookPath: this.options.notebookPath }
    );
    if (outcome === 'accepted' || outcome === 'rejected') {
      stats[outcome] += 1;
    }
  }

  /** Each page's canonical replica string (null: no notebook). */
  async canonicals() {
    return Promise.all(
      this.pages.map(page =>
        page.evaluate(canonicalInPage, this.options.notebookPath)
      )
    );
  }

  /** The pid of Chromium's main process (its tree is the browsers' memory). */
  get pid() {
    return this.browser?.process?.()?.pid;
  }

  async close() {
    await this.browser?.close().catch(() => undefined);
  }
}
