/**
 * The chat of every user reflects the conversation, not their own setup,
 * and the agent at work is visible to everyone: Alice talks to her agent
 * (a scripted model that takes its time); Bob, who has no endpoint of his
 * own, sees the messages stream, a header saying who talks to which agent
 * and what it does, only his own input telling him he needs an endpoint to
 * send, and the agent in jupyter-collaboration's Online Collaborators for
 * as long as it works.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import {
  API_KEY,
  collectPageErrors,
  configureAgent,
  MODEL,
  openChat,
  openSecondPerson,
  scripted,
  sendMessage,
  setApiKeyWithButton
} from './agent-helpers';
import { openExample, screenshotPath } from './helpers';

const chat = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-coauthor-chat');

/** The names jupyter-collaboration's Online Collaborators lists. */
const collaborators = (page: IJupyterLabPageFixture) =>
  page.locator(
    '#jp-collaboration-panel .jp-CollaboratorsList .jp-Collaborator'
  );

/** A turn slow enough to look at: about 4 s of text, a read, more text. */
function slowTurn(): Record<string, unknown>[] {
  return [
    {
      text: ['Let me ', 'look at ', 'the last ', 'cell ', 'first.'],
      delayMs: 600,
      toolCalls: [
        {
          id: 'call_read',
          name: 'read_cell',
          arguments: { cell_id: 'squares' },
          split: 2
        }
      ]
    },
    {
      text: ['It ', 'computes ', 'the squares ', 'of 1 to 5.'],
      delayMs: 700
    }
  ];
}

test.describe('the chat together @collab', () => {
  test.beforeEach(async () => {
    await scripted.reset();
  });

  test("a second user's chat and Online Collaborators while the first talks to the agent", async ({
    page,
    browser,
    baseURL,
    tmpPath,
    waitForApplication
  }) => {
    test.setTimeout(120000);
    const aliceErrors = collectPageErrors(page);
    const path = await openExample(page, tmpPath);
    const bob = await openSecondPerson({
      browser,
      baseURL: baseURL!,
      waitForApplication,
      tmpPath,
      name: 'Bob'
    });
    const bobErrors = collectPageErrors(bob);
    try {
      await bob.notebook.openByPath(path);
      await bob.notebook.activate('demo.ipynb');
      await openChat(bob);
      // An empty conversation: Bob is told how to set up his endpoint.
      const notice = chat(bob).locator('.jp-coauthor-ChatPanel-notice');
      await expect(notice).toContainText('No model endpoint is set up yet');
      await bob.evaluate(() =>
        (window as any).jupyterapp.shell.activateById('jp-collaboration-panel')
      );
      await expect(collaborators(bob).filter({ hasText: MODEL })).toHaveCount(
        0
      );

      const alice = await page.evaluate(
        () =>
          (window as any).jupyterapp.serviceManager.user.identity.display_name
      );
      await configureAgent(page);
      await openChat(page);
      await setApiKeyWithButton(page, API_KEY);
      await scripted.script(...slowTurn());
      await sendMessage(page, 'What does the last cell do?');

      // While the conversation runs, Bob's chat shows its state, not his
      // setup: no setup notice, the header names who talks to which agent,
      // his input alone says he needs an endpoint to send.
      const status = chat(bob).locator('.jp-coauthor-ChatHeader-status');
      await expect(status).toContainText(`${alice} is talking to ${MODEL}`, {
        timeout: 15000
      });
      await expect(notice).toBeHidden();
      await expect(chat(bob).locator('.jp-coauthor-ChatPanel-hint')).toHaveText(
        'To send, set up your model endpoint: Settings → Co-author: AI agent.'
      );
      await expect(chat(bob).locator('.jp-coauthor-send')).toBeDisabled();
      await expect(chat(bob).locator('.jp-coauthor-stop')).toBeDisabled();
      // The reply streams on Bob's screen.
      await expect(
        chat(bob).locator(
          '.jp-coauthor-ChatMessage.jp-mod-assistant.jp-mod-streaming'
        )
      ).toHaveCount(1, { timeout: 15000 });
      // Alice's own header says it is her conversation; she can stop it.
      await expect(
        chat(page).locator('.jp-coauthor-ChatHeader-status')
      ).toContainText(`You are talking to ${MODEL}`);
      await expect(chat(page).locator('.jp-coauthor-stop')).toBeEnabled();

      // The agent is in Online Collaborators, for Bob and for Alice, with
      // its initials and the notebook it works in.
      const listed = collaborators(bob).filter({ hasText: MODEL });
      await expect(listed).toHaveCount(1, { timeout: 15000 });
      await expect(listed.locator('.jp-CollaboratorIcon')).toHaveText('TM');
      await listed.locator('.jp-CollaboratorHeader').click();
      await expect(listed.locator('.jp-CollaboratorFile')).toContainText(
        'demo.ipynb'
      );
      await bob.screenshot({
        path: screenshotPath('chat-together-bob.png')
      });
      await page.evaluate(() =>
        (window as any).jupyterapp.shell.activateById('jp-collaboration-panel')
      );
      await expect(collaborators(page).filter({ hasText: MODEL })).toHaveCount(
        1,
        { timeout: 15000 }
      );

      // Between its read of the last cell and the end of the turn, the
      // agent's cursor is in that cell, on Bob's screen, and his header
      // says so.
      await expect(
        bob.locator('.jp-Notebook .jp-Cell').nth(4).locator('.jp-remote-cursor')
      ).toHaveCount(1, { timeout: 15000 });
      await expect(status).toContainText('thinking');

      // The turn ends: the agent leaves Online Collaborators, the header
      // clears, and Bob is back to his own setup's short hint.
      await expect(
        chat(bob).locator('.jp-coauthor-ChatMessage.jp-mod-assistant').last()
      ).toContainText('It computes the squares of 1 to 5.', { timeout: 30000 });
      await expect(status).toBeHidden({ timeout: 15000 });
      await expect(listed).toHaveCount(0, { timeout: 15000 });
      await expect(collaborators(page).filter({ hasText: MODEL })).toHaveCount(
        0,
        { timeout: 15000 }
      );
      await expect(
        chat(bob).locator('.jp-coauthor-ChatPanel-hint')
      ).toBeVisible();
      await expect(notice).toBeHidden();
      expect(aliceErrors).toEqual([]);
      expect(bobErrors).toEqual([]);
    } finally {
      await bob.context().close();
    }
  });
});
