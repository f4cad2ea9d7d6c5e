/**
 * The JupyterLite site: the application loads from static files with the
 * extension in it, opens the example notebook, and nothing is fetched from
 * any host but 127.0.0.1.
 */
import {
  cellCount,
  EXAMPLE,
  expect,
  hasCommand,
  isExternal,
  openNotebook,
  recordTimings,
  test
} from './fixtures';

test.describe('the Lite site', () => {
  test('loads the example notebook with the extension, and says how long it took', async ({
    page
  }, testInfo) => {
    const readyMs = await openNotebook(page);
    expect(await cellCount(page)).toBe(5);
    await expect(page.locator('.jp-Notebook .jp-Cell')).toHaveCount(5);
    await expect(
      page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
        hasText: EXAMPLE
      })
    ).toBeVisible();
    expect(await hasCommand(page, 'coauthor:about')).toBe(true);

    // The extension is one of the site's federated extensions, loaded from
    // the site itself.
    const extensions = await page.evaluate(() => {
      const el = document.getElementById('jupyter-config-data');
      const config = JSON.parse(el?.textContent || '{}');
      return (config.federated_extensions || []).map((e: any) => e.name);
    });
    expect(extensions).toContain('jupyterlab-coauthor');

    testInfo.annotations.push({
      type: 'page-load-to-notebook-ms',
      description: String(Math.round(readyMs))
    });
    recordTimings({ pageLoadToNotebookMs: Math.round(readyMs) });
    console.log(
      `page load to example notebook shown: ${Math.round(readyMs)} ms`
    );
  });

  test('runs the About Co-author command, which says collaboration is off', async ({
    page
  }) => {
    await openNotebook(page);
    await page.keyboard.press('Control+Shift+C');
    const palette = page.locator('#modal-command-palette');
    await expect(palette).toBeVisible();
    await palette.locator('input').fill('Co-author');
    const item = palette.locator(
      '.lm-CommandPalette-item[data-command="coauthor:about"]'
    );
    await expect(item).toHaveText(/About Co-author/);
    await expect(item).toBeVisible();
    await item.click();

    const dialog = page.locator('.jp-Dialog .jp-coauthor-About');
    await expect(dialog).toBeVisible();
    // No collaboration server in Lite: the notebook model is not shared.
    await expect(dialog).toContainText('Real-time collaborationoff');
    await expect(dialog).toContainText(`Notebook${EXAMPLE}`);
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Close' })
      .click();
    await expect(dialog).toHaveCount(0);
  });

  test('the request guard catches a request that leaves 127.0.0.1', async ({
    page,
    externalRequests
  }, testInfo) => {
    // This test checks the guard itself, so it may make such a request.
    testInfo.annotations.push({ type: 'expects-external' });
    expect(isExternal('http://127.0.0.1:8765/lab/index.html')).toBe(false);
    expect(isExternal('data:text/plain,x')).toBe(false);
    expect(isExternal('https://cdn.jsdelivr.net/pyodide/')).toBe(true);

    await openNotebook(page);
    const outcome = await page.evaluate(async () => {
      try {
        await fetch(
          'https://cdn.jsdelivr.net/pyodide/v314.0.6/full/pyodide.mjs'
        );
        return 'fetched';
      } catch {
        return 'failed';
      }
    });
    // Never reachable from here: the browser resolves no other host.
    expect(outcome).toBe('failed');
    // Seen once from the page and once more from JupyterLite's service
    // worker, which forwards the page's fetches: both are watched.
    expect([...new Set(externalRequests)]).toEqual([
      'https://cdn.jsdelivr.net/pyodide/v314.0.6/full/pyodide.mjs'
    ]);
  });

  test('offers the last checkpoint as a suggestion disabled, saying why', async ({
    page
  }) => {
    await openNotebook(page);
    // JupyterLite keeps checkpoints in the browser with no API that gives
    // one's content, and has no server for the package's server extension.
    const command = await page.evaluate(() => {
      const { commands } = (window as any).jupyterapp;
      const id = 'coauthor:open-checkpoint-as-suggestion';
      return {
        exists: commands.hasCommand(id),
        enabled: commands.isEnabled(id),
        label: commands.label(id),
        caption: commands.caption(id)
      };
    });
    expect(command).toEqual({
      exists: true,
      enabled: false,
      label: 'Open Last Checkpoint as Suggestion (needs a Jupyter server)',
      caption:
        'Not in JupyterLite: it keeps checkpoints in the browser with no way to read one, only to restore it'
    });
    await page.locator('.lm-MenuBar-item', { hasText: 'File' }).click();
    const item = page.locator('.lm-Menu-item', {
      hasText: 'Open Last Checkpoint as Suggestion (needs a Jupyter server)'
    });
    await expect(item).toBeVisible();
    await expect(item).toHaveClass(/lm-mod-disabled/);
  });
});
