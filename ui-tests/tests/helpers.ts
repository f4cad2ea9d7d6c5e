/**
 * Helpers shared by the Galata specs: the example notebook, a second user,
 * and where README screenshots go.
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { galata } from '@jupyterlab/galata';
import type { Browser, Page } from '@playwright/test';
import * as path from 'path';

/** The example notebook the start command opens. */
export const EXAMPLE_NOTEBOOK = path.resolve(
  __dirname,
  '..',
  '..',
  'examples',
  'demo.ipynb'
);

/** Whether this run has jupyter-collaboration installed. */
export const COLLABORATIVE = process.env.COAUTHOR_COLLAB === '1';

/** Where screenshots shown in the README are written. */
export function screenshotPath(name: string): string {
  return path.resolve(__dirname, '..', '..', 'docs', 'screenshots', name);
}

/** Upload the example notebook into the test's folder and open it. */
export async function openExample(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name = 'demo.ipynb'
): Promise<string> {
  const serverPath = `${tmpPath}/${name}`;
  await page.contents.uploadFile(EXAMPLE_NOTEBOOK, serverPath);
  await page.notebook.openByPath(serverPath);
  await page.notebook.activate(name);
  return serverPath;
}

/**
 * A second person in their own browser context, with their own identity, on
 * the same JupyterLab server.
 */
export async function openSecondUser(options: {
  browser: Browser;
  baseURL: string;
  waitForApplication: (page: Page, helpers: any) => Promise<void>;
  tmpPath: string;
  name: string;
  /** A notebook to open and activate for them (a server path). */
  open?: string;
}): Promise<IJupyterLabPageFixture> {
  const { page } = await galata.newPage({
    browser: options.browser,
    baseURL: options.baseURL,
    tmpPath: options.tmpPath,
    waitForApplication: options.waitForApplication,
    mockUser: {
      identity: {
        username: options.name.toLowerCase(),
        name: options.name,
        display_name: options.name,
        initials: options.name.slice(0, 1),
        color: 'var(--jp-collaborator-color3)'
      }
    } as any
  });
  // Acknowledge any dialog, as jupyter-collaboration's own tests do.
  await page.evaluate(() => {
    (window as any).galataip.on('dialog', (d: any) => d?.resolve());
  });
  if (options.open) {
    await page.notebook.openByPath(options.open);
    await page.notebook.activate(options.open.split('/').pop()!);
  }
  return page;
}

/** Whether a command is registered in the application. */
export async function hasCommand(
  page: IJupyterLabPageFixture,
  id: string
): Promise<boolean> {
  return page.evaluate(
    (commandId: string) =>
      (window as any).jupyterapp.commands.hasCommand(commandId),
    id
  );
}

/** Read a notebook file as the server has it on disk (nbformat JSON). */
export async function readNotebookFile(
  page: IJupyterLabPageFixture,
  serverPath: string
): Promise<any> {
  const url = new URL(page.url());
  const response = await page.request.get(
    `${url.origin}/api/contents/${encodeURI(serverPath)}?content=1&type=notebook`
  );
  if (!response.ok()) {
    throw new Error(`cannot read ${serverPath}: HTTP ${response.status()}`);
  }
  return (await response.json()).content;
}

/** The source of a cell of an nbformat notebook, as one string. */
export function cellSource(notebook: any, index: number): string {
  const source = notebook.cells[index].source;
  return Array.isArray(source) ? source.join('') : source;
}

/** Run a command of the application. */
export async function run(
  page: IJupyterLabPageFixture,
  id: string,
  args: Record<string, unknown> = {}
): Promise<void> {
  await page.evaluate(
    ({ id, args }) => (window as any).jupyterapp.commands.execute(id, args),
    { id, args }
  );
}

/** The sources of the notebook's cells as the page shows them. */
export async function sources(page: IJupyterLabPageFixture): Promise<string[]> {
  const count = await page.notebook.getCellCount();
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push((await page.notebook.getCellTextInput(i)) ?? '');
  }
  return out;
}

/** Type at the end of a cell's text. */
export async function typeAtEnd(
  page: IJupyterLabPageFixture,
  index: number,
  text: string
): Promise<void> {
  await page.notebook.enterCellEditingMode(index);
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
  await page.keyboard.press('Escape');
}

/** The index of the current notebook's active cell. */
export async function activeCellIndex(
  page: IJupyterLabPageFixture
): Promise<number> {
  return page.evaluate(
    () => (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex
  );
}
