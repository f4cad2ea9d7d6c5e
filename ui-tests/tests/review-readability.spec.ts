/**
 * The Suggestions panel reads at a glance in a 1024-px window (issue 11):
 * every entry names its place and what changed, and no two read the same; a
 * retyped cell says from what type to what, not "metadata changed"; each
 * entry's Accept and Reject fit beside it, neither clipped nor overlapping;
 * the toolbar's toggle says "Suggest" and the sidebar tab counts the
 * changes. And no cursor of one's own shows as someone else's ("Anonymous")
 * in one's own cells.
 */
import { expect, test } from '@jupyterlab/galata';

import { COLLABORATIVE, openExample, run, screenshotPath } from './helpers';

test('the panel at its default width in a 1024-px window', async ({
  page,
  tmpPath
}) => {
  const errors: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  await page.setViewportSize({ width: 1024, height: 768 });
  await openExample(page, tmpPath);
  await run(page, 'coauthor:open-suggestions');
  await run(page, 'coauthor:toggle-suggesting');

  // Cell 3 retyped; a new cell after cell 4; cell 5 edited.
  await page.notebook.selectCells(2);
  await page.keyboard.press('m');
  await page.notebook.selectCells(3);
  await page.keyboard.press('b');
  await page.keyboard.press('Enter');
  await page.keyboard.type('plot(areas)');
  await page.keyboard.press('Escape');
  await page.notebook.enterCellEditingMode(5);
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nprint(squares)');

  const panel = page.locator('#jp-coauthor-suggestions');
  const where = panel.locator('.jp-coauthor-Change-where');
  await expect(where).toHaveText([
    'Cell 3 · type changed: code → markdown',
    'new cell after cell 4',
    'Cell 5 · edited'
  ]);

  // Nobody else is here: no cursor shows in one's own cells, in particular
  // not in the new one, over its "new cell — suggested by" label.
  await expect(page.locator('.jp-Cell').nth(4)).toHaveAttribute(
    'data-coauthor-label',
    /^new cell — suggested by /
  );
  if (COLLABORATIVE) {
    await page.notebook.enterCellEditingMode(4);
    await page.keyboard.press('End');
    await page.waitForTimeout(300);
    await expect(page.locator('.jp-remote-userFlag')).toHaveCount(0);
  }
  await page.keyboard.press('Escape');

  await page.screenshot({ path: screenshotPath('review-panel-1024.png') });

  // The toggle: labelled, with an accessible name; the tab: the count.
  const toggle = page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar')
    .getByRole('button', { name: 'Suggest' });
  await expect(toggle).toBeVisible();
  const tab = page.locator(
    '.jp-SideBar .lm-TabBar-tab[data-id="jp-coauthor-suggestions"]'
  );
  await expect(tab).toHaveAttribute('data-coauthor-count', '3');
  expect(
    await tab.evaluate(node => {
      const badge = getComputedStyle(node, '::before');
      return [badge.getPropertyValue('content'), badge.display];
    })
  ).toEqual(['"3"', 'block']);

  // Each entry's buttons: inside the panel, whole, apart from each other and
  // from the entry's text.
  const layout = await panel.evaluate(node => {
    const box = node.getBoundingClientRect();
    return [...node.querySelectorAll('.jp-coauthor-Change')].map(row => {
      const show = row
        .querySelector('.jp-coauthor-Change-show')!
        .getBoundingClientRect();
      const buttons = [
        ...row.querySelectorAll('.jp-coauthor-Change-actions button')
      ] as HTMLElement[];
      const rects = buttons.map(b => b.getBoundingClientRect());
      const apart = (a: DOMRect, b: DOMRect) =>
        a.right <= b.left + 0.5 ||
        b.right <= a.left + 0.5 ||
        a.bottom <= b.top + 0.5 ||
        b.bottom <= a.top + 0.5;
      return {
        inside: rects.every(
          r => r.left >= box.left - 0.5 && r.right <= box.right + 0.5
        ),
        whole: buttons.every(b => b.scrollWidth <= b.clientWidth + 1),
        apart: apart(rects[0], rects[1]) && rects.every(r => apart(r, show))
      };
    });
  });
  expect(layout).toEqual(
    Array(3).fill({ inside: true, whole: true, apart: true })
  );

  expect(errors).toEqual([]);
});
