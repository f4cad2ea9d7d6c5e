/**
 * Addressing one of two agents from the chat input: with a headless agent
 * (`coauthor-agent`, Ada) in the room and the page's own agent set up,
 * typing `@` lists both; the keyboard picks Ada, the "To:" line follows,
 * and only Ada answers.
 */
import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';

import {
  agentPeer,
  API_KEY,
  collectPageErrors,
  compileCore,
  configureAgent,
  MODEL,
  openChat,
  scripted,
  setApiKeyWithButton,
  startAgent
} from './agent-helpers';
import { openExample, screenshotPath } from './helpers';

test.describe('addressing an agent with @ @collab', () => {
  let lib = '';
  test.beforeAll(() => {
    lib = compileCore();
  });
  test.afterAll(() => {
    fs.rmSync(lib, { recursive: true, force: true });
  });
  test.beforeEach(async () => {
    await scripted.reset();
  });

  test('@ lists the agents present; the keyboard picks the headless one, which alone answers', async ({
    page,
    baseURL,
    tmpPath
  }) => {
    test.setTimeout(90000);
    const errors = collectPageErrors(page);
    const notebook = await openExample(page, tmpPath);
    await configureAgent(page);
    await openChat(page);
    await setApiKeyWithButton(page, API_KEY);
    const log: string[] = [];
    const agent = startAgent({ lib, baseURL: baseURL!, notebook, log });
    try {
      await expect
        .poll(() => agentPeer(page, notebook, 'Ada'), { timeout: 30000 })
        .not.toBeNull();
      const chat = page.locator('#jp-coauthor-chat');
      const textarea = chat.locator('.jp-coauthor-ChatPanel-textarea');
      const list = chat.getByRole('listbox', { name: 'Agents to address' });
      const options = list.getByRole('option');
      const to = chat.locator('.jp-coauthor-AgentCompletion-to');

      // Unaddressed, a message goes to the page's own agent.
      await textarea.click();
      await expect(to).toHaveText(`To: ${MODEL}`);

      // `@` opens the list: this page's agent first, then the headless one.
      await page.keyboard.type('@');
      await expect(list).toBeVisible();
      await expect(options).toHaveText([
        `@${MODEL} (this page)`,
        '@Ada (headless)'
      ]);
      await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
      await expect(textarea).toHaveAttribute(
        'aria-activedescendant',
        (await options.nth(0).getAttribute('id'))!
      );
      await page.screenshot({
        path: screenshotPath('agent-completion.png'),
        clip: (await chat.boundingBox())!
      });

      // Escape closes the list only; typing on narrows it; the mouse picks.
      await page.keyboard.press('Escape');
      await expect(list).toBeHidden();
      await expect(textarea).toHaveValue('@');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('@te');
      await expect(options).toHaveText([`@${MODEL} (this page)`]);
      await options.first().click();
      await expect(textarea).toHaveValue(`@${MODEL} `);
      await expect(textarea).toBeFocused();
      await expect(list).toBeHidden();

      // The keyboard: ↓ to Ada, Enter completes (and does not send).
      await textarea.fill('');
      await page.keyboard.type('@');
      await page.keyboard.press('ArrowDown');
      await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
      await expect(textarea).toHaveAttribute(
        'aria-activedescendant',
        (await options.nth(1).getAttribute('id'))!
      );
      await page.keyboard.press('Enter');
      await expect(textarea).toHaveValue('@Ada ');
      await expect(list).toBeHidden();
      await expect(to).toHaveText('To: Ada');
      expect(await scripted.completions()).toHaveLength(0);

      await scripted.script({ text: ['Ada ', 'answers ', 'alone.'] });
      await page.keyboard.type('what does the last cell do?');
      await page.keyboard.press('Enter');
      await expect(textarea).toHaveValue('');
      await expect(to).toHaveText(`To: ${MODEL}`);

      const adaReply = chat
        .locator('.jp-coauthor-ChatMessage.jp-mod-assistant')
        .filter({
          has: page.locator('.jp-coauthor-ChatMessage-author', {
            hasText: 'Ada'
          })
        });
      await expect(
        adaReply.locator('.jp-coauthor-ChatMessage-body')
      ).toHaveText('Ada answers alone.', { timeout: 20000 });
      await expect(adaReply).not.toHaveClass(/jp-mod-streaming/);
      // Only Ada answered: one request to the model, no reply of the page's.
      await expect(
        chat.locator('.jp-coauthor-ChatMessage-author', { hasText: MODEL })
      ).toHaveCount(0);
      expect(await scripted.completions()).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      // What the agent said, to read when the test fails (no key in it).
      test
        .info()
        .annotations.push({ type: 'agent log', description: log.join('') });
      if (agent.exitCode === null) {
        const exited = new Promise(resolve => agent.on('exit', resolve));
        agent.kill('SIGINT');
        await exited;
      }
    }
  });
});
