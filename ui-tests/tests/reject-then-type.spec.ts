/**
 * Nothing typed in suggesting mode is lost after a reject (issue 10). A
 * reject rebuilds the branch on a new document; suggesting mode used to keep
 * showing the old one, so what the user typed next went into a document
 * nobody recorded: no mark, "No suggestions", gone after a switch or a
 * reload. Also: no error in the console from any of it (CodeMirror's "update
 * in progress" came from the user's own cursor looking like a remote one).
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import {
  cellSource,
  openExample,
  openSecondUser,
  readNotebookFile,
  run,
  sources,
  typeAtEnd
} from './helpers';

const panel = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-coauthor-suggestions');

/** The types of the cells the page shows. */
async function cellTypes(page: IJupyterLabPageFixture): Promise<string[]> {
  return page.evaluate(() =>
    (window as any).jupyterapp.shell.currentWidget.content.widgets.map(
      (w: any) => w.model.type
    )
  );
}

/** Collect the page's console errors and uncaught exceptions. */
function watchErrors(page: IJupyterLabPageFixture): string[] {
  const errors: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  page.on('pageerror', error => errors.push(String(error)));
  return errors;
}

/**
 * Errors that come from this extension or from an editor plugin crash. The
 * page also logs errors nobody here causes (a missing favicon, a kernel's
 * websocket closing at the end of a test): those are not ours to assert on.
 */
function ours(errors: string[]): string[] {
  return errors.filter(text =>
    /coauthor|CodeMirror plugin crashed|EditorView\.update/i.test(text)
  );
}

test.describe('reject, then type', () => {
  test('typing after Reject all in suggesting mode becomes the suggestion', async ({
    page,
    tmpPath
  }) => {
    const errors = watchErrors(page);
    const path = await openExample(page, tmpPath);
    const before = await sources(page);
    const types = await cellTypes(page);

    await run(page, 'coauthor:toggle-suggesting');
    // Change cell 3's type, then reject everything.
    await page.notebook.selectCells(2);
    await page.keyboard.press('m');
    await expect.poll(() => cellTypes(page)).not.toEqual(types);
    await run(page, 'coauthor:open-suggestions');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(1);
    await run(page, 'coauthor:reject-all');

    // The view shows the rebuilt branch: the type change is gone.
    await expect.poll(() => cellTypes(page)).toEqual(types);
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(0);

    // What is typed now is a suggestion, with its mark.
    await typeAtEnd(page, 4, '\nprint(squares)');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(1);
    await expect(page.locator('.jp-coauthor-inserted').first()).toBeVisible();

    // It stays through a switch of mode and back.
    await run(page, 'coauthor:toggle-suggesting');
    expect(await sources(page)).toEqual(before);
    await run(page, 'coauthor:toggle-suggesting');
    expect((await sources(page))[4]).toContain('print(squares)');

    // And through a save, a close and a reopen.
    await page.notebook.save();
    const saved = await readNotebookFile(page, path);
    expect(cellSource(saved, 4)).toBe(before[4]);
    expect(saved.metadata.coauthor.suggestions.branches).toHaveLength(1);
    await page.notebook.close(true);
    await page.notebook.openByPath(path);
    await page.notebook.activate('demo.ipynb');
    await run(page, 'coauthor:open-suggestions');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(1);
    await run(page, 'coauthor:accept-all');
    await expect
      .poll(async () => (await sources(page))[4])
      .toContain('print(squares)');

    expect(ours(errors)).toEqual([]);
  });

  test('a reject made while editing, then suggesting mode: typing is recorded', async ({
    page,
    tmpPath
  }) => {
    const errors = watchErrors(page);
    await openExample(page, tmpPath);
    const before = await sources(page);

    // A suggestion, then back to editing mode, where it is rejected.
    await run(page, 'coauthor:toggle-suggesting');
    await typeAtEnd(page, 2, '\nprint(areas)');
    await run(page, 'coauthor:toggle-suggesting');
    await run(page, 'coauthor:open-suggestions');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(1);
    await panel(page).getByRole('button', { name: 'Reject' }).first().click();
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(0);

    // Suggesting again: the rejected line is gone, and new typing counts.
    await run(page, 'coauthor:toggle-suggesting');
    expect(await sources(page)).toEqual(before);
    await typeAtEnd(page, 4, '\nprint(squares)');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(1);
    await run(page, 'coauthor:toggle-suggesting');
    await run(page, 'coauthor:accept-all');
    const after = await sources(page);
    expect(after[4]).toBe(`${before[4]}\nprint(squares)`);
    expect(after[2]).toBe(before[2]);

    expect(ours(errors)).toEqual([]);
  });

  test("a collaborator rejects Alice's suggestion while she suggests: her next typing is recorded @collab", async ({
    page,
    browser,
    baseURL,
    tmpPath,
    waitForApplication
  }) => {
    const errors = watchErrors(page);
    const path = await openExample(page, tmpPath);
    const before = await sources(page);
    const bob = await openSecondUser({
      browser,
      baseURL: baseURL!,
      waitForApplication,
      tmpPath,
      name: 'Bob',
      open: path
    });
    try {
      await run(bob, 'coauthor:open-suggestions');
      const bobPanel = panel(bob);

      // Alice suggests; Bob sees it and rejects it.
      await run(page, 'coauthor:toggle-suggesting');
      await typeAtEnd(page, 2, '\nprint(areas)');
      await expect(bobPanel.locator('.jp-coauthor-Change')).toHaveCount(1, {
        timeout: 15000
      });
      await bobPanel.getByRole('button', { name: 'Reject all' }).click();
      await run(page, 'coauthor:open-suggestions');
      await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(0, {
        timeout: 15000
      });
      // Alice's view is the rebuilt branch: her rejected line is gone.
      await expect.poll(async () => (await sources(page))[2]).toBe(before[2]);

      // What Alice types next is her suggestion, for both of them.
      await typeAtEnd(page, 4, '\nprint(squares)');
      await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(1);
      await expect(bobPanel.locator('.jp-coauthor-Change')).toHaveCount(1, {
        timeout: 15000
      });
      await bobPanel.getByRole('button', { name: 'Accept all' }).click();
      await expect
        .poll(async () =>
          page.evaluate(
            () =>
              (
                window as any
              ).jupyterapp.shell.currentWidget.context.model.sharedModel.cells[4].getSource() as string
          )
        )
        .toBe(`${before[4]}\nprint(squares)`);
      expect(ours(errors)).toEqual([]);
    } finally {
      await bob.close();
    }
  });
});
