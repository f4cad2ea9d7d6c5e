/**
 * The agent's tool calls as cards in the chat, and "Revert this turn", in
 * Chromium against the scripted OpenAI-compatible server: each call is a
 * compact card with its status and what it did in words; a failed call
 * looks failed; Keep and Undo review the call's suggested change right
 * there, and the card says "Kept" or "Undone" whoever reviewed it; Show
 * scrolls to the cell; the raw call is behind a disclosure, wrapped.
 * Reverting a turn rejects what it still suggests and puts back, as one
 * undo step, what was already kept.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import {
  API_KEY,
  cellSourceById,
  collectPageErrors,
  configureAgent,
  MODEL,
  openChat,
  openSecondPerson,
  run,
  scripted,
  sendMessage,
  setApiKeyWithButton
} from './agent-helpers';
import { activeCellIndex, openExample, screenshotPath } from './helpers';

const SQUARES_ID = 'squares';
const SQUARES_BEFORE = 'squares = [r ** 2 for r in range(1, 6)]\nsquares';
const AGENT_LINE = 'total = sum(squares)  # added by the co-author';
const SQUARES_AFTER = `squares = [r ** 2 for r in range(1, 6)]\n${AGENT_LINE}\nsquares`;
const NEW_CELL = 'import matplotlib.pyplot as plt\nplt.plot(areas)';
const REASONING =
  'The user wants the total of the squares and a plot of the areas. ' +
  'I will read the notebook, add a line to the last cell, and insert a ' +
  'plotting cell after the list of areas.';

interface ICall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

const LIST: ICall = { id: 'call_list', name: 'list_cells', arguments: {} };
const EDIT: ICall = {
  id: 'call_edit',
  name: 'edit_cell',
  arguments: {
    cell_id: SQUARES_ID,
    old_text: 'squares = [r ** 2 for r in range(1, 6)]\n',
    new_text: `squares = [r ** 2 for r in range(1, 6)]\n${AGENT_LINE}\n`
  }
};
const WRONG: ICall = {
  id: 'call_wrong',
  name: 'edit_cell',
  arguments: { cell_id: 'plot-cell', source: 'plt.show()' }
};
const INSERT: ICall = {
  id: 'call_insert',
  name: 'insert_cell',
  arguments: { source: NEW_CELL, after_cell_id: 'area-list' }
};

/**
 * A streamed reply as a DeepSeek-style server sends it: the reasoning in
 * `reasoning_content` deltas first, then the content, then the tool calls.
 */
function reasoningReply(
  reasoning: string,
  text: string,
  calls: ICall[]
): Record<string, unknown> {
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-cards',
      object: 'chat.completion.chunk',
      created: 0,
      model: MODEL,
      choices: [{ index: 0, delta, finish_reason: finish }]
    })}\n\n`;
  const chunks = [chunk({ role: 'assistant', content: '' }, null)];
  for (const piece of reasoning.match(/.{1,40}/g) ?? []) {
    chunks.push(chunk({ reasoning_content: piece }, null));
  }
  for (const piece of text.match(/.{1,20}/g) ?? []) {
    chunks.push(chunk({ content: piece }, null));
  }
  calls.forEach((call, index) =>
    chunks.push(
      chunk(
        {
          tool_calls: [
            {
              index,
              id: call.id,
              type: 'function',
              function: {
                name: call.name,
                arguments: JSON.stringify(call.arguments)
              }
            }
          ]
        },
        null
      )
    )
  );
  chunks.push(chunk({}, calls.length ? 'tool_calls' : 'stop'));
  chunks.push('data: [DONE]\n\n');
  return {
    type: 'raw',
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    chunks,
    delayMs: 60
  };
}

/** Drag the splitter of the right sidebar until it is this wide. */
async function widenRightArea(
  page: IJupyterLabPageFixture,
  width: number
): Promise<void> {
  const handle = page
    .locator('#jp-main-split-panel > .lm-SplitPanel-handle:not(.lm-mod-hidden)')
    .last();
  const box = (await handle.boundingBox())!;
  const right = (await page.locator('#jp-right-stack').boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x - (width - right.width), y, { steps: 5 });
  await page.mouse.up();
}

const chat = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-coauthor-chat');
const card = (page: IJupyterLabPageFixture, callId: string) =>
  chat(page).locator(`.jp-coauthor-ToolCard[data-call-id="${callId}"]`);

async function setUpAgent(page: IJupyterLabPageFixture): Promise<void> {
  await configureAgent(page);
  await openChat(page);
  await expect(
    chat(page).locator('.jp-coauthor-ChatPanel-notice')
  ).toBeHidden();
  await setApiKeyWithButton(page, API_KEY);
}

async function waitForIdle(page: IJupyterLabPageFixture): Promise<void> {
  await expect(chat(page).locator('.jp-mod-streaming')).toHaveCount(0, {
    timeout: 20000
  });
  await expect(chat(page)).not.toHaveClass(/jp-mod-busy/, { timeout: 20000 });
}

/** The turn of the cards: read, edit, a failed edit, an insert; then text. */
async function cardsTurn(page: IJupyterLabPageFixture): Promise<void> {
  await scripted.script(
    reasoningReply(REASONING, 'I will add the total and a plot.', [
      LIST,
      EDIT,
      WRONG,
      INSERT
    ]),
    {
      text: [
        'Done: the total is in the last cell, ',
        'and a plot follows the areas.'
      ]
    }
  );
  await sendMessage(page, 'Sum the squares and plot the areas.');
  await waitForIdle(page);
}

test.describe('the agent’s tool calls as cards', () => {
  test.beforeEach(async () => {
    await scripted.reset();
  });

  test('show status and words; failed calls look failed; Keep, Undo and Show review right there', async ({
    page,
    tmpPath
  }) => {
    const errors = collectPageErrors(page);
    const path = await openExample(page, tmpPath);
    await setUpAgent(page);
    await cardsTurn(page);

    // One card per call, no raw tool messages in the conversation.
    await expect(chat(page).locator('.jp-coauthor-ToolCard')).toHaveCount(4);
    await expect(
      chat(page).locator('.jp-coauthor-ChatMessage.jp-mod-tool')
    ).toHaveCount(0);
    await expect(
      card(page, LIST.id).locator('.jp-coauthor-ToolCard-summary')
    ).toHaveText('Read the notebook');
    await expect(
      card(page, EDIT.id).locator('.jp-coauthor-ToolCard-summary')
    ).toHaveText('Edited cell 5: +1 −0');
    await expect(
      card(page, INSERT.id).locator('.jp-coauthor-ToolCard-summary')
    ).toHaveText('Inserted a cell after cell 3');
    for (const id of [LIST.id, EDIT.id, INSERT.id]) {
      await expect(card(page, id)).toHaveAttribute('data-status', 'done');
    }

    // The failed edit looks failed: red, "Failed", and why.
    const wrong = card(page, WRONG.id);
    await expect(wrong).toHaveAttribute('data-status', 'failed');
    await expect(wrong).toHaveClass(/jp-mod-failed/);
    await expect(wrong.locator('.jp-coauthor-ToolCard-summary')).toHaveText(
      'Could not edit cell “plot-cell”'
    );
    await expect(wrong.locator('.jp-coauthor-ToolCard-state')).toHaveText(
      'Failed'
    );
    await expect(wrong.locator('.jp-coauthor-ToolCard-error')).toContainText(
      "No cell has id 'plot-cell'"
    );
    const red = await page.evaluate(() =>
      getComputedStyle(document.body).getPropertyValue('--jp-error-color1')
    );
    const colors = await wrong.evaluate(node => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--jp-error-color1)';
      document.body.appendChild(probe);
      const error = getComputedStyle(probe).color;
      probe.remove();
      return { border: getComputedStyle(node).borderLeftColor, error };
    });
    expect(red.trim()).not.toBe('');
    expect(colors.border).toBe(colors.error);
    const done = await card(page, EDIT.id).evaluate(
      node => getComputedStyle(node).borderLeftColor
    );
    expect(done).not.toBe(colors.error);
    // Reads and failures have nothing to review.
    await expect(wrong.locator('.jp-coauthor-ToolCard-keep')).toBeHidden();
    await expect(
      card(page, LIST.id).locator('.jp-coauthor-ToolCard-keep')
    ).toBeHidden();

    // The reasoning is collapsed above the answer.
    const reasoning = chat(page)
      .locator('.jp-coauthor-ChatMessage.jp-mod-assistant')
      .first()
      .locator('.jp-coauthor-ChatMessage-reasoning');
    await expect(reasoning.locator('summary')).toHaveText(
      /^Thought for \d+ s$/
    );

    // The raw call behind a disclosure, wrapped within the panel.
    const raw = card(page, INSERT.id).locator('.jp-coauthor-ToolCard-raw');
    await expect(raw.locator('pre').first()).toBeHidden();
    await raw.locator('summary').click();
    await expect(raw.locator('pre').first()).toBeVisible();
    await expect(raw.locator('pre').first()).toContainText(
      '"after_cell_id": "area-list"'
    );
    await expect(raw.locator('pre').last()).toContainText('"ok": true');
    // The arguments hold a line longer than the panel is wide: wrapped.
    const widths = await raw.evaluate(node =>
      Array.from(node.querySelectorAll('pre')).map(pre => ({
        scroll: pre.scrollWidth,
        client: pre.clientWidth
      }))
    );
    for (const { scroll, client } of widths) {
      expect(client).toBeGreaterThan(0);
      expect(scroll).toBeLessThanOrEqual(client + 1);
    }
    const panelRight = await chat(page).evaluate(
      node => node.getBoundingClientRect().right
    );
    const rawRight = await raw.evaluate(
      node => node.getBoundingClientRect().right
    );
    expect(rawRight).toBeLessThanOrEqual(panelRight);

    // Keyboard: the buttons are buttons with labels that say what they do.
    const keep = card(page, EDIT.id).locator('.jp-coauthor-ToolCard-keep');
    await expect(keep).toHaveAttribute(
      'aria-label',
      'Keep: Edited cell 5: +1 −0'
    );
    await expect(
      card(page, INSERT.id).locator('.jp-coauthor-ToolCard-undo')
    ).toHaveAttribute('aria-label', 'Undo: Inserted a cell after cell 3');

    // The README's picture: cards under review and the reasoning, open,
    // and one failed call's raw arguments and result.
    await reasoning.evaluate(
      node => ((node as HTMLDetailsElement).open = true)
    );
    await raw.evaluate(node => ((node as HTMLDetailsElement).open = false));
    await wrong
      .locator('.jp-coauthor-ToolCard-raw')
      .evaluate(node => ((node as HTMLDetailsElement).open = true));
    await expect(raw.locator('pre').first()).toBeHidden();
    await run(page, 'application:toggle-left-area');
    await page.setViewportSize({ width: 1280, height: 960 });
    await widenRightArea(page, 420);
    await chat(page)
      .locator('.jp-coauthor-ChatPanel-messages')
      .evaluate(node => (node.scrollTop = 0));
    await page.screenshot({ path: screenshotPath('chat-cards.png') });

    // Show: the notebook scrolls to the edited cell and makes it active.
    await run(page, 'notebook:move-cursor-up');
    await page.notebook.selectCells(0);
    await card(page, EDIT.id).locator('.jp-coauthor-ToolCard-show').click();
    await expect.poll(() => activeCellIndex(page)).toBe(4);

    // Keep the edit (with the keyboard): the notebook has it, "Kept".
    expect(await cellSourceById(page, path, SQUARES_ID)).toBe(SQUARES_BEFORE);
    await keep.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => cellSourceById(page, path, SQUARES_ID))
      .toBe(SQUARES_AFTER);
    await expect(
      card(page, EDIT.id).locator('.jp-coauthor-ToolCard-review')
    ).toHaveText('Kept');
    await expect(keep).toBeHidden();

    // Undo the insert: the suggestion is gone, "Undone".
    await card(page, INSERT.id).locator('.jp-coauthor-ToolCard-undo').click();
    await expect(
      card(page, INSERT.id).locator('.jp-coauthor-ToolCard-review')
    ).toHaveText('Undone');
    await run(page, 'coauthor:open-suggestions');
    await expect(
      page.locator('#jp-coauthor-suggestions .jp-coauthor-Change')
    ).toHaveCount(0);
    expect(await page.notebook.getCellCount()).toBe(5);
    expect(errors).toEqual([]);
  });

  test('are readable in the dark theme', async ({ page, tmpPath }) => {
    await openExample(page, tmpPath);
    await setUpAgent(page);
    await cardsTurn(page);
    await run(page, 'apputils:change-theme', { theme: 'JupyterLab Dark' });
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      'false'
    );
    const wrong = card(page, WRONG.id);
    // The failed card's text stays light on a dark background.
    const colors = await wrong.evaluate(node => {
      const probe = document.createElement('canvas').getContext('2d')!;
      const rgb = (css: string) => {
        probe.fillStyle = '#000';
        probe.fillStyle = css;
        probe.fillRect(0, 0, 1, 1);
        return Array.from(probe.getImageData(0, 0, 1, 1).data.slice(0, 3));
      };
      const summary = node.querySelector('.jp-coauthor-ToolCard-summary')!;
      return {
        background: rgb(getComputedStyle(node).backgroundColor),
        text: rgb(getComputedStyle(summary).color)
      };
    });
    const luminance = ([r, g, b]: number[]) =>
      [r, g, b]
        .map(v => v / 255)
        .map(v => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const [light, dark] = [
      luminance(colors.text),
      luminance(colors.background)
    ].sort((a, b) => b - a);
    expect((light + 0.05) / (dark + 0.05)).toBeGreaterThanOrEqual(4.5);
    expect(luminance(colors.background)).toBeLessThan(0.2);
    await run(page, 'application:toggle-left-area');
    await widenRightArea(page, 420);
    await page.screenshot({
      path: test.info().outputPath('cards-dark.png')
    });
    await run(page, 'apputils:change-theme', { theme: 'JupyterLab Light' });
  });

  test('a call is "running" while it waits, and a declined run looks failed', async ({
    page,
    tmpPath
  }) => {
    await openExample(page, tmpPath);
    await setUpAgent(page);
    const RUN: ICall = {
      id: 'call_run',
      name: 'run_cell',
      arguments: { cell_id: 'area-list' }
    };
    await scripted.script({ toolCalls: [RUN] }, { text: 'You declined.' });
    await sendMessage(page, 'Run the areas.');

    // While the run waits for approval, its card says so.
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toBeVisible({ timeout: 15000 });
    const running = card(page, RUN.id);
    await expect(running).toHaveAttribute('data-status', 'running');
    await expect(running).toHaveAttribute('aria-busy', 'true');
    await expect(running.locator('.jp-coauthor-ToolCard-summary')).toHaveText(
      'Running cell 3…'
    );
    await dialog.getByRole('button', { name: 'Deny' }).click();
    await waitForIdle(page);
    await expect(running).toHaveAttribute('data-status', 'failed');
    await expect(running.locator('.jp-coauthor-ToolCard-summary')).toHaveText(
      'Did not run cell 3'
    );
    await expect(running.locator('.jp-coauthor-ToolCard-error')).toContainText(
      'The user declined to run'
    );
  });

  test('say "Kept" when the Suggestions panel accepted the change', async ({
    page,
    tmpPath
  }) => {
    await openExample(page, tmpPath);
    await setUpAgent(page);
    await scripted.script(
      { toolCalls: [{ ...EDIT, arguments: EDIT.arguments }] },
      { text: 'Added the total.' }
    );
    await sendMessage(page, 'Sum the squares.');
    await waitForIdle(page);
    const edit = card(page, EDIT.id);
    await expect(edit.locator('.jp-coauthor-ToolCard-keep')).toBeVisible();

    await run(page, 'coauthor:open-suggestions');
    await page
      .locator(
        '#jp-coauthor-suggestions .jp-coauthor-Change .jp-coauthor-accept'
      )
      .click();
    await openChat(page);
    await expect(edit.locator('.jp-coauthor-ToolCard-review')).toHaveText(
      'Kept'
    );
    await expect(edit.locator('.jp-coauthor-ToolCard-keep')).toBeHidden();
  });

  test('revert a turn: what is suggested is rejected, what was kept is put back as one undo step', async ({
    page,
    tmpPath
  }) => {
    const errors = collectPageErrors(page);
    const path = await openExample(page, tmpPath);
    await setUpAgent(page);
    await scripted.script(
      { text: 'Adding both.', toolCalls: [EDIT, INSERT] },
      { text: 'Done.' }
    );
    await sendMessage(page, 'Sum the squares and plot the areas.');
    await waitForIdle(page);

    const revert = chat(page).locator('.jp-coauthor-revert-turn');
    // On the turn's last agent message only.
    await expect(revert).toHaveCount(1);
    await expect(
      chat(page)
        .locator('.jp-coauthor-ChatMessage.jp-mod-assistant')
        .last()
        .locator('.jp-coauthor-revert-turn')
    ).toHaveText('Revert this turn');
    await expect(revert).toBeEnabled();

    // The edit is kept; the insert still suggested.
    await card(page, EDIT.id).locator('.jp-coauthor-ToolCard-keep').click();
    await expect
      .poll(() => cellSourceById(page, path, SQUARES_ID))
      .toBe(SQUARES_AFTER);

    await revert.click();
    // The kept edit is put back, the suggested insert rejected.
    await expect
      .poll(() => cellSourceById(page, path, SQUARES_ID))
      .toBe(SQUARES_BEFORE);
    await run(page, 'coauthor:open-suggestions');
    await expect(
      page.locator('#jp-coauthor-suggestions .jp-coauthor-Change')
    ).toHaveCount(0);
    await openChat(page);
    await expect(
      card(page, INSERT.id).locator('.jp-coauthor-ToolCard-review')
    ).toHaveText('Undone');
    // The chat says what was reverted.
    const notice = chat(page)
      .locator('.jp-coauthor-ChatMessage.jp-mod-notice')
      .last();
    await expect(notice).toContainText('Reverted this turn');
    await expect(notice).toContainText(
      'rejected the suggested changes to a new cell'
    );
    await expect(notice).toContainText('put cell 5 back as before the turn');
    // Nothing is left to revert.
    await expect(revert).toBeDisabled();

    // One step of the notebook's undo brings the kept edit back.
    await page.notebook.selectCells(0);
    await run(page, 'notebook:undo-cell-action');
    await expect
      .poll(() => cellSourceById(page, path, SQUARES_ID))
      .toBe(SQUARES_AFTER);
    expect(errors).toEqual([]);
  });
});

test.describe('the agent’s tool calls as cards, together @collab', () => {
  test.beforeEach(async () => {
    await scripted.reset();
  });

  test('a collaborator sees the cards, and when they keep a change both cards say "Kept"', async ({
    page,
    browser,
    baseURL,
    tmpPath,
    waitForApplication
  }) => {
    test.setTimeout(90000);
    const errors = collectPageErrors(page);
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
      await openChat(bob);
      await setUpAgent(page);
      await scripted.script(
        { text: 'Adding both.', toolCalls: [EDIT, WRONG, INSERT] },
        { text: 'Done.' }
      );
      await sendMessage(page, 'Sum the squares and plot the areas.');
      await waitForIdle(page);

      // Bob's chat has the same cards, from the shared conversation.
      const bobEdit = card(bob, EDIT.id);
      await expect(bobEdit.locator('.jp-coauthor-ToolCard-summary')).toHaveText(
        'Edited cell 5: +1 −0',
        { timeout: 15000 }
      );
      await expect(card(bob, WRONG.id)).toHaveAttribute(
        'data-status',
        'failed'
      );
      await expect(
        card(bob, INSERT.id).locator('.jp-coauthor-ToolCard-keep')
      ).toBeVisible();

      // Bob keeps the edit from his card; Alice's card says so too.
      await bobEdit.locator('.jp-coauthor-ToolCard-keep').click();
      await expect(
        card(page, EDIT.id).locator('.jp-coauthor-ToolCard-review')
      ).toHaveText('Kept', { timeout: 15000 });
      await expect
        .poll(() => cellSourceById(page, path, SQUARES_ID))
        .toBe(SQUARES_AFTER);
      // Alice undoes the insert; Bob's card says "Undone".
      await card(page, INSERT.id).locator('.jp-coauthor-ToolCard-undo').click();
      await expect(
        card(bob, INSERT.id).locator('.jp-coauthor-ToolCard-review')
      ).toHaveText('Undone', { timeout: 15000 });
      await expect(bobEdit.locator('.jp-coauthor-ToolCard-review')).toHaveText(
        'Kept'
      );
      expect(errors).toEqual([]);
    } finally {
      await bob.context().close();
    }
  });
});
