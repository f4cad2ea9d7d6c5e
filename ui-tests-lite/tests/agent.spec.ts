/**
 * The AI co-author in JupyterLite: the agent talks to the model straight from
 * the browser, cross-origin (the scripted OpenAI-compatible server is on
 * another port than the site), its edit is a suggestion under its name that
 * someone accepts, and its run tool says that there is no kernel.
 */
import { expect, openNotebook, storedNotebook, test } from './fixtures';
import {
  API_KEY,
  apiKeyItem,
  awarenessNames,
  cellSourceById,
  configureAgent,
  header,
  MODEL,
  openChat,
  recordAssistantMessages,
  run,
  scripted,
  SCRIPTED_BASE_URL,
  sendMessage,
  setApiKeyWithButton,
  streamedTexts
} from './agent-fixtures';
import type { Page } from '@playwright/test';

const SQUARES_ID = 'squares';
const SQUARES_BEFORE = 'squares = [r ** 2 for r in range(1, 6)]\nsquares';
const AGENT_LINE = 'total = sum(squares)  # added by the co-author';
const SQUARES_AFTER = `squares = [r ** 2 for r in range(1, 6)]\n${AGENT_LINE}\nsquares`;
const PROMPT = 'Please add the sum of the squares to the last cell.';
const REPLY_1 = [
  'I will add ',
  'the sum ',
  'of the squares ',
  'as a suggestion.'
];
const REPLY_2 = ['Done: ', 'please review ', 'my suggestion.'];

const chat = (page: Page) => page.locator('#jp-coauthor-chat');
const bodies = (page: Page, role: string) =>
  chat(page).locator(
    `.jp-coauthor-ChatMessage.jp-mod-${role} .jp-coauthor-ChatMessage-body`
  );

/** Configure the agent and its key as a person would, and open the chat. */
async function setUpAgent(page: Page): Promise<void> {
  await configureAgent(page);
  await openChat(page);
  await expect(
    chat(page).locator('.jp-coauthor-ChatPanel-notice')
  ).toBeHidden();
  await setApiKeyWithButton(page, API_KEY);
  expect(
    await page.evaluate(
      item => window.localStorage.getItem(item),
      apiKeyItem(SCRIPTED_BASE_URL)
    )
  ).toBe(API_KEY);
}

async function waitForIdle(page: Page): Promise<void> {
  await expect(chat(page).locator('.jp-mod-streaming')).toHaveCount(0, {
    timeout: 20000
  });
  await expect(chat(page)).not.toHaveClass(/jp-mod-busy/, { timeout: 20000 });
}

test.describe('the AI co-author in Lite', () => {
  test.beforeEach(async () => {
    await scripted.reset();
  });

  test('streams its reply from a cross-origin endpoint and suggests an edit that is accepted', async ({
    page
  }) => {
    await openNotebook(page);
    await setUpAgent(page);
    await recordAssistantMessages(page);
    await scripted.script(
      {
        text: REPLY_1,
        delayMs: 250,
        toolCalls: [
          {
            id: 'call_edit',
            name: 'edit_cell',
            arguments: {
              cell_id: SQUARES_ID,
              old_text: 'squares = [r ** 2 for r in range(1, 6)]\n',
              new_text: `squares = [r ** 2 for r in range(1, 6)]\n${AGENT_LINE}\n`
            },
            split: 3
          }
        ]
      },
      { text: REPLY_2, delayMs: 100 }
    );

    await sendMessage(page, PROMPT);
    await expect(bodies(page, 'user')).toHaveText([PROMPT]);
    await waitForIdle(page);
    await expect(bodies(page, 'assistant').first()).toHaveText(
      REPLY_1.join('').trim()
    );
    await expect(bodies(page, 'assistant').last()).toHaveText(
      REPLY_2.join('').trim()
    );
    await expect(
      chat(page)
        .locator(
          '.jp-coauthor-ChatMessage.jp-mod-assistant .jp-coauthor-ChatMessage-author'
        )
        .first()
    ).toHaveText(MODEL);
    await expect(chat(page).locator('.jp-mod-error')).toHaveCount(0);

    // It streamed: growing partial texts before the whole.
    const final = REPLY_1.join('').trim();
    const partial = (await streamedTexts(page)).filter(
      t => final.startsWith(t) && t.length < final.length
    );
    expect(partial.length, JSON.stringify(partial)).toBeGreaterThanOrEqual(2);

    // Cross-origin requests from the Lite site, with the key in the header.
    const completions = await scripted.completions();
    expect(completions).toHaveLength(2);
    for (const request of completions) {
      expect(header(request, 'origin')).toBe(new URL(page.url()).origin);
      expect(header(request, 'authorization')).toBe(`Bearer ${API_KEY}`);
      expect(request.body.model).toBe(MODEL);
    }
    const result = completions[1].body.messages.find(
      (m: any) => m.role === 'tool'
    );
    expect(JSON.parse(result.content)).toMatchObject({ ok: true });

    // The agent is a peer of the notebook, under the model's name.
    await expect
      .poll(async () =>
        (await awarenessNames(page)).some(p => p.name === MODEL && !p.local)
      )
      .toBe(true);

    // A suggestion by the agent; the notebook unchanged until accepted.
    expect(await cellSourceById(page, SQUARES_ID)).toBe(SQUARES_BEFORE);
    await run(page, 'coauthor:open-suggestions');
    const suggestion = page.locator(
      '#jp-coauthor-suggestions .jp-coauthor-Suggestion'
    );
    await expect(suggestion).toHaveCount(1);
    await expect(
      suggestion.locator('.jp-coauthor-Suggestion-author')
    ).toHaveText(MODEL);
    await suggestion.locator('.jp-coauthor-Change .jp-coauthor-accept').click();
    await expect
      .poll(() => cellSourceById(page, SQUARES_ID))
      .toBe(SQUARES_AFTER);

    // Saved in the browser's storage, with the chat but never the key.
    await expect
      .poll(
        async () => {
          await run(page, 'docmanager:save');
          const stored = await storedNotebook(page);
          return JSON.stringify(stored.metadata?.coauthor ?? null);
        },
        { timeout: 15000 }
      )
      .toContain(REPLY_2.join('').trim());
    const stored = await storedNotebook(page);
    const cell = stored.cells.find((c: any) => c.id === SQUARES_ID);
    expect(
      Array.isArray(cell.source) ? cell.source.join('') : cell.source
    ).toBe(SQUARES_AFTER);
    expect(JSON.stringify(stored)).not.toContain(API_KEY);
  });

  test('its run tool says there is no kernel', async ({ page }) => {
    await openNotebook(page);
    await setUpAgent(page);
    await scripted.script(
      {
        text: 'Let me run it.',
        toolCalls: [
          {
            id: 'call_run',
            name: 'run_cell',
            arguments: { cell_id: SQUARES_ID }
          }
        ]
      },
      { text: 'There is no kernel here, so I could not run it.' }
    );

    await sendMessage(page, 'Run the last cell, please.');
    // The user is asked first; allow it once.
    const dialog = page.locator('.jp-Dialog', { hasText: 'Run this code?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Run once' }).click();
    await waitForIdle(page);

    // The tool's answer, on its card in the chat (failed, in words) and to
    // the model: no kernel.
    const card = chat(page).locator(
      '.jp-coauthor-ToolCard[data-call-id="call_run"]'
    );
    await expect(card).toHaveAttribute('data-status', 'failed');
    await expect(card.locator('.jp-coauthor-ToolCard-summary')).toHaveText(
      'Did not run cell 5'
    );
    await expect(card.locator('.jp-coauthor-ToolCard-error')).toContainText(
      'No kernel'
    );
    const completions = await scripted.completions();
    expect(completions).toHaveLength(2);
    const result = completions[1].body.messages.find(
      (m: any) => m.role === 'tool'
    );
    expect(result.tool_call_id).toBe('call_run');
    const content = JSON.parse(result.content);
    expect(content.ok).toBe(false);
    expect(content.error).toMatch(/No kernel/);
    await expect(bodies(page, 'assistant').last()).toHaveText(
      'There is no kernel here, so I could not run it.'
    );
    // Nothing ran: the cell is as it was, without outputs.
    expect(await cellSourceById(page, SQUARES_ID)).toBe(SQUARES_BEFORE);
  });
});
