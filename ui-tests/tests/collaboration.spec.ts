/**
 * The same notebook in two browser contexts: with jupyter-collaboration each
 * sees the other's edits live; without it, one person edits and saves, and
 * the extension is loaded all the same.
 */
import { expect, test } from '@jupyterlab/galata';

import {
  cellSource,
  hasCommand,
  openExample,
  openSecondUser,
  readNotebookFile
} from './helpers';

test.describe('two people on one notebook @collab', () => {
  test('an edit typed in one window shows in the other', async ({
    page,
    browser,
    baseURL,
    tmpPath,
    waitForApplication
  }) => {
    const notebookPath = await openExample(page, tmpPath);
    const bob = await openSecondUser({
      browser,
      baseURL: baseURL!,
      waitForApplication,
      tmpPath,
      name: 'Bob'
    });
    try {
      await bob.notebook.openByPath(notebookPath);
      await bob.notebook.activate('demo.ipynb');
      expect(await hasCommand(bob, 'coauthor:about')).toBe(true);

      await page.notebook.enterCellEditingMode(4);
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n# typed by Alice');

      await expect
        .poll(() => bob.notebook.getCellTextInput(4), { timeout: 15000 })
        .toContain('# typed by Alice');

      await bob.notebook.enterCellEditingMode(0);
      await bob.keyboard.press('Control+End');
      await bob.keyboard.type(' Bob was here.');
      await expect
        .poll(() => page.notebook.getCellTextInput(0), { timeout: 15000 })
        .toContain('Bob was here.');
    } finally {
      await bob.context().close();
    }
  });
});

test.describe('one person without collaboration @solo', () => {
  test('edits and saves the example notebook with the extension loaded', async ({
    page,
    tmpPath
  }) => {
    const notebookPath = await openExample(page, tmpPath);
    expect(await hasCommand(page, 'coauthor:about')).toBe(true);

    await page.notebook.enterCellEditingMode(4);
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n# typed alone');
    await page.notebook.save();

    const saved = await readNotebookFile(page, notebookPath);
    expect(cellSource(saved, 4)).toContain('# typed alone');
  });
});
