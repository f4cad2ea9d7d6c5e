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
