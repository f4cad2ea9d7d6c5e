/**
 * In Lite the notebook lives in the browser's storage (JupyterLite's contents,
 * in IndexedDB): an edit saved there survives a reload, and another browser
 * profile still sees the notebook as the site ships it.
 */
import {
  cellSource,
  expect,
  openNotebook,
  storedNotebook,
  test
} from './fixtures';

const TYPED = '# saved in the browser';

function joined(source: string | string[]): string {
  return Array.isArray(source) ? source.join('') : source;
}

test.describe('browser storage', () => {
  test('an edit saved to the browser survives a reload', async ({
    page,
    browser
  }) => {
    await openNotebook(page);
    expect(await cellSource(page, 4)).not.toContain(TYPED);

    await page
      .locator('.jp-Notebook .jp-Cell')
      .nth(4)
      .locator('.cm-content')
      .click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`\n${TYPED}`);
    await expect.poll(() => cellSource(page, 4)).toContain(TYPED);
    await page.keyboard.press('Control+s');
    await expect
      .poll(async () => joined((await storedNotebook(page)).cells[4].source))
      .toContain(TYPED);

    await page.reload();
    await openNotebook(page);
    expect(await cellSource(page, 4)).toContain(TYPED);
    expect(joined((await storedNotebook(page)).cells[4].source)).toContain(
      TYPED
    );

    // Another browser profile has its own storage: the notebook as shipped.
    const other = await browser.newContext();
    try {
      const otherPage = await other.newPage();
      await openNotebook(otherPage);
      expect(await cellSource(otherPage, 4)).not.toContain(TYPED);
    } finally {
      await other.close();
    }
  });
});
