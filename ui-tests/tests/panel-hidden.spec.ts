/**
 * The Suggestions panel renders only while visible (issue 12): hidden in
 * the sidebar, it is not rebuilt on each keystroke next to a suggestion,
 * while the sidebar tab's count stays current; opened, it shows the
 * suggestion as it is now.
 */
import { expect, test } from '@jupyterlab/galata';

import { openExample, typeAtEnd } from './helpers';

test('a hidden Suggestions panel does not re-render while typing, and shows the current state when opened', async ({
  page,
  tmpPath
}) => {
  await openExample(page, tmpPath);
  const panel = page.locator('#jp-coauthor-suggestions');
  await expect(panel).toBeHidden();
  const tab = page.locator(
    '.jp-SideBar .lm-TabBar-tab[data-id="jp-coauthor-suggestions"]'
  );

  await page.keyboard.press('Control+Alt+s');
  await expect(page.locator('.jp-coauthor-ModeStatus')).toHaveText(
    'Suggesting'
  );
  await typeAtEnd(page, 2, '\nprint(areas)');
  await expect(tab).toHaveAttribute('data-coauthor-count', '1');

  // From now on, count what changes in the hidden panel's DOM.
  await page.evaluate(() => {
    const node = document.getElementById('jp-coauthor-suggestions')!;
    const w = window as any;
    w.coauthorPanelMutations = 0;
    new MutationObserver(records => {
      w.coauthorPanelMutations += records.length;
    }).observe(node, { childList: true, subtree: true, characterData: true });
  });
  // Each key changes the suggestion: a line more in this cell, a change
  // in another; the tab's count follows, the panel does not render.
  await typeAtEnd(page, 2, '\nprint(len(areas))');
  await typeAtEnd(page, 4, '\nprint(squares)');
  await expect(tab).toHaveAttribute('data-coauthor-count', '2');
  // The frames in which a visible panel would have rendered have passed.
  await page.evaluate(
    () =>
      new Promise(resolve =>
        requestAnimationFrame(() => setTimeout(resolve, 200))
      )
  );
  expect(
    await page.evaluate(() => (window as any).coauthorPanelMutations)
  ).toBe(0);

  // Opened, it shows the suggestion as it is now: both changes.
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('coauthor:open-suggestions')
  );
  await expect(panel).toBeVisible();
  const changes = panel.locator('.jp-coauthor-Change');
  await expect(changes).toHaveCount(2);
  await expect(changes.nth(0)).toContainText('Cell 3');
  await expect(changes.nth(1)).toContainText('Cell 5');
  expect(
    await page.evaluate(() => (window as any).coauthorPanelMutations)
  ).toBeGreaterThan(0);

  // Visible, it follows the typing.
  await typeAtEnd(page, 1, '\nprint(math.pi)');
  await expect(changes).toHaveCount(3);
});
