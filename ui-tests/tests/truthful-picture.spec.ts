/**
 * One truthful picture in both modes (issue 10): a cell the suggestion
 * deletes stays in place in suggesting mode, struck through, with its label
 * on it; a cell it inserts shows in place while editing; a retyped cell says
 * only that; the panel's Show works for every kind; labels never sit on
 * another cell. And running a cell while suggesting runs the code shown,
 * with its output marked as the suggestion's and never saved.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import {
  cellSource,
  COLLABORATIVE,
  openExample,
  openSecondUser,
  readNotebookFile,
  run,
  screenshotPath,
  typeAtEnd
} from './helpers';

const panel = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-coauthor-suggestions');

/** The sources of the notebook's own model (what is saved and shared). */
async function notebookSources(
  page: IJupyterLabPageFixture
): Promise<string[]> {
  return page.evaluate(() =>
    (
      window as any
    ).jupyterapp.shell.currentWidget.context.model.sharedModel.cells.map(
      (c: any) => c.getSource()
    )
  );
}

/** The labels on the cells the page shows, by position. */
async function cellLabels(page: IJupyterLabPageFixture): Promise<string[]> {
  return page.evaluate(() =>
    (window as any).jupyterapp.shell.currentWidget.content.widgets.map(
      (w: any) => w.node.dataset.coauthorLabel ?? ''
    )
  );
}

/** The ghost cells: their kind, the position of the cell that holds them, text. */
async function ghosts(
  page: IJupyterLabPageFixture
): Promise<{ kind: string; host: number; before: boolean; text: string }[]> {
  return page.evaluate(() => {
    const widgets = (window as any).jupyterapp.shell.currentWidget.content
      .widgets as any[];
    const out: any[] = [];
    widgets.forEach((w, host) => {
      for (const node of w.node.querySelectorAll(
        ':scope > .jp-coauthor-GhostCell'
      )) {
        out.push({
          kind: node.classList.contains('jp-mod-deleted')
            ? 'deleted'
            : 'inserted',
          host,
          before: node.classList.contains('jp-mod-before'),
          text: node.textContent
        });
      }
    });
    return out;
  });
}

test.describe('one picture in both modes', () => {
  test('deleted and new cells are shown where they are, in both modes, and Show finds them', async ({
    page,
    tmpPath
  }) => {
    await openExample(page, tmpPath);
    const before = await notebookSources(page);

    await run(page, 'coauthor:toggle-suggesting');
    // Delete cell 4 ("## Next steps"), insert a cell below cell 1.
    await page.notebook.selectCells(3);
    await page.keyboard.press('d');
    await page.keyboard.press('d');
    await page.notebook.selectCells(0);
    await page.keyboard.press('b');
    await page.keyboard.press('Enter');
    await page.keyboard.type('print("new")');
    await page.keyboard.press('Escape');

    // Suggesting: the deleted cell stays in place (after cell 3, which is
    // now the 4th shown: the new cell is 2nd), struck through, labelled.
    await expect
      .poll(() => ghosts(page))
      .toEqual([
        {
          kind: 'deleted',
          host: 3,
          before: false,
          text: expect.stringContaining('## Next steps')
        }
      ]);
    const deleted = page.locator('.jp-coauthor-GhostCell.jp-mod-deleted');
    await expect(deleted).toContainText('deleted cell');
    await expect(deleted.locator('.jp-coauthor-GhostCell-source')).toHaveCSS(
      'text-decoration-line',
      'line-through'
    );
    // The labels: the new cell's on the new cell, none on any other.
    const labels = await cellLabels(page);
    expect(labels[1]).toContain('new cell');
    expect(labels.filter(l => l).length).toBe(1);
    if (COLLABORATIVE) {
      await page.screenshot({ path: screenshotPath('deleted-in-place.png') });
    }

    // Show on the deleted cell's entry scrolls to the ghost.
    await run(page, 'coauthor:open-suggestions');
    const entries = panel(page).locator('.jp-coauthor-Change');
    await expect(entries).toHaveCount(2);
    await entries
      .filter({ hasText: 'deleted cell' })
      .locator('.jp-coauthor-Change-show')
      .click();
    await expect(deleted).toHaveClass(/jp-mod-shown/);
    await expect(deleted).toBeInViewport();

    // Editing: the notebook's cell 4 is marked deleted; the new cell shows
    // in place as a ghost after cell 1.
    await run(page, 'coauthor:toggle-suggesting');
    expect(await notebookSources(page)).toEqual(before);
    await expect
      .poll(() => ghosts(page))
      .toEqual([
        {
          kind: 'inserted',
          host: 0,
          before: false,
          text: expect.stringContaining('print("new")')
        }
      ]);
    const editingLabels = await cellLabels(page);
    expect(editingLabels[3]).toContain('deleted cell');
    expect(editingLabels.filter(l => l).length).toBe(1);
    if (COLLABORATIVE) {
      await page.screenshot({ path: screenshotPath('new-in-place.png') });
    }

    // Show on the new cell's entry finds its ghost; its ✓ accepts it.
    await entries
      .filter({ hasText: 'new cell' })
      .locator('.jp-coauthor-Change-show')
      .click();
    const inserted = page.locator('.jp-coauthor-GhostCell.jp-mod-inserted');
    await expect(inserted).toHaveClass(/jp-mod-shown/);
    await inserted.locator('.jp-coauthor-accept-button').click();
    await expect
      .poll(() => notebookSources(page))
      .toEqual([before[0], 'print("new")', ...before.slice(1)]);
    await expect.poll(() => ghosts(page)).toEqual([]);
    await expect(entries).toHaveCount(1);
  });

  test('a retyped cell says only that its type changed', async ({
    page,
    tmpPath
  }) => {
    await openExample(page, tmpPath);
    await run(page, 'coauthor:toggle-suggesting');
    await page.notebook.selectCells(4);
    await page.keyboard.press('m');
    await expect
      .poll(async () => (await cellLabels(page))[4])
      .toContain('type: code → markdown');
    expect((await cellLabels(page))[4]).not.toContain('metadata');
    await run(page, 'coauthor:open-suggestions');
    const entry = panel(page).locator('.jp-coauthor-Change');
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText('type changed');
    await expect(entry).not.toContainText('metadata');
  });

  test('running a cell while suggesting runs the code shown; its output is not saved', async ({
    page,
    tmpPath
  }) => {
    const path = await openExample(page, tmpPath);
    await run(page, 'coauthor:toggle-suggesting');
    await typeAtEnd(page, 4, '\nprint("suggested", sum(squares))');
    await page.notebook.selectCells(4);
    await page.keyboard.press('Control+Enter');
    // The output of the code shown, marked as the suggestion's.
    const outputs = page
      .locator('.jp-Notebook .jp-Cell')
      .nth(4)
      .locator('.jp-Cell-outputWrapper');
    await expect(outputs).toContainText('suggested 55', { timeout: 60000 });
    await expect(outputs).toHaveAttribute(
      'data-coauthor-run-note',
      /not saved, not part of the suggestion/
    );
    await expect(
      page.locator('.jp-Notification-Toast-info, .Toastify__toast').filter({
        hasText: 'running a cell runs the code you see'
      })
    ).toBeVisible();
    // The suggestion is the edit only.
    await run(page, 'coauthor:open-suggestions');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(1);

    // Editing: the notebook's cell has its own (no) outputs, no note.
    await run(page, 'coauthor:toggle-suggesting');
    await expect(outputs).not.toContainText('suggested 55');
    await expect(outputs).not.toHaveAttribute('data-coauthor-run-note', /./);
    await page.notebook.save();
    const saved = await readNotebookFile(page, path);
    expect(saved.cells[4].outputs).toEqual([]);
    expect(cellSource(saved, 4)).not.toContain('suggested');
    expect(JSON.stringify(saved.metadata.coauthor)).not.toContain(
      'suggested 55'
    );

    // Accepting the edit brings the code, not the run's output.
    await run(page, 'coauthor:accept-all');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(0);
    await expect
      .poll(async () => (await notebookSources(page))[4])
      .toContain('print("suggested"');
    await expect(outputs).not.toContainText('suggested 55');
  });

  test("collaborators' cursors show while suggesting @collab", async ({
    page,
    browser,
    baseURL,
    tmpPath,
    waitForApplication
  }) => {
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
      await run(page, 'coauthor:toggle-suggesting');
      // Bob types in cell 3 of the notebook, in editing mode.
      await bob.notebook.enterCellEditingMode(2);
      await bob.keyboard.press('Control+End');
      await bob.keyboard.type('\n# Bob was here');
      // Alice, suggesting, sees his text and his cursor in that cell.
      const cell = page.locator('.jp-Notebook .jp-Cell').nth(2);
      await expect(cell).toContainText('# Bob was here', { timeout: 15000 });
      await expect(cell.locator('.jp-remote-cursor')).toHaveCount(1, {
        timeout: 15000
      });
      // No cursor of her own is drawn as someone else's.
      await page.notebook.enterCellEditingMode(4);
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n# Alice suggests');
      await expect(
        page
          .locator('.jp-Notebook .jp-Cell')
          .nth(4)
          .locator('.jp-remote-cursor')
      ).toHaveCount(0);
    } finally {
      await bob.close();
    }
  });
});
