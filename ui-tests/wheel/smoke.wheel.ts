/**
 * The wheel as people install it (scripts/test-wheel.sh): `pip install` of
 * dist/*.whl into a fresh environment with no Node.js. JupyterLab loads the
 * extension from that wheel, suggesting mode keeps an edit out of the
 * notebook, and the chat opens. A smoke test of the install, not of the
 * features: the suite in tests/ covers those.
 */
import { expect, test } from '@jupyterlab/galata';

import {
  COLLABORATIVE,
  hasCommand,
  openExample,
  run,
  sources,
  typeAtEnd
} from '../tests/helpers';

/** The entry point named in the wheel's labextension package.json. */
const WHEEL_ENTRY = process.env.COAUTHOR_WHEEL_ENTRY ?? '';

test('the installed wheel: the extension loads, suggests and opens the chat', async ({
  page,
  tmpPath
}) => {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));

  // The page loads this wheel's build: the federated extension JupyterLab
  // lists is ours, with the entry point the wheel holds.
  const federated = await page.evaluate(() => {
    const data = document.getElementById('jupyter-config-data')?.textContent;
    return JSON.parse(data ?? '{}').federated_extensions ?? [];
  });
  const ours = federated.find((e: any) => e.name === 'jupyterlab-coauthor');
  expect(ours).toBeTruthy();
  expect(WHEEL_ENTRY).not.toBe('');
  expect(ours.load).toBe(WHEEL_ENTRY);

  await openExample(page, tmpPath);
  expect(await hasCommand(page, 'coauthor:toggle-suggesting')).toBe(true);
  const before = await sources(page);

  // Suggesting mode: the edit shows as a suggestion, the notebook keeps its
  // text.
  await run(page, 'coauthor:toggle-suggesting');
  const status = page.locator('.jp-coauthor-ModeStatus');
  await expect(status).toHaveText('Suggesting');
  await typeAtEnd(page, 2, '\nprint(areas)');
  await expect(page.locator('.jp-coauthor-inserted').first()).toBeVisible();
  await run(page, 'coauthor:toggle-suggesting');
  await expect(status).toHaveText('Editing');
  expect(await sources(page)).toEqual(before);
  await expect(page.locator('.jp-coauthor-ghost').first()).toContainText(
    'print(areas)'
  );

  // The chat opens and, with no model set up, says how to set one up.
  await run(page, 'coauthor:open-chat');
  const chat = page.locator('#jp-coauthor-chat');
  await expect(chat).toBeVisible();
  await expect(chat.locator('.jp-coauthor-ChatPanel-notice')).toContainText(
    'Settings Editor'
  );

  // About reports the collaboration this environment has. Its command
  // resolves when the dialog closes: start it without waiting.
  await page.evaluate(() => {
    void (window as any).jupyterapp.commands.execute('coauthor:about');
  });
  await expect(page.locator('.jp-Dialog .jp-coauthor-About')).toContainText(
    `Real-time collaboration${COLLABORATIVE ? 'on' : 'off'}`
  );
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Close' })
    .click();

  expect(errors).toEqual([]);
});
