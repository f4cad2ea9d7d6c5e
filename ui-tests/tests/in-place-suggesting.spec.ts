/**
 * Suggesting mode without a model swap (setting `switchMode: "inPlace"`,
 * docs/branches.md), the text path: the notebook widget keeps the notebook's
 * model and each cell editor is bound to the branch's copy of its cell.
 * Typing while suggesting lands in the suggestion and not in the notebook; a
 * collaborator's typing and cursor still show; leaving shows the notebook.
 */
import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';

import { openExample, openSecondUser, run, typeAtEnd } from './helpers';

test.use({
  mockSettings: {
    ...galata.DEFAULT_SETTINGS,
    'jupyterlab-coauthor:suggestions': { switchMode: 'inPlace' }
  }
});

/** Cell `index` as the page shows it and as the notebook's model has it. */
async function cellTexts(
  page: IJupyterLabPageFixture,
  index: number
): Promise<{ shown: string; notebook: string; swapped: boolean }> {
  return page.evaluate(i => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    const cell = panel.content.widgets[i];
    return {
      shown: cell.editor.editor.state.doc.toString(),
      notebook: panel.context.model.sharedModel.cells[i].getSource(),
      swapped: panel.content.model !== panel.context.model
    };
  }, index);
}

/** Errors from this extension or an editor plugin crash. */
function watchErrors(page: IJupyterLabPageFixture): string[] {
  const errors: string[] = [];
  page.on('console', m => {
    if (
      m.type() === 'error' &&
      /coauthor|CodeMirror plugin crashed|EditorView\.update/i.test(m.text())
    ) {
      errors.push(m.text());
    }
  });
  page.on('pageerror', e => errors.push(String(e)));
  return errors;
}

test.describe('suggesting in place', () => {
  test('typing lands in the suggestion; leaving shows the notebook', async ({
    page,
    tmpPath
  }) => {
    const errors = watchErrors(page);
    await openExample(page, tmpPath);
    const before = await cellTexts(page, 0);
    await run(page, 'coauthor:toggle-suggesting');
    await expect(
      page.locator('.jp-Notebook.jp-coauthor-suggesting')
    ).toHaveCount(1);
    await typeAtEnd(page, 0, '\n# suggested in place');

    let texts = await cellTexts(page, 0);
    expect(texts.swapped).toBe(false);
    expect(texts.shown).toBe(before.shown + '\n# suggested in place');
    expect(texts.notebook).toBe(before.notebook);
    // It is a suggestion: marked in the cell and listed in the panel.
    await expect(
      page
        .locator('.jp-Notebook .jp-Cell')
        .first()
        .locator('.jp-coauthor-inserted')
    ).toHaveCount(1, { timeout: 10000 });

    await run(page, 'coauthor:toggle-suggesting');
    await expect(
      page.locator('.jp-Notebook.jp-coauthor-suggesting')
    ).toHaveCount(0);
    texts = await cellTexts(page, 0);
    expect(texts.shown).toBe(before.notebook);
    // Editing mode draws the suggestion as a mark (ghost text, not in the
    // editor's text: checked above).
    const first = page.locator('.jp-Notebook .jp-Cell').first();
    await expect(first.locator('.jp-coauthor-ghost')).toContainText(
      'suggested in place'
    );

    // Back in suggesting mode the suggestion is there again.
    await run(page, 'coauthor:toggle-suggesting');
    texts = await cellTexts(page, 0);
    expect(texts.shown).toBe(before.shown + '\n# suggested in place');
    // Undo acts on the suggestion, not on the notebook.
    await page.notebook.enterCellEditingMode(0);
    await page.keyboard.press('Control+z');
    await expect
      .poll(async () => (await cellTexts(page, 0)).shown)
      .toBe(before.shown);
    expect((await cellTexts(page, 0)).notebook).toBe(before.notebook);
    expect(errors).toEqual([]);
  });

  test("a collaborator's typing and cursor show while suggesting @collab", async ({
    page,
    browser,
    baseURL,
    tmpPath,
    waitForApplication
  }) => {
    const errors = watchErrors(page);
    const path = await openExample(page, tmpPath);
    const bob = await openSecondUser({
      browser,
      baseURL: baseURL!,
      waitForApplication,
      tmpPath,
      name: 'Bob',
      open: path
    });
    try {
      const before = await cellTexts(page, 2);
      await run(page, 'coauthor:toggle-suggesting');
      await typeAtEnd(page, 2, '\n# Alice suggests');
      // Bob, editing the notebook, types at the start of the same cell.
      await bob.notebook.enterCellEditingMode(2);
      await bob.keyboard.press('Control+Home');
      await bob.keyboard.type('# Bob was here\n');
      const cell = page.locator('.jp-Notebook .jp-Cell').nth(2);
      await expect(cell).toContainText('# Bob was here', { timeout: 15000 });
      await expect(cell.locator('.jp-remote-cursor')).toHaveCount(1, {
        timeout: 15000
      });
      const texts = await cellTexts(page, 2);
      expect(texts.shown).toBe(
        '# Bob was here\n' + before.shown + '\n# Alice suggests'
      );
      expect(texts.notebook).toBe('# Bob was here\n' + before.notebook);
      // Bob's notebook does not get Alice's suggestion as its text.
      expect((await cellTexts(bob, 2)).notebook).toBe(texts.notebook);
      // Leaving: the notebook's text, with Bob's line.
      await run(page, 'coauthor:toggle-suggesting');
      expect((await cellTexts(page, 2)).shown).toBe(
        '# Bob was here\n' + before.notebook
      );
      await page.screenshot({
        path: test.info().outputPath('in-place-after-leaving.png')
      });
      expect(errors).toEqual([]);
    } finally {
      await bob.close();
    }
  });
});
