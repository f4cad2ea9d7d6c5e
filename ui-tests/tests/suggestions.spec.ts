/**
 * Suggesting mode and review, as a person uses them: edits in suggesting mode
 * leave the notebook unchanged and show as marks; the Suggestions panel
 * accepts and rejects them; undo brings an accepted suggestion back; and
 * suggestions survive a save and a reload.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import {
  cellSource,
  COLLABORATIVE,
  openExample,
  readNotebookFile,
  run,
  screenshotPath,
  sources,
  typeAtEnd
} from './helpers';

const panel = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-coauthor-suggestions');

test.describe('suggesting mode', () => {
  test('edits become a suggestion: the notebook is unchanged until accepted', async ({
    page,
    tmpPath
  }) => {
    const path = await openExample(page, tmpPath);
    const before = await sources(page);

    await run(page, 'coauthor:toggle-suggesting');
    await expect(page.locator('.jp-coauthor-ModeStatus')).toHaveText(
      'Suggesting'
    );
    // Edit a cell, insert a cell, delete a cell, move a cell.
    await typeAtEnd(page, 2, '\nprint(areas)');
    await page.notebook.selectCells(4);
    await page.keyboard.press('b');
    await page.keyboard.press('Enter');
    await page.keyboard.type('cubes = [r ** 3 for r in range(1, 6)]');
    await page.keyboard.press('Escape');
    await page.notebook.selectCells(3);
    await page.keyboard.press('d');
    await page.keyboard.press('d');
    await page.notebook.selectCells(0);
    await run(page, 'notebook:move-cell-down');

    // The suggestion shows what it proposes.
    const proposed = await sources(page);
    expect(proposed).toContain('cubes = [r ** 3 for r in range(1, 6)]');
    await expect(page.locator('.jp-coauthor-inserted').first()).toBeVisible();

    // Back in editing mode the notebook is as it was, with marks.
    await run(page, 'coauthor:toggle-suggesting');
    await expect(page.locator('.jp-coauthor-ModeStatus')).toHaveText('Editing');
    expect(await sources(page)).toEqual(before);
    await expect(page.locator('.jp-coauthor-ghost').first()).toContainText(
      'print(areas)'
    );
    await expect(page.locator('[data-coauthor-label]').first()).toBeVisible();
    if (COLLABORATIVE) {
      await page.screenshot({ path: screenshotPath('marks.png') });
    }

    // The saved file has the notebook unchanged, and the suggestion.
    await page.notebook.save();
    const saved = await readNotebookFile(page, path);
    expect(
      saved.cells.map((_: unknown, i: number) => cellSource(saved, i))
    ).toEqual(before);
    expect(saved.metadata.coauthor.version).toBe(2);
    expect(saved.metadata.coauthor.suggestions.branches).toHaveLength(1);

    // The panel lists the four changes.
    await run(page, 'coauthor:open-suggestions');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(4);
    if (COLLABORATIVE) {
      await panel(page).screenshot({ path: screenshotPath('panel.png') });
    }

    // Accept the edit of cell 3 (index 2), reject the deletion.
    const editRow = panel(page)
      .locator('.jp-coauthor-Change')
      .filter({ hasText: 'areas = [circle_area' });
    await editRow.locator('.jp-coauthor-accept').click();
    await expect
      .poll(() => page.notebook.getCellTextInput(2))
      .toContain('print(areas)');
    const deleteRow = panel(page)
      .locator('.jp-coauthor-Change')
      .filter({ hasText: 'deleted cell' });
    await deleteRow.locator('.jp-coauthor-reject').click();
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(2);

    // Save, close and open again: the rest of the suggestion is still there
    // (without collaboration the notebook's document is new, read from the
    // file: the suggestion comes back from the saved records).
    await page.notebook.save();
    await page.notebook.close(true);
    await page.notebook.openByPath(path);
    await page.notebook.activate('demo.ipynb');
    await run(page, 'coauthor:open-suggestions');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(2);

    // Accept all: the notebook now has the new cell and the move.
    await run(page, 'coauthor:accept-all');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(0);
    const after = await sources(page);
    expect(after).toContain('cubes = [r ** 3 for r in range(1, 6)]');
    expect(after[0]).toBe(before[1]);
    expect(after[1]).toBe(before[0]);
    expect(after.some(s => s.startsWith('## Next steps'))).toBe(true);

    await page.notebook.save();
    const final = await readNotebookFile(page, path);
    const finalSources = final.cells.map((_: unknown, i: number) =>
      cellSource(final, i)
    );
    expect(finalSources).toEqual(after);
    expect(final.metadata.coauthor).toBeUndefined();
    expect(new Set(final.cells.map((c: any) => c.id)).size).toBe(
      final.cells.length
    );
  });

  test('undo after an accept restores the notebook and brings the suggestion back', async ({
    page,
    tmpPath
  }) => {
    await openExample(page, tmpPath);
    const before = await page.notebook.getCellTextInput(4);
    await run(page, 'coauthor:toggle-suggesting');
    await typeAtEnd(page, 4, '\nprint(squares)');
    await run(page, 'coauthor:toggle-suggesting');
    await run(page, 'coauthor:open-suggestions');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(1);

    await page.notebook.selectCells(4);
    await run(page, 'coauthor:accept-cell');
    await expect
      .poll(() => page.notebook.getCellTextInput(4))
      .toContain('print(squares)');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(0);

    // The user's usual undo, in the cell.
    await page.notebook.enterCellEditingMode(4);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.notebook.getCellTextInput(4)).toBe(before);
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(1);
  });

  test('reads well in the dark theme', async ({ page, tmpPath }) => {
    await openExample(page, tmpPath);
    await run(page, 'coauthor:toggle-suggesting');
    await typeAtEnd(page, 1, '\n\nprint(circle_area(2))');
    await run(page, 'coauthor:toggle-suggesting');
    await run(page, 'coauthor:open-suggestions');
    await page.theme.setDarkTheme();
    await expect(page.locator('.jp-coauthor-ghost').first()).toBeVisible();
    if (COLLABORATIVE) {
      await page.screenshot({ path: screenshotPath('dark.png') });
    }
    await page.theme.setLightTheme();
  });
});
