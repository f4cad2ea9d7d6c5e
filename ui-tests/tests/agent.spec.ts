/**
 * The AI co-author end to end, in Chromium, against the scripted
 * OpenAI-compatible server (testing/scripted-openai-server.mjs, started by
 * playwright.config.js on 127.0.0.1): ask the agent to change the notebook;
 * its reply streams into the chat; its edit is a suggestion under its name
 * and colour, and the notebook is unchanged until someone accepts it. With
 * collaboration, a second person sees the agent's presence and the streamed
 * reply live. Without an endpoint the chat says how to set one up; an HTTP
 * error is a clear message and the conversation is kept.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import { join, resolve } from 'path';

import {
  AGENT_SETTINGS,
  API_KEY,
  apiKeyItem,
  authorization,
  awarenessPeers,
  cellSourceById,
  collectPageErrors,
  configureAgent,
  IRecordedRequest,
  MODEL,
  openChat,
  openSecondPerson,
  recordAssistantMessages,
  run,
  scripted,
  SCRIPTED_BASE_URL,
  sendMessage,
  setApiKeyWithButton,
  streamedTexts,
  streamLags,
  streamSnapshots
} from './agent-helpers';
import {
  cellSource,
  openExample,
  readNotebookFile,
  screenshotPath
} from './helpers';

/** The example notebook's last cell (id `squares`, index 4). */
const SQUARES_ID = 'squares';
const SQUARES_INDEX = 4;
const SQUARES_BEFORE = 'squares = [r ** 2 for r in range(1, 6)]\nsquares';
const AGENT_LINE = 'total = sum(squares)  # added by the co-author';
const SQUARES_AFTER = `squares = [r ** 2 for r in range(1, 6)]\n${AGENT_LINE}\nsquares`;

const PROMPT = 'Please add the sum of the squares to the last cell.';
/** The first reply, streamed in pieces, then the tool call. */
const REPLY_1 = [
  'I will add ',
  'the sum ',
  'of the squares ',
  'to the last cell ',
  'as a suggestion.'
];
/** The final reply, after the tool result. */
const REPLY_2 = [
  'Done: the last cell ',
  'now sums ',
  'the squares. ',
  'Please review it.'
];
const EDIT_CALL_ID = 'call_edit_squares';

/** The scripted turn: text + an edit_cell call split in pieces, then a text. */
function editTurn(delayMs: number): Record<string, unknown>[] {
  return [
    {
      text: REPLY_1,
      delayMs,
      toolCalls: [
        {
          id: EDIT_CALL_ID,
          name: 'edit_cell',
          arguments: {
            cell_id: SQUARES_ID,
            old_text: 'squares = [r ** 2 for r in range(1, 6)]\n',
            new_text: `squares = [r ** 2 for r in range(1, 6)]\n${AGENT_LINE}\n`
          },
          split: 4
        }
      ]
    },
    { text: REPLY_2, delayMs: Math.round(delayMs / 2) }
  ];
}

const chatPanel = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-coauthor-chat');
const messages = (page: IJupyterLabPageFixture, role: string) =>
  chatPanel(page).locator(`.jp-coauthor-ChatMessage.jp-mod-${role}`);
const bodyOf = (page: IJupyterLabPageFixture, role: string) =>
  messages(page, role).locator('.jp-coauthor-ChatMessage-body');

/** Configure the agent and its key as a person would, then open the chat. */
async function setUpAgent(page: IJupyterLabPageFixture): Promise<void> {
  await configureAgent(page);
  await openChat(page);
  // The notice of an unconfigured agent goes away once settings apply.
  await expect(
    chatPanel(page).locator('.jp-coauthor-ChatPanel-notice')
  ).toBeHidden();
  await setApiKeyWithButton(page, API_KEY);
  expect(
    await page.evaluate(
      item => window.localStorage.getItem(item),
      apiKeyItem(SCRIPTED_BASE_URL)
    )
  ).toBe(API_KEY);
}

/** Wait until the agent's turn is over: no streaming, Send enabled again. */
async function waitForIdle(page: IJupyterLabPageFixture): Promise<void> {
  await expect(chatPanel(page).locator('.jp-mod-streaming')).toHaveCount(0, {
    timeout: 20000
  });
  await expect(chatPanel(page)).not.toHaveClass(/jp-mod-busy/, {
    timeout: 20000
  });
}

/**
 * The reply streamed: the first assistant message showed at least two
 * growing partial texts while marked streaming, before its full text.
 */
async function expectStreamed(page: IJupyterLabPageFixture): Promise<void> {
  const final = REPLY_1.join('').trim();
  const texts = streamedTexts(await streamSnapshots(page)).filter(t =>
    final.startsWith(t)
  );
  expect(
    texts.filter(t => t.length < final.length).length,
    `partial texts seen while streaming: ${JSON.stringify(texts)}`
  ).toBeGreaterThanOrEqual(2);
  for (let i = 1; i < texts.length; i++) {
    expect(texts[i].length).toBeGreaterThan(texts[i - 1].length);
  }
}

/** What the two requests of the edit turn must carry. */
function expectEditTurnRequests(completions: IRecordedRequest[]): void {
  expect(completions).toHaveLength(2);
  for (const request of completions) {
    // The key goes to the endpoint, in the Authorization header only.
    expect(authorization(request)).toBe(`Bearer ${API_KEY}`);
    expect(request.body.model).toBe(MODEL);
    expect(request.body.stream).toBe(true);
    const tools = (request.body.tools ?? []).map((t: any) => t.function?.name);
    expect(tools).toContain('edit_cell');
  }
  const first = completions[0].body.messages;
  expect(first[0].role).toBe('system');
  expect(first[first.length - 1]).toMatchObject({
    role: 'user',
    content: PROMPT
  });
  // The second request sends the call back with its result.
  const second = completions[1].body.messages;
  const call = second.find((m: any) => m.role === 'assistant' && m.tool_calls);
  expect(call?.tool_calls?.[0]).toMatchObject({
    id: EDIT_CALL_ID,
    function: { name: 'edit_cell' }
  });
  const result = second.find((m: any) => m.role === 'tool');
  expect(result?.tool_call_id).toBe(EDIT_CALL_ID);
  expect(JSON.parse(result.content), result.content).toMatchObject({
    ok: true,
    cell_id: SQUARES_ID,
    changed: true
  });
}

/** The agent in the notebook's awareness, as this page sees it. */
async function agentPeer(page: IJupyterLabPageFixture, path: string) {
  const peers = await awarenessPeers(page, path);
  return peers.find(p => p.name === MODEL && !p.local) ?? null;
}

test.describe('the AI co-author', () => {
  test.beforeEach(async () => {
    await scripted.reset();
  });

  test('edits the notebook as a suggestion under its name and colour; accepting applies it', async ({
    page,
    tmpPath
  }) => {
    const path = await openExample(page, tmpPath);
    await setUpAgent(page);
    await recordAssistantMessages(page);
    await scripted.script(...editTurn(250));

    await sendMessage(page, PROMPT);

    // My message, then the agent's reply streaming under its name.
    await expect(bodyOf(page, 'user')).toHaveText(PROMPT);
    await expect(
      messages(page, 'assistant')
        .first()
        .locator('.jp-coauthor-ChatMessage-author')
    ).toHaveText(MODEL);
    await waitForIdle(page);
    await expect(bodyOf(page, 'assistant').first()).toHaveText(
      REPLY_1.join('').trim()
    );
    await expect(bodyOf(page, 'assistant').last()).toHaveText(
      REPLY_2.join('').trim()
    );
    await expect(messages(page, 'error')).toHaveCount(0);
    await expectStreamed(page);
    expectEditTurnRequests(await scripted.completions());

    // The agent is a peer of the notebook, with its name and colour.
    await expect.poll(() => agentPeer(page, path)).not.toBeNull();
    const agent = (await agentPeer(page, path))!;
    expect(agent.color).toBeTruthy();
    expect(agent.agent).not.toBeNull();
    await expect(messages(page, 'assistant').first()).toHaveAttribute(
      'style',
      new RegExp(`--jp-coauthor-author-color:\\s*${escapeRegExp(agent.color!)}`)
    );

    // The notebook itself is unchanged: the edit is the agent's suggestion.
    expect(await cellSourceById(page, path, SQUARES_ID)).toBe(SQUARES_BEFORE);
    await run(page, 'coauthor:open-suggestions');
    const suggestions = page.locator('#jp-coauthor-suggestions');
    const suggestion = suggestions.locator('.jp-coauthor-Suggestion');
    await expect(suggestion).toHaveCount(1, { timeout: 15000 });
    await expect(
      suggestion.locator('.jp-coauthor-Suggestion-author')
    ).toHaveText(MODEL);
    await expect(suggestion).toHaveAttribute(
      'style',
      new RegExp(`--jp-coauthor-author-color:\\s*${escapeRegExp(agent.color!)}`)
    );
    const change = suggestion.locator('.jp-coauthor-Change');
    await expect(change).toHaveCount(1);
    // In the cell, the suggested line is drawn in the agent's colour.
    const ghost = page
      .locator('.jp-Notebook .jp-Cell')
      .nth(SQUARES_INDEX)
      .locator('.jp-coauthor-ghost.jp-coauthor-inserted');
    await expect(ghost).toContainText(AGENT_LINE);
    await expect(ghost).toHaveAttribute('title', new RegExp(MODEL));
    await expect(ghost).toHaveAttribute(
      'style',
      new RegExp(`--jp-coauthor-author-color:\\s*${escapeRegExp(agent.color!)}`)
    );

    // Accept it: the cell changes, the suggestion is gone.
    await change.locator('.jp-coauthor-accept').click();
    await expect
      .poll(() => cellSourceById(page, path, SQUARES_ID))
      .toBe(SQUARES_AFTER);
    await expect(suggestions.locator('.jp-coauthor-Change')).toHaveCount(0);

    // Saved: the cell and the conversation are in the file, the key is not.
    await expect
      .poll(
        async () => {
          await page.notebook.save();
          const saved = await readNotebookFile(page, path);
          return JSON.stringify(saved.metadata?.coauthor ?? null);
        },
        { timeout: 15000 }
      )
      .toContain(REPLY_2.join('').trim());
    const saved = await readNotebookFile(page, path);
    expect(cellSource(saved, SQUARES_INDEX)).toBe(SQUARES_AFTER);
    expect(JSON.stringify(saved)).not.toContain(API_KEY);
  });

  test('without an endpoint, the chat says how to set one up', async ({
    page,
    tmpPath
  }) => {
    const errors = collectPageErrors(page);
    await openExample(page, tmpPath);
    await openChat(page);

    const notice = chatPanel(page).locator('.jp-coauthor-ChatPanel-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('Settings Editor');
    await expect(notice).toContainText('Co-author: AI agent');
    await expect(notice).toContainText('base URL');
    const send = chatPanel(page).locator('.jp-coauthor-send');
    await expect(send).toBeDisabled();

    // Sending does nothing: no message, no request, no crash.
    await sendMessage(page, 'Is anyone there?');
    await page.waitForTimeout(500);
    await expect(
      chatPanel(page).locator('.jp-coauthor-ChatMessage')
    ).toHaveCount(0);
    expect(await scripted.requests()).toEqual([]);

    // Setting an endpoint and a model in the settings makes it ready...
    await configureAgent(page);
    await expect(notice).toBeHidden();
    await expect(send).toBeEnabled();
    // ...and a model alone is not enough.
    await configureAgent(page, { ...AGENT_SETTINGS, baseUrl: '' });
    await expect(notice).toBeVisible();
    await expect(send).toBeDisabled();
    expect(errors).toEqual([]);
  });

  test('an HTTP error is a clear message, and the conversation is kept', async ({
    page,
    tmpPath
  }) => {
    await openExample(page, tmpPath);
    await setUpAgent(page);

    // A first exchange that works.
    await scripted.script({ text: ['Hello, I am ', 'here to help.'] });
    await sendMessage(page, 'Hello?');
    await waitForIdle(page);
    await expect(bodyOf(page, 'assistant')).toHaveText([
      'Hello, I am here to help.'
    ]);

    // 401: the server refuses the key, and echoes it (it must not show).
    await scripted.script({
      type: 'error',
      status: 401,
      message: `Incorrect API key provided: ${API_KEY}`,
      errorType: 'invalid_request_error',
      code: 'invalid_api_key'
    });
    await sendMessage(page, 'Second question');
    const errors = messages(page, 'error');
    await expect(errors).toHaveCount(1);
    await expect(errors.first()).toContainText('401');
    await expect(errors.first()).toContainText('API key');
    await expect(errors.first()).toContainText('Incorrect API key provided');
    await expect(errors.first()).not.toContainText(API_KEY);
    await waitForIdle(page);

    // 500 (the client retries once; queue more than enough).
    const failure = {
      type: 'error',
      status: 500,
      message: 'The model crashed',
      errorType: 'server_error'
    };
    await scripted.script(failure, failure, failure);
    await sendMessage(page, 'Third question');
    await expect(errors).toHaveCount(2, { timeout: 20000 });
    await expect(errors.last()).toContainText('500');
    await expect(errors.last()).toContainText('The model crashed');
    await waitForIdle(page);
    await scripted.clearQueue();

    // Everything said so far is still there, and the chat goes on.
    await expect(bodyOf(page, 'user')).toHaveText([
      'Hello?',
      'Second question',
      'Third question'
    ]);
    await expect(bodyOf(page, 'assistant').first()).toHaveText(
      'Hello, I am here to help.'
    );
    await scripted.script({ text: 'Still here.' });
    await sendMessage(page, 'Fourth question');
    await waitForIdle(page);
    await expect(bodyOf(page, 'assistant').last()).toHaveText('Still here.');
    await expect(bodyOf(page, 'user')).toHaveCount(4);
    await expect(errors).toHaveCount(2);

    // The model gets the whole conversation, but not the error messages.
    const completions = await scripted.completions();
    const last = completions[completions.length - 1].body.messages;
    const said = last.map((m: any) => `${m.role}: ${m.content ?? ''}`);
    for (const text of [
      'user: Hello?',
      'assistant: Hello, I am here to help.',
      'user: Second question',
      'user: Third question',
      'user: Fourth question'
    ]) {
      expect(said).toContain(text);
    }
    expect(JSON.stringify(last)).not.toContain('Incorrect API key');
    expect(JSON.stringify(last)).not.toContain(API_KEY);
  });
});

test.describe('the AI co-author with collaboration @collab', () => {
  test.beforeEach(async () => {
    await scripted.reset();
  });

  test('a second person sees the agent in presence and its streamed reply', async ({
    page,
    browser,
    baseURL,
    tmpPath,
    waitForApplication
  }) => {
    test.setTimeout(90000);
    const path = await openExample(page, tmpPath);
    const bob = await openSecondPerson({
      browser,
      baseURL: baseURL!,
      waitForApplication,
      tmpPath,
      name: 'Bob'
    });
    try {
      await bob.notebook.openByPath(path);
      await bob.notebook.activate('demo.ipynb');
      // Bob has no endpoint of his own: all he sees comes from Alice's agent.
      await openChat(bob);
      await expect(
        chatPanel(bob).locator('.jp-coauthor-ChatPanel-notice')
      ).toBeVisible();
      await recordAssistantMessages(bob);

      await setUpAgent(page);
      await recordAssistantMessages(page);
      await scripted.script(...editTurn(300));
      await sendMessage(page, PROMPT);

      // Bob sees Alice's message and the agent's reply, live.
      await expect(bodyOf(bob, 'user')).toHaveText(PROMPT, { timeout: 15000 });
      await expect(
        messages(bob, 'assistant')
          .first()
          .locator('.jp-coauthor-ChatMessage-author')
      ).toHaveText(MODEL, { timeout: 15000 });

      // The agent is in Bob's awareness of the notebook: the same peer
      // (same Yjs client) as the one Alice's browser runs.
      await expect.poll(() => agentPeer(page, path)).not.toBeNull();
      const aliceSees = (await agentPeer(page, path))!;
      await expect
        .poll(async () => (await agentPeer(bob, path))?.clientId ?? null, {
          timeout: 15000
        })
        .toBe(aliceSees.clientId);
      const bobSees = (await agentPeer(bob, path))!;
      expect(bobSees.name).toBe(MODEL);
      expect(bobSees.color).toBe(aliceSees.color);
      expect(bobSees.agent).not.toBeNull();

      await waitForIdle(page);
      await waitForIdle(bob);
      await expect(bodyOf(bob, 'assistant').first()).toHaveText(
        REPLY_1.join('').trim()
      );
      await expect(bodyOf(bob, 'assistant').last()).toHaveText(
        REPLY_2.join('').trim()
      );
      // Streamed on Bob's screen too, not only delivered at the end.
      await expectStreamed(bob);
      await expectStreamed(page);
      // How far behind Alice's screen Bob's shows the streamed text (a
      // figure for the README, not a timed check).
      const lags = streamLags(
        await streamSnapshots(page),
        await streamSnapshots(bob)
      );
      expect(lags.length).toBeGreaterThanOrEqual(2);
      reportStreamLags(lags);
      // Only Alice's agent answered.
      expectEditTurnRequests(await scripted.completions());

      // Bob sees the agent's suggestion too; the notebook is unchanged.
      await run(bob, 'coauthor:open-suggestions');
      const bobSuggestion = bob.locator(
        '#jp-coauthor-suggestions .jp-coauthor-Suggestion'
      );
      await expect(bobSuggestion).toHaveCount(1, { timeout: 15000 });
      await expect(
        bobSuggestion.locator('.jp-coauthor-Suggestion-author')
      ).toHaveText(MODEL);
      expect(await cellSourceById(bob, path, SQUARES_ID)).toBe(SQUARES_BEFORE);

      // The README's picture: the chat beside the suggestion under review.
      const ghost = page
        .locator('.jp-Notebook .jp-Cell')
        .nth(SQUARES_INDEX)
        .locator('.jp-coauthor-ghost.jp-coauthor-inserted');
      await expect(ghost).toContainText(AGENT_LINE);
      await run(page, 'application:toggle-left-area');
      await page.setViewportSize({ width: 1280, height: 800 });
      await expect(ghost).toBeVisible();
      await page.screenshot({ path: screenshotPath('chat.png') });

      // Bob accepts it; Alice's notebook has it.
      await bobSuggestion
        .locator('.jp-coauthor-Change .jp-coauthor-accept')
        .click();
      await expect
        .poll(() => cellSourceById(page, path, SQUARES_ID), { timeout: 15000 })
        .toBe(SQUARES_AFTER);
    } finally {
      await bob.context().close();
    }
  });
});

/**
 * Print how far behind the first browser the second showed the streamed
 * reply, and keep it in the test reports (agent-stream-lag.json).
 */
function reportStreamLags(lags: number[]): void {
  const sorted = [...lags].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
    );
  const figures = {
    samples: sorted.length,
    medianMs: at(0.5),
    p95Ms: at(0.95),
    maxMs: Math.round(sorted[sorted.length - 1])
  };
  console.log(
    `second browser shows streamed text ${figures.medianMs} ms after the first (median; p95 ${figures.p95Ms} ms, ${figures.samples} texts)`
  );
  const dir =
    process.env.COAUTHOR_REPORT_DIR ||
    resolve(__dirname, '..', '..', '.test-reports');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    join(dir, 'agent-stream-lag.json'),
    JSON.stringify(figures, null, 2) + '\n'
  );
}

/** A string as a literal in a regular expression. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
