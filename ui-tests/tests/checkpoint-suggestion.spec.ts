/**
 * "Open Last Checkpoint as Suggestion" (issue 13): the way back to the last
 * checkpoint (what "Revert Notebook to Checkpoint" restores) shown as a
 * suggestion, authored as that checkpoint, and taken cell by cell. The
 * checkpoint's content comes from the package's server extension, here the
 * real one, installed by `pip install` as users get it.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { openExample, readNotebookFile, run, screenshotPath } from './helpers';

const panel = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-coauthor-suggestions');

const toast = (page: IJupyterLabPageFixture, text: string) =>
  page.locator('.Toastify__toast').filter({ hasText: text });

/** The sources of the current notebook's cells, from its shared model. */
async function modelSources(page: IJupyterLabPageFixture): Promise<string[]> {
  return page.evaluate(() =>
    (
      window as any
    ).jupyterapp.shell.currentWidget.context.model.sharedModel.cells.map(
      (c: any) => c.getSource()
    )
  );
}

/** The checkpoints of a file, as the contents API lists them. */
async function checkpoints(
  page: IJupyterLabPageFixture,
  serverPath: string
): Promise<Array<{ id: string; last_modified: string }>> {
  return page.evaluate(
    p => (window as any).jupyterapp.serviceManager.contents.listCheckpoints(p),
    serverPath
  );
}

/**
 * Open the example, let the kernel write its `language_info` into the
 * notebook, then "Save and Create Checkpoint" (File ▸ Save Notebook), so that
 * the checkpoint is the notebook as it is open.
 */
async function openAndCheckpoint(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<string> {
  const serverPath = await openExample(page, tmpPath, 'nb.ipynb');
  await page.waitForFunction(
    () =>
      !!(
        window as any
      ).jupyterapp.shell.currentWidget?.context.model.getMetadata(
        'language_info'
      )?.version
  );
  await run(page, 'docmanager:save');
  await expect
    .poll(async () => (await checkpoints(page, serverPath)).length)
    .toBe(1);
  return serverPath;
}

test.describe('the last checkpoint as a suggestion', () => {
  test('the way back to the checkpoint, reviewed and taken per cell', async ({
    page,
    tmpPath
  }) => {
    const errors: string[] = [];
    page.on('console', m => {
      if (m.type() === 'error') {
        errors.push(m.text());
      }
    });
    const serverPath = await openAndCheckpoint(page, tmpPath);
    const atCheckpoint = await modelSources(page);

    // Right after the checkpoint: nothing to suggest.
    await run(page, 'coauthor:open-checkpoint-as-suggestion');
    const same = toast(page, 'No difference: Last checkpoint (');
    await expect(same).toBeVisible();
    await same
      .locator('.Toastify__close-button, .jp-Notification-Toast-Close')
      .click();
    await expect(same).toHaveCount(0);
    await run(page, 'coauthor:open-suggestions');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(0);

    // Three changes to the notebook, saved the way autosave saves (the file,
    // no new checkpoint): cell 2 edited, cell 5 deleted, a cell added.
    await page.evaluate(() => {
      const model = (window as any).jupyterapp.shell.currentWidget.context.model
        .sharedModel;
      model.cells[1].updateSource(0, 0, '# edited since the checkpoint\n');
      model.deleteCell(4);
      model.insertCell(4, {
        cell_type: 'code',
        source: 'print("added since the checkpoint")'
      });
    });
    await page.notebook.save();
    const before = await checkpoints(page, serverPath);
    expect(before).toHaveLength(1);
    const onDisk = await readNotebookFile(page, serverPath);
    expect(onDisk.cells.map((c: any) => [].concat(c.source).join(''))).toEqual(
      await modelSources(page)
    );

    await run(page, 'coauthor:open-checkpoint-as-suggestion');
    await expect(
      toast(
        page,
        'suggests 3 changes (1 inserted, 1 deleted, 0 moved, 1 edited)'
      )
    ).toBeVisible();
    // The notebook itself is unchanged until a change is accepted.
    expect((await modelSources(page))[1]).toMatch(/^# edited since/);

    const suggestion = panel(page).locator('.jp-coauthor-Suggestion');
    await expect(suggestion).toHaveCount(1);
    await expect(
      suggestion.locator('.jp-coauthor-Suggestion-author')
    ).toHaveText(/^Last checkpoint \(.+\)$/);
    const rows = panel(page).locator('.jp-coauthor-Change');
    await expect(rows).toHaveCount(3);
    // Back to the checkpoint: the edit undone, the deleted cell back, the
    // added cell gone; nothing else (no metadata change).
    await expect(rows.filter({ hasText: 'edited' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'new cell' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'deleted cell' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'new cell' })).toContainText('squares');
    await expect(rows.filter({ hasText: 'deleted cell' })).toContainText(
      'added since the checkpoint'
    );
    // The toast in place (it slides in), for the picture only.
    await page.waitForTimeout(600);
    await page.screenshot({
      path: screenshotPath('checkpoint-suggestion.png')
    });

    // Take back only the edit of cell 2.
    await rows
      .filter({ hasText: 'edited' })
      .locator('.jp-coauthor-accept')
      .click();
    await expect(rows).toHaveCount(2);
    const now = await modelSources(page);
    expect(now[1]).toBe(atCheckpoint[1]);
    expect(now).toHaveLength(atCheckpoint.length);
    expect(now[4]).toBe('print("added since the checkpoint")');

    // Then the rest: the notebook is the checkpoint again.
    await run(page, 'coauthor:accept-all');
    await expect(rows).toHaveCount(0);
    expect(await modelSources(page)).toEqual(atCheckpoint);
    expect(errors).toEqual([]);
  });

  test('in the File menu, beside Revert', async ({ page, tmpPath }) => {
    await openAndCheckpoint(page, tmpPath);
    await page.menu.open('File');
    const item = page.locator('.lm-Menu-item', {
      hasText: 'Open Last Checkpoint as Suggestion'
    });
    await expect(item).toBeVisible();
    await expect(item).not.toHaveClass(/lm-mod-disabled/);
    // In the group of Reload and Revert: no separator between them.
    const entries = await page
      .locator('.lm-Menu:visible .lm-Menu-item')
      .evaluateAll(items =>
        items.map(i =>
          i.getAttribute('data-type') === 'separator'
            ? '---'
            : (i.querySelector('.lm-Menu-itemLabel')?.textContent ?? '')
        )
      );
    const group = (label: string) => {
      const at = entries.findIndex(e => e.startsWith(label));
      expect(at, `${label} in ${entries.join(' | ')}`).toBeGreaterThan(-1);
      return entries.slice(0, at).filter(e => e === '---').length;
    };
    expect(group('Open Last Checkpoint as Suggestion')).toBe(
      group('Revert Notebook to Checkpoint')
    );
    await page.screenshot({
      path: screenshotPath('checkpoint-suggestion-menu.png')
    });
    await item.click();
    await expect(toast(page, 'No difference: Last checkpoint (')).toBeVisible();
  });

  test('no checkpoint yet: says to save first, suggests nothing', async ({
    page,
    tmpPath
  }) => {
    const serverPath = await openExample(page, tmpPath, 'fresh.ipynb');
    // JupyterLab makes a checkpoint when it opens a file that has none:
    // remove it, as on a server whose checkpoints were cleared.
    await expect
      .poll(async () => (await checkpoints(page, serverPath)).length)
      .toBe(1);
    await page.evaluate(
      p =>
        (window as any).jupyterapp.serviceManager.contents.deleteCheckpoint(
          p,
          'checkpoint'
        ),
      serverPath
    );
    expect(await checkpoints(page, serverPath)).toEqual([]);
    await run(page, 'coauthor:open-checkpoint-as-suggestion');
    await expect(
      toast(
        page,
        'fresh.ipynb has no checkpoint yet: save the notebook first (Save Notebook, Ctrl+S, creates one).'
      )
    ).toBeVisible();
    await run(page, 'coauthor:open-suggestions');
    await expect(panel(page).locator('.jp-coauthor-Suggestion')).toHaveCount(0);
  });

  test('the server extension missing: says so and how to enable it', async ({
    page,
    tmpPath
  }) => {
    await openAndCheckpoint(page, tmpPath);
    // As a server without the extension answers: Jupyter Server's HTML 404.
    await page.route('**/coauthor/api/checkpoints/**', route =>
      route.fulfill({
        status: 404,
        contentType: 'text/html',
        body: '<html><title>404: Not Found</title></html>'
      })
    );
    await run(page, 'coauthor:open-checkpoint-as-suggestion');
    await expect(
      toast(
        page,
        'Checkpoints need the server extension: run "jupyter server extension enable jupyterlab_coauthor", then restart Jupyter.'
      )
    ).toBeVisible();
    await run(page, 'coauthor:open-suggestions');
    await expect(panel(page).locator('.jp-coauthor-Suggestion')).toHaveCount(0);
  });

  test('the handler: only notebooks inside the root, nothing hidden', async ({
    page,
    tmpPath
  }) => {
    const serverPath = await openAndCheckpoint(page, tmpPath);
    const origin = new URL(page.url()).origin;
    const get = (p: string) =>
      page.request.get(`${origin}/coauthor/api/checkpoints/${p}`);
    const ok = await get(`${encodeURI(serverPath)}?id=checkpoint`);
    expect(ok.status()).toBe(200);
    const body = await ok.json();
    expect(body.id).toBe('checkpoint');
    expect(body.content.cells.map((c: any) => c.id)).toEqual(
      (await readNotebookFile(page, serverPath)).cells.map((c: any) => c.id)
    );
    expect((await get(`${encodeURI(serverPath)}?id=nope`)).status()).toBe(404);
    expect((await get(`${encodeURI(serverPath)}?id=..%2Fx`)).status()).toBe(
      400
    );
    expect(
      (
        await get('%2E%2E/%2E%2E/%2E%2E/etc/passwd.ipynb?id=checkpoint')
      ).status()
    ).toBe(404);
    expect(
      (
        await get(
          `${encodeURI(tmpPath)}/.ipynb_checkpoints/nb-checkpoint.ipynb?id=checkpoint`
        )
      ).status()
    ).toBe(404);
  });
});
