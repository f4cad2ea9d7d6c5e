/**
 * The extension is installed and loaded: its command is in the palette, its
 * settings are in the Settings Editor, and the example notebook opens.
 */
import { expect, test } from '@jupyterlab/galata';

import {
  COLLABORATIVE,
  hasCommand,
  openExample,
  screenshotPath
} from './helpers';

test.describe('the extension', () => {
  test('opens the example notebook with the Co-author command in the palette', async ({
    page,
    tmpPath
  }) => {
    await openExample(page, tmpPath);
    expect(await page.notebook.getCellCount()).toBe(5);
    expect(await hasCommand(page, 'coauthor:about')).toBe(true);

    await page.keyboard.press('Control+Shift+C');
    const palette = page.locator('#modal-command-palette');
    await expect(palette).toBeVisible();
    await palette.locator('input').fill('Co-author');
    const item = palette.locator('.lm-CommandPalette-item', {
      hasText: 'About Co-author'
    });
    await expect(item).toBeVisible();
    if (COLLABORATIVE) {
      await page.screenshot({ path: screenshotPath('palette.png') });
    }

    await item.click();
    const dialog = page.locator('.jp-Dialog .jp-coauthor-About');
    await expect(dialog).toBeVisible();
    // The About dialog reports what the notebook model says of collaboration.
    await expect(dialog).toContainText(
      `Real-time collaboration${COLLABORATIVE ? 'on' : 'off'}`
    );
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Close' })
      .click();
  });

  test('shows its agent settings in the Settings Editor', async ({ page }) => {
    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute('settingeditor:open', {
        query: 'Co-author'
      });
    });
    const entry = page.locator('.jp-PluginList-entry', {
      hasText: 'Co-author: AI agent'
    });
    await expect(entry).toBeVisible();
    await entry.click();
    await expect(page.locator('.jp-SettingsPanel')).toContainText('Base URL');
    await expect(page.locator('.jp-SettingsPanel')).toContainText(
      'Agent edit mode'
    );
  });
});
