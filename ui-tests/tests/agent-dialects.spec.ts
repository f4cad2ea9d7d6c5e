/**
 * The AI co-author against recorded dialects of real servers
 * (testing/dialects/, replayed byte for byte by the scripted server): a
 * model's reasoning is shown collapsed above its answer, never inside it;
 * an old llama.cpp build's `error:` line is a message in words, not "the
 * connection broke".
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { recorded } from '../../testing/dialects/index.cjs';
import {
  API_KEY,
  configureAgent,
  openChat,
  scripted,
  sendMessage,
  setApiKeyWithButton
} from './agent-helpers';
import { openExample } from './helpers';

const chat = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-coauthor-chat');

async function setUpAgent(page: IJupyterLabPageFixture): Promise<void> {
  await configureAgent(page);
  await openChat(page);
  await expect(
    chat(page).locator('.jp-coauthor-ChatPanel-notice')
  ).toBeHidden();
  await setApiKeyWithButton(page, API_KEY);
}

test.describe('the AI co-author with real dialects', () => {
  test.beforeEach(async () => {
    await scripted.reset();
  });

  test('shows reasoning collapsed above the answer, and errors in words', async ({
    page,
    tmpPath
  }) => {
    await openExample(page, tmpPath);
    await setUpAgent(page);

    // LM Studio with reasoning separation off: <think> inside the content,
    // its tags cut across chunks.
    await scripted.script(recorded('lmstudio', 'thinkInContent'));
    await sendMessage(page, 'What does c0 do?');
    const reply = chat(page).locator(
      '.jp-coauthor-ChatMessage.jp-mod-assistant'
    );
    await expect(reply.locator('.jp-coauthor-ChatMessage-body')).toHaveText(
      'It imports pandas as pd.'
    );
    const reasoning = reply.locator('.jp-coauthor-ChatMessage-reasoning');
    await expect(reasoning.locator('summary')).toHaveText(
      /^Thought for \d+ s$/
    );
    await expect(reasoning).not.toHaveAttribute('open', '');
    await expect(reasoning.locator('div')).toBeHidden();
    await reasoning.locator('summary').click();
    await expect(reasoning.locator('div')).toHaveText(
      'The user asks about c0. It has an import.'
    );
    await expect(chat(page)).not.toHaveClass(/jp-mod-busy/);

    // An old llama.cpp build's `error:` line.
    await scripted.script(recorded('llamacpp', 'errorLine'));
    await sendMessage(page, 'And the rest?');
    const error = chat(page).locator('.jp-coauthor-ChatMessage.jp-mod-error');
    await expect(error).toContainText('too long for the context');
    await expect(error).toContainText('(1407 tokens for a context of 256)');
    await expect(error).not.toContainText('connection');
  });
});
