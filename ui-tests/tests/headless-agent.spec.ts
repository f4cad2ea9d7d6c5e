/**
 * A headless agent (bin/coauthor-agent.mjs, a Node process) in the room of
 * a notebook open in Chromium: the page sees its presence, its reply to
 * `@Ada` streamed into the chat, its edit as its suggestion, and Accept
 * applies it. The page's own agent is set up too, and leaves the message
 * addressed to Ada alone: one of two agents answers. Ctrl+C (SIGINT) ends
 * the agent with exit 0 and its presence gone.
 */
import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';

import {
  API_KEY,
  agentPeer,
  cellSourceById,
  collectPageErrors,
  compileCore,
  configureAgent,
  MODEL,
  openChat,
  run,
  scripted,
  sendMessage,
  setApiKeyWithButton,
  startAgent
} from './agent-helpers';
import { openExample, screenshotPath } from './helpers';

const SQUARES_ID = 'squares';
const SQUARES_BEFORE = 'squares = [r ** 2 for r in range(1, 6)]\nsquares';
const ADA_LINE = 'total = sum(squares)  # added by Ada';
const SQUARES_AFTER = `squares = [r ** 2 for r in range(1, 6)]\n${ADA_LINE}\nsquares`;
const REPLY = ['Ada here: ', 'the last cell ', 'now sums ', 'the squares.'];

/** A scripted turn that adds a line after the first line of a cell. */
function editTurn(cellId: string, first: string, line: string, reply: string) {
  return [
    {
      toolCalls: [
        {
          name: 'edit_cell',
          arguments: {
            cell_id: cellId,
            old_text: `${first}\n`,
            new_text: `${first}\n${line}\n`
          }
        }
      ],
      finishReason: 'tool_calls'
    },
    { text: reply.split(/(?<= )/), delayMs: 150 }
  ];
}

test.describe('a headless agent in the room @collab', () => {
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

  test('shows its presence, answers @Ada alone, and its suggestion is accepted in the page', async ({
    page,
    baseURL,
    tmpPath
  }) => {
    test.setTimeout(90000);
    const errors = collectPageErrors(page);
    const notebook = await openExample(page, tmpPath);
    // The page's own agent is ready to answer too (the second agent).
    await configureAgent(page);
    await openChat(page);
    await setApiKeyWithButton(page, API_KEY);

    const log: string[] = [];
    const agent = startAgent({ lib, baseURL: baseURL!, notebook, log });
    const exited = new Promise<number | null>(resolve =>
      agent.on('exit', code => resolve(code))
    );
    try {
      // Its presence, as JupyterLab's collaborators see it.
      await expect
        .poll(() => agentPeer(page, notebook, 'Ada'), { timeout: 30000 })
        .not.toBeNull();
      const ada = (await agentPeer(page, notebook, 'Ada'))!;
      expect(ada.username).toBe('agent:Ada');
      expect(ada.color).toBe('#2e7d32');

      await scripted.script(
        {
          toolCalls: [
            {
              name: 'edit_cell',
              arguments: {
                cell_id: SQUARES_ID,
                old_text: 'squares = [r ** 2 for r in range(1, 6)]\n',
                new_text: `squares = [r ** 2 for r in range(1, 6)]\n${ADA_LINE}\n`
              }
            }
          ],
          finishReason: 'tool_calls'
        },
        { text: REPLY, delayMs: 300 }
      );
      await sendMessage(page, '@Ada please sum the squares in the last cell');

      // Ada's reply streams into the page's chat under her name.
      const chat = page.locator('#jp-coauthor-chat');
      const adaReply = chat
        .locator('.jp-coauthor-ChatMessage.jp-mod-assistant')
        .filter({
          has: page.locator('.jp-coauthor-ChatMessage-author', {
            hasText: 'Ada'
          })
        })
        .last();
      await expect(adaReply).toHaveClass(/jp-mod-streaming/, {
        timeout: 20000
      });
      await expect(
        adaReply.locator('.jp-coauthor-ChatMessage-body')
      ).toHaveText(REPLY.join('').trim(), { timeout: 20000 });
      await expect(adaReply).not.toHaveClass(/jp-mod-streaming/);
      // Only Ada answered: the page's agent (named after the model) did not.
      await expect(
        chat.locator('.jp-coauthor-ChatMessage-author', { hasText: MODEL })
      ).toHaveCount(0);
      expect(await scripted.completions()).toHaveLength(2);

      // Her edit is her suggestion; the notebook is unchanged until accepted.
      expect(await cellSourceById(page, notebook, SQUARES_ID)).toBe(
        SQUARES_BEFORE
      );
      // The README's picture: her reply beside her suggested line.
      const ghost = page
        .locator('.jp-Notebook .jp-Cell')
        .nth(4)
        .locator('.jp-coauthor-ghost.jp-coauthor-inserted');
      await expect(ghost).toContainText(ADA_LINE, { timeout: 15000 });
      await run(page, 'application:toggle-left-area');
      await page.setViewportSize({ width: 1280, height: 800 });
      await expect(ghost).toBeVisible();
      await page.screenshot({ path: screenshotPath('headless-agent.png') });
      await run(page, 'coauthor:open-suggestions');
      const suggestion = page.locator(
        '#jp-coauthor-suggestions .jp-coauthor-Suggestion'
      );
      await expect(suggestion).toHaveCount(1, { timeout: 15000 });
      await expect(
        suggestion.locator('.jp-coauthor-Suggestion-author')
      ).toHaveText('Ada');
      await suggestion
        .locator('.jp-coauthor-Change .jp-coauthor-accept')
        .click();
      await expect
        .poll(() => cellSourceById(page, notebook, SQUARES_ID), {
          timeout: 15000
        })
        .toBe(SQUARES_AFTER);

      // Ctrl+C: exit 0, and she leaves everyone's presence.
      agent.kill('SIGINT');
      expect(await exited).toBe(0);
      await expect
        .poll(() => agentPeer(page, notebook, 'Ada'), { timeout: 10000 })
        .toBeNull();
      expect(log.join('')).not.toContain(API_KEY);
      expect(errors).toEqual([]);
    } finally {
      if (agent.exitCode === null) {
        agent.kill('SIGKILL');
      }
    }
  });

  test('two headless agents at work in one notebook, each answering its own @name', async ({
    page,
    baseURL,
    tmpPath
  }) => {
    test.setTimeout(90000);
    const errors = collectPageErrors(page);
    const notebook = await openExample(page, tmpPath);
    // No endpoint of the page's own: the chat still reaches the agents
    // present in the room.
    await openChat(page);
    const logs: string[] = [];
    const agents = [
      startAgent({ lib, baseURL: baseURL!, notebook, log: logs, name: 'Ada' }),
      startAgent({
        lib,
        baseURL: baseURL!,
        notebook,
        log: logs,
        name: 'Bob',
        color: '#c2185b'
      })
    ];
    try {
      for (const name of ['Ada', 'Bob']) {
        await expect
          .poll(() => agentPeer(page, notebook, name), { timeout: 30000 })
          .not.toBeNull();
      }
      const chat = page.locator('#jp-coauthor-chat');
      await expect(chat.locator('.jp-coauthor-ChatPanel-notice')).toBeVisible();
      await expect(chat.locator('.jp-coauthor-send')).toBeEnabled();
      const replyOf = (name: string) =>
        chat
          .locator('.jp-coauthor-ChatMessage.jp-mod-assistant')
          .filter({
            has: page.locator('.jp-coauthor-ChatMessage-author', {
              hasText: name
            })
          })
          .last()
          .locator('.jp-coauthor-ChatMessage-body');

      await scripted.script(
        ...editTurn(
          SQUARES_ID,
          'squares = [r ** 2 for r in range(1, 6)]',
          ADA_LINE,
          'Ada: the squares are summed.'
        )
      );
      await sendMessage(page, '@Ada sum the squares');
      await expect(replyOf('Ada')).toHaveText('Ada: the squares are summed.', {
        timeout: 20000
      });
      await scripted.script(
        ...editTurn(
          'area-list',
          'areas = [circle_area(r) for r in range(1, 6)]',
          'total_area = sum(areas)  # added by Bob',
          'Bob: the areas are summed.'
        )
      );
      await sendMessage(page, '@bob sum the areas');
      await expect(replyOf('Bob')).toHaveText('Bob: the areas are summed.', {
        timeout: 20000
      });
      // Each answered its own message only: two turns, two requests each.
      expect(await scripted.completions()).toHaveLength(4);
      await expect(
        chat.locator('.jp-coauthor-ChatMessage.jp-mod-assistant', {
          hasText: 'summed'
        })
      ).toHaveCount(2);

      // Two suggestions, one per agent, in their colours, in the cells.
      const ghosts = page.locator(
        '.jp-Notebook .jp-coauthor-ghost.jp-coauthor-inserted'
      );
      await expect(ghosts).toHaveCount(2, { timeout: 15000 });
      await run(page, 'application:toggle-left-area');
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.screenshot({ path: screenshotPath('two-agents.png') });
      await run(page, 'coauthor:open-suggestions');
      const authors = page.locator(
        '#jp-coauthor-suggestions .jp-coauthor-Suggestion-author'
      );
      await expect(authors).toHaveCount(2);
      expect((await authors.allTextContents()).sort()).toEqual(['Ada', 'Bob']);

      for (const agent of agents) {
        const exited = new Promise(resolve => agent.on('exit', resolve));
        agent.kill('SIGINT');
        expect(await exited).toBe(0);
      }
      expect(errors).toEqual([]);
    } finally {
      for (const agent of agents) {
        if (agent.exitCode === null) {
          agent.kill('SIGKILL');
        }
      }
    }
  });
});
