/**
 * Notebooks as people keep them (issue 13): a notebook below nbformat 4.5,
 * whose cells JupyterLab gives new ids at every load, keeps its suggestion
 * across a save and a reopen; and another version of a notebook, opened as
 * a suggestion, is accepted cell by cell.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';

import { readNotebookFile, run, typeAtEnd } from './helpers';

const CORPUS = path.resolve(
  __dirname,
  '..',
  '..',
  'testing',
  'notebooks',
  'corpus'
);

const panel = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-coauthor-suggestions');

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

const text = (source: string | string[]) =>
  Array.isArray(source) ? source.join('') : source;

test.describe('notebooks in the wild', () => {
  test('a 4.4 notebook: suggest, save, close, reopen, accept', async ({
    page,
    tmpPath
  }) => {
    const serverPath = `${tmpPath}/old.ipynb`;
    await page.contents.uploadFile(
      path.join(CORPUS, 'papermill-4.4', 'before.ipynb'),
      serverPath
    );
    await page.notebook.openByPath(serverPath);
    await page.notebook.activate('old.ipynb');
    const before = await modelSources(page);

    await run(page, 'coauthor:toggle-suggesting');
    await typeAtEnd(page, 0, '\nmsg = "suggested"');
    await run(page, 'coauthor:toggle-suggesting');
    expect(await modelSources(page)).toEqual(before);

    // Saving the suggestion upgraded the file to 4.5, and the user is told.
    await page.notebook.save();
    await expect(
      page
        .locator('.jp-Notification-Toast-info')
        .filter({ hasText: 'upgraded from nbformat 4.4 to 4.5' })
    ).toBeVisible();
    const saved = await readNotebookFile(page, serverPath);
    expect(saved.nbformat_minor).toBe(5);
    expect(saved.cells.every((c: any) => typeof c.id === 'string')).toBe(true);
    expect(saved.metadata.coauthor.version).toBe(2);

    await page.notebook.close(true);
    await page.notebook.openByPath(serverPath);
    await page.notebook.activate('old.ipynb');
    await run(page, 'coauthor:open-suggestions');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(1);
    await expect(panel(page).locator('.jp-coauthor-Change')).not.toContainText(
      'conflict'
    );
    await run(page, 'coauthor:accept-all');
    await expect(panel(page).locator('.jp-coauthor-Change')).toHaveCount(0);
    expect((await modelSources(page))[0]).toBe('msg = None\nmsg = "suggested"');
  });

  test('another file opened as a suggestion, accepted cell by cell', async ({
    page,
    tmpPath
  }) => {
    const mine = `${tmpPath}/analysis.ipynb`;
    const theirs = `${tmpPath}/analysis-v2.ipynb`;
    await page.contents.uploadFile(
      path.join(CORPUS, 'colab-4.0', 'before.ipynb'),
      mine
    );
    const revision = path.join(CORPUS, 'colab-4.0', 'restructure.ipynb');
    await page.contents.uploadFile(revision, theirs);
    await page.notebook.openByPath(mine);
    await page.notebook.activate('analysis.ipynb');

    await run(page, 'coauthor:open-as-suggestion', { path: theirs });
    await run(page, 'coauthor:open-suggestions');
    // The cells' changes; the notebook's metadata may differ too, when the
    // kernel has written its own `kernelspec` and `language_info` into the
    // open notebook (a change of its own, listed apart).
    const rows = panel(page)
      .locator('.jp-coauthor-Change')
      .filter({ hasNotText: 'notebook metadata changed' });
    // Two moves, two inserts, one delete, two edits: moves are not shown
    // as a delete and an insert.
    await expect(rows).toHaveCount(7);
    await expect(panel(page)).toContainText('analysis-v2.ipynb');
    await expect(rows.filter({ hasText: 'moved' })).toHaveCount(2);
    for (let left = 7; left > 0; left--) {
      await rows.first().locator('.jp-coauthor-accept').click();
      await expect(rows).toHaveCount(left - 1);
    }
    const fs = await import('fs');
    const want = JSON.parse(fs.readFileSync(revision, 'utf8'));
    expect(await modelSources(page)).toEqual(
      want.cells.map((c: any) => text(c.source))
    );
  });

  test("the file browser's context menu opens a file as a suggestion", async ({
    page,
    tmpPath
  }) => {
    const mine = `${tmpPath}/analysis.ipynb`;
    const theirs = `${tmpPath}/analysis-v2.ipynb`;
    await page.contents.uploadFile(
      path.join(CORPUS, 'colab-4.0', 'before.ipynb'),
      mine
    );
    await page.contents.uploadFile(
      path.join(CORPUS, 'colab-4.0', 'restructure.ipynb'),
      theirs
    );
    await page.notebook.openByPath(mine);
    await page.notebook.activate('analysis.ipynb');
    await page.filebrowser.openDirectory(tmpPath);
    await page
      .locator('.jp-DirListing-item[data-file-type="notebook"]', {
        hasText: 'analysis-v2.ipynb'
      })
      .click({ button: 'right' });
    await page
      .locator('.lm-Menu-item', {
        hasText: 'Open as Suggestion to analysis.ipynb'
      })
      .click();
    await run(page, 'coauthor:open-suggestions');
    await expect(panel(page)).toContainText('analysis-v2.ipynb');
    await expect(
      panel(page)
        .locator('.jp-coauthor-Change')
        .filter({ hasNotText: 'notebook metadata changed' })
    ).toHaveCount(7);
  });
});
