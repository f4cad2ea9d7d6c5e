/**
 * Two people review live (with jupyter-collaboration): Alice suggests in
 * suggesting mode, Bob sees her marks appear and accepts part of it; both
 * see the same result, and a third window opened later sees the rest.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import {
  cellSource,
  openExample,
  openSecondUser,
  readNotebookFile
} from './helpers';

async function run(page: IJupyterLabPageFixture, id: string): Promise<void> {
  await page.evaluate(
    (command: string) => (window as any).jupyterapp.commands.execute(command),
    id
  );
}

test.describe('reviewing together @collab', () => {
  test("Bob sees Alice's suggestion live and accepts part of it", async ({
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
      name: 'Bob'
    });
    let carol: IJupyterLabPageFixture | null = null;
    try {
      await bob.notebook.openByPath(path);
      await bob.notebook.activate('demo.ipynb');
      await run(bob, 'coauthor:open-suggestions');

      // Alice suggests two edits.
      await run(page, 'coauthor:toggle-suggesting');
      await page.notebook.enterCellEditingMode(2);
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\nprint(areas)');
      await page.keyboard.press('Escape');
      await page.notebook.enterCellEditingMode(4);
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\nprint(squares)');
      await page.keyboard.press('Escape');

      // Bob sees them, live, with Alice's name.
      const bobPanel = bob.locator('#jp-coauthor-suggestions');
      await expect(bobPanel.locator('.jp-coauthor-Change')).toHaveCount(2, {
        timeout: 15000
      });
      await expect(
        bobPanel.locator('.jp-coauthor-Suggestion-author')
      ).toHaveText(/.+/);
      await expect(bob.locator('.jp-coauthor-ghost').first()).toBeVisible();

      // Bob accepts the first one only.
      await bobPanel
        .locator('.jp-coauthor-Change')
        .filter({ hasText: 'areas = [circle_area' })
        .locator('.jp-coauthor-accept')
        .click();
      await expect
        .poll(() => bob.notebook.getCellTextInput(2))
        .toContain('print(areas)');
      await expect(bobPanel.locator('.jp-coauthor-Change')).toHaveCount(1);

      // Alice, back in editing mode, sees the same notebook.
      await run(page, 'coauthor:toggle-suggesting');
      await expect
        .poll(() => page.notebook.getCellTextInput(2), { timeout: 15000 })
        .toContain('print(areas)');
      expect(await page.notebook.getCellTextInput(4)).not.toContain(
        'print(squares)'
      );

      // A third window opened later sees the remaining suggestion.
      carol = await openSecondUser({
        browser,
        baseURL: baseURL!,
        waitForApplication,
        tmpPath,
        name: 'Carol'
      });
      await carol.notebook.openByPath(path);
      await carol.notebook.activate('demo.ipynb');
      await run(carol, 'coauthor:open-suggestions');
      await expect(
        carol.locator('#jp-coauthor-suggestions .jp-coauthor-Change')
      ).toHaveCount(1, { timeout: 15000 });

      // The saved file agrees with both views. With collaboration the
      // server writes the shared document to disk by itself (a save from a
      // browser can meet that write and ask whether to overwrite it), so
      // wait for the file.
      await expect
        .poll(
          async () => {
            // Read while the server writes it, the file is unreadable (400).
            const saved = await readNotebookFile(page, path).catch(() => null);
            if (!saved) {
              return null;
            }
            return [
              cellSource(saved, 2).includes('print(areas)'),
              cellSource(saved, 4).includes('print(squares)')
            ];
          },
          { timeout: 30000 }
        )
        .toEqual([true, false]);
    } finally {
      await carol?.context().close();
      await bob.context().close();
    }
  });
});
