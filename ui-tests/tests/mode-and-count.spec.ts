/**
 * The mode and the count are visible (issue 11): a labelled "Suggest" toggle
 * in the notebook toolbar, and the number of pending changes on the
 * Suggestions panel's sidebar tab, whose icon is not the toggle's pencil.
 */
import { expect, test } from '@jupyterlab/galata';

import { openExample, typeAtEnd } from './helpers';

test('the toolbar says Suggest, and the sidebar tab counts the changes', async ({
  page,
  tmpPath
}) => {
  await openExample(page, tmpPath);
  const toggle = page.locator(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar [data-jp-item-name="coauthor-suggesting"]'
  );
  await expect(toggle).toContainText('Suggest');
  const tab = page.locator(
    '.jp-SideBar .lm-TabBar-tab[data-id="jp-coauthor-suggestions"]'
  );
  await expect(tab).not.toHaveAttribute('data-coauthor-count', /./);

  await toggle.locator('jp-button, button').first().click();
  await expect(page.locator('.jp-coauthor-ModeStatus')).toHaveText(
    'Suggesting'
  );
  await typeAtEnd(page, 2, '\nprint(areas)');
  await expect(tab).toHaveAttribute('data-coauthor-count', '1');
  await typeAtEnd(page, 4, '\nprint(squares)');
  await expect(tab).toHaveAttribute('data-coauthor-count', '2');
  await expect(tab).toHaveAttribute('title', /2 changes/);

  // The tab's icon is not the toggle's.
  const icons = await page.evaluate(() => {
    const tab = document.querySelector(
      '.jp-SideBar .lm-TabBar-tab[data-id="jp-coauthor-suggestions"] svg'
    );
    const button = document.querySelector(
      '.jp-NotebookPanel:not(.lm-mod-hidden) [data-jp-item-name="coauthor-suggesting"] svg'
    );
    return [tab?.outerHTML ?? 'none', button?.outerHTML ?? 'none'];
  });
  expect(icons[0]).not.toBe('none');
  expect(icons[0]).not.toEqual(icons[1]);

  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('coauthor:reject-all')
  );
  await expect(tab).not.toHaveAttribute('data-coauthor-count', /./);
});

test('after Accept in the panel, focus is in the notebook: the keyboard undoes it, and Ctrl+Alt+S works twice', async ({
  page,
  tmpPath
}) => {
  await openExample(page, tmpPath);
  const before = await page.evaluate(() =>
    (
      window as any
    ).jupyterapp.shell.currentWidget.context.model.sharedModel.cells[2].getSource()
  );
  await page.keyboard.press('Control+Alt+s');
  await expect(page.locator('.jp-coauthor-ModeStatus')).toHaveText(
    'Suggesting'
  );
  await typeAtEnd(page, 2, '\nprint(areas)');
  await page.keyboard.press('Control+Alt+s');
  await expect(page.locator('.jp-coauthor-ModeStatus')).toHaveText('Editing');

  await page.notebook.selectCells(2);
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('coauthor:open-suggestions')
  );
  const panel = page.locator('#jp-coauthor-suggestions');
  await panel
    .locator('.jp-coauthor-Change')
    .getByRole('button', { name: 'Accept' })
    .click();
  const source = () =>
    page.evaluate(() =>
      (
        window as any
      ).jupyterapp.shell.currentWidget.context.model.sharedModel.cells[2].getSource()
    );
  await expect.poll(source).toBe(`${before}\nprint(areas)`);
  expect(
    await page.evaluate(() =>
      (window as any).jupyterapp.shell.currentWidget.content.node.contains(
        document.activeElement
      )
    )
  ).toBe(true);
  // With the keyboard only: into the cell, and its undo; the suggestion is
  // back.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+z');
  await expect.poll(source).toBe(before);
  await expect(panel.locator('.jp-coauthor-Change')).toHaveCount(1);
});
