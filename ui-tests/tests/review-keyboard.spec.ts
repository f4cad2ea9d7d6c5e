/**
 * Review from the keyboard (issue 11): after every review action made with
 * the mouse — in the Suggestions panel (Accept, Reject, Show) or on a cell
 * (✓/✗) — focus is back in the notebook, in command mode on the active
 * cell, so that Ctrl+Z undoes an accepted edit there (the active cell's
 * undo, as JupyterLab's Edit → Undo) and Z an accepted new cell (the
 * notebook's undo of cell operations); Ctrl+Alt+S twice in a row
 * switches to suggesting mode and back. And a change in conflict cannot be
 * accepted: its Accept is disabled, with the reason as its tooltip.
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from '@jupyterlab/galata';

import { openExample, run, typeAtEnd } from './helpers';

const panel = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-coauthor-suggestions');
const rows = (page: IJupyterLabPageFixture) =>
  panel(page).locator('.jp-coauthor-Change');

/** A cell's text in the notebook's own model. */
const source = (page: IJupyterLabPageFixture, index: number) =>
  page.evaluate(
    i =>
      (
        window as any
      ).jupyterapp.shell.currentWidget.context.model.sharedModel.cells[
        i
      ].getSource(),
    index
  );

/**
 * Where the keyboard is: in the current notebook, in command mode (where Z
 * and Ctrl+Alt+S apply), and which cell is active.
 */
const keyboard = (page: IJupyterLabPageFixture) =>
  page.evaluate(() => {
    const notebook = (window as any).jupyterapp.shell.currentWidget.content;
    return {
      inNotebook: notebook.node.contains(document.activeElement),
      mode: notebook.mode,
      active: notebook.activeCellIndex
    };
  });

/** Suggest an edit at the end of each of these cells, then edit again. */
async function suggest(
  page: IJupyterLabPageFixture,
  edits: [number, string][]
): Promise<void> {
  await run(page, 'coauthor:toggle-suggesting');
  for (const [index, text] of edits) {
    await typeAtEnd(page, index, text);
  }
  await run(page, 'coauthor:toggle-suggesting');
  await run(page, 'coauthor:open-suggestions');
  await expect(rows(page)).toHaveCount(edits.length);
}

test.beforeEach(({ page }) => {
  const errors: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  (page as any).__errors = errors;
});

test.afterEach(({ page }) => {
  expect((page as any).__errors).toEqual([]);
});

test('Ctrl+Alt+S twice in a row switches to suggesting mode and back', async ({
  page,
  tmpPath
}) => {
  await openExample(page, tmpPath);
  await page.notebook.selectCells(2);
  const status = page.locator('.jp-coauthor-ModeStatus');
  await page.keyboard.press('Control+Alt+s');
  await expect(status).toHaveText('Suggesting');
  await expect
    .poll(() => keyboard(page))
    .toEqual({ inNotebook: true, mode: 'command', active: 2 });
  await page.keyboard.press('Control+Alt+s');
  await expect(status).toHaveText('Editing');
  // And from the toolbar's toggle too: focus comes back to the notebook.
  await page
    .locator(
      '.jp-NotebookPanel:not(.lm-mod-hidden) [data-jp-item-name="coauthor-suggesting"] jp-button'
    )
    .click();
  await expect(status).toHaveText('Suggesting');
  await expect.poll(async () => (await keyboard(page)).inNotebook).toBe(true);
  await page.keyboard.press('Control+Alt+s');
  await expect(status).toHaveText('Editing');
});

test('after Accept, Reject and Show in the panel and ✓ on a cell, the keyboard undoes at once', async ({
  page,
  tmpPath
}) => {
  await openExample(page, tmpPath);
  const before2 = await source(page, 2);
  const before4 = await source(page, 4);
  await suggest(page, [
    [2, '\nprint(areas)'],
    [4, '\nprint(squares)']
  ]);

  // Accept in the panel: its cell is active, in command mode; Ctrl+Z.
  await page.notebook.selectCells(0);
  await rows(page).first().locator('.jp-coauthor-accept').click();
  await expect.poll(() => source(page, 2)).toBe(`${before2}\nprint(areas)`);
  await expect
    .poll(() => keyboard(page))
    .toEqual({ inNotebook: true, mode: 'command', active: 2 });
  await page.keyboard.press('Control+z');
  await expect.poll(() => source(page, 2)).toBe(before2);
  await expect(rows(page)).toHaveCount(2);

  // Show: the change's cell is active, and the keyboard is there.
  await rows(page).nth(1).locator('.jp-coauthor-Change-show').click();
  await expect
    .poll(() => keyboard(page))
    .toEqual({ inNotebook: true, mode: 'command', active: 4 });

  // Reject in the panel, then Z brings the suggestion back.
  await rows(page).nth(1).locator('.jp-coauthor-reject').click();
  await expect(rows(page)).toHaveCount(1);
  await expect
    .poll(() => keyboard(page))
    .toMatchObject({ inNotebook: true, mode: 'command' });

  // ✓ on the cell itself (the marks' button), while editing it: back in
  // command mode, then Ctrl+Z.
  await page.notebook.enterCellEditingMode(2);
  await page
    .locator('.jp-Cell')
    .nth(2)
    .locator('.jp-coauthor-accept-button')
    .click();
  await expect.poll(() => source(page, 2)).toBe(`${before2}\nprint(areas)`);
  await expect
    .poll(() => keyboard(page))
    .toEqual({ inNotebook: true, mode: 'command', active: 2 });
  await page.keyboard.press('Control+z');
  await expect.poll(() => source(page, 2)).toBe(before2);
  expect(await source(page, 4)).toBe(before4);

  // A new cell accepted in the panel: Z (the notebook's undo of cell
  // operations) takes it out again.
  await rows(page).first().locator('.jp-coauthor-reject').click();
  await run(page, 'coauthor:toggle-suggesting');
  await page.notebook.selectCells(4);
  await page.keyboard.press('b');
  await run(page, 'coauthor:toggle-suggesting');
  await expect(rows(page)).toHaveText([/^new cell after cell 5/]);
  const count = () => page.notebook.getCellCount();
  await rows(page).first().locator('.jp-coauthor-accept').click();
  await expect.poll(count).toBe(6);
  await expect
    .poll(() => keyboard(page))
    .toEqual({ inNotebook: true, mode: 'command', active: 5 });
  await page.keyboard.press('z');
  await expect.poll(count).toBe(5);
});

test('a change in conflict cannot be accepted: Accept is disabled and says why', async ({
  page,
  tmpPath
}) => {
  await openExample(page, tmpPath);
  await suggest(page, [[2, '\nprint(areas)']]);
  // The cell is deleted in the notebook itself.
  await page.notebook.selectCells(2);
  await page.keyboard.press('d');
  await page.keyboard.press('d');
  const reason = 'conflict: the cell was deleted in the notebook';
  await expect(rows(page).locator('.jp-coauthor-Change-conflict')).toHaveText(
    reason
  );
  const accept = rows(page).locator('.jp-coauthor-accept');
  await expect(accept).toBeDisabled();
  await expect(accept).toHaveAttribute('title', reason);
  // The suggestion's own Accept (all it holds is in conflict) too.
  const whole = panel(page).locator(
    '.jp-coauthor-Suggestion-head .jp-coauthor-accept'
  );
  await expect(whole).toBeDisabled();
  // Reject still clears it.
  await rows(page).locator('.jp-coauthor-reject').click();
  await expect(rows(page)).toHaveCount(0);
});
