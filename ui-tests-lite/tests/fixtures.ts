/**
 * The fixture every Lite spec uses: a page whose every request is watched.
 *
 * The site must work with no network at all, so any request to a host other
 * than 127.0.0.1 (a CDN, PyPI, a font service...) fails the test that made it.
 * Requests of the page, its workers and its service worker all reach the
 * browser context's `request` event. Chromium also resolves every other host
 * to nothing, so such a request never leaves this machine.
 */
import * as fs from 'fs';
import * as path from 'path';

import { expect, test as base, Page } from '@playwright/test';

/** The only host the site may talk to. */
export const LOCAL_HOST = '127.0.0.1';

/** Whether a URL leaves this machine: http(s) or ws(s) to another host. */
export function isExternal(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!/^(https?|wss?):$/.test(parsed.protocol)) {
    return false; // data:, blob:, about:, chrome-extension:...
  }
  return parsed.hostname !== LOCAL_HOST;
}

export const test = base.extend<{
  externalRequests: string[];
}>({
  // Watch the whole context, so that workers and the service worker count too.
  externalRequests: async ({ context }, use) => {
    const external: string[] = [];
    context.on('request', request => {
      if (isExternal(request.url())) {
        external.push(request.url());
      }
    });
    await use(external);
  },
  page: async ({ page, externalRequests }, use, testInfo) => {
    // Uncaught exceptions in the page, e.g. an extension that breaks in Lite.
    const pageErrors: string[] = [];
    page.on('pageerror', error => pageErrors.push(String(error)));
    await use(page);
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
    // Checked after the test body, so it fails the test that made a request.
    if (!testInfo.annotations.some(a => a.type === 'expects-external')) {
      expect(
        externalRequests,
        'requests to hosts other than 127.0.0.1'
      ).toEqual([]);
    }
  }
});

export { expect };

/** The example notebook, as the Lite site serves it from its contents. */
export const EXAMPLE = 'demo.ipynb';

/**
 * Open the Lite application on a notebook and wait until the notebook shows
 * its cells. Returns the time in ms from navigation start (the page load) to
 * that moment, measured by the page itself.
 */
export async function openNotebook(
  page: Page,
  notebookPath = EXAMPLE
): Promise<number> {
  await page.goto(`lab/index.html?path=${encodeURIComponent(notebookPath)}`);
  return waitForNotebook(page);
}

/**
 * After a navigation (goto or reload) to a notebook: wait until the
 * application has restored and the notebook shows its cells, answer the
 * kernel dialog, and return the time in ms from navigation start to the
 * moment the cells showed, measured by the page itself.
 */
export async function waitForNotebook(page: Page): Promise<number> {
  await page.waitForFunction(() => !!(window as any).jupyterapp);
  await page.evaluate(() => (window as any).jupyterapp.restored);
  const cells = page.locator(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell'
  );
  await expect(cells.first()).toBeVisible({ timeout: 30000 });
  const readyMs = await page.evaluate(() => performance.now());
  await dismissKernelDialog(page);
  return readyMs;
}

/**
 * This site has no kernel (see docs/lite.md), so JupyterLab asks which kernel
 * to start for the notebook, offering only "No Kernel": answer that. The
 * dialog must come: if it does not, the site is not the one documented.
 */
export async function dismissKernelDialog(page: Page): Promise<void> {
  const dialog = page.locator('.jp-Dialog', { hasText: 'Select Kernel' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'No Kernel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(
    page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar-kernelName')
  ).toHaveText('No Kernel');
}

/** The number of cells of the current notebook's model. */
export async function cellCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (window as any).jupyterapp.shell.currentWidget.content.model.cells.length
  );
}

/** Whether a command is registered in the application. */
export async function hasCommand(page: Page, id: string): Promise<boolean> {
  return page.evaluate(
    (commandId: string) =>
      (window as any).jupyterapp.commands.hasCommand(commandId),
    id
  );
}

/** The source of cell `index` of the current notebook, as the model has it. */
export async function cellSource(page: Page, index: number): Promise<string> {
  return page.evaluate((i: number) => {
    const app = (window as any).jupyterapp;
    const panel = app.shell.currentWidget;
    return panel.content.model.cells.get(i).sharedModel.getSource();
  }, index);
}

/** The notebook file as the browser's storage has it (nbformat JSON). */
export async function storedNotebook(
  page: Page,
  notebookPath = EXAMPLE
): Promise<any> {
  return page.evaluate(async (p: string) => {
    const app = (window as any).jupyterapp;
    const model = await app.serviceManager.contents.get(p, { content: true });
    return model.content;
  }, notebookPath);
}

/** Where the reports go (as in playwright.config.js). */
export const REPORT_DIR =
  process.env.COAUTHOR_REPORT_DIR ||
  path.join(__dirname, '..', '..', '.test-reports');

/**
 * Record measured times in `lite-timings.json`, which scripts/test-lite.sh
 * prints. Several specs write it: read it, merge, and write it back, so that
 * each keeps the others' keys (scripts/test-lite.sh removes the file before
 * a run, so nothing is left from an earlier one).
 */
export function recordTimings(timings: Record<string, number>): void {
  const file = path.join(REPORT_DIR, 'lite-timings.json');
  let current: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf-8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      current = parsed;
    }
  } catch {
    // No file yet (or not JSON): start afresh.
  }
  fs.mkdirSync(REPORT_DIR, { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify({ ...current, ...timings }, null, 2) + '\n'
  );
}
