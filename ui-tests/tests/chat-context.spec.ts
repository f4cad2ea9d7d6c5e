/**
 * The context a user chooses for the chat: the active cell or its selected
 * lines attached as chips (removable, sent to the model, shown on the sent
 * message); the model picked in the header from the endpoint's
 * `GET /v1/models` (or typed, with the reason when there is no list); code
 * blocks with Copy and Insert below (a suggestion in suggesting mode); and
 * the input at rest: Stop visibly disabled, the placeholder whole, the
 * latest message in view when the panel is opened again.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import {
  API_KEY,
  AGENT_PLUGIN,
  collectPageErrors,
  configureAgent,
  MODEL,
  openChat,
  scripted,
  sendMessage,
  setApiKeyWithButton
} from './agent-helpers';
import { openExample, run, screenshotPath } from './helpers';

const chat = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-coauthor-chat');
const lastAssistant = (page: IJupyterLabPageFixture) =>
  chat(page).locator('.jp-coauthor-ChatMessage.jp-mod-assistant').last();

async function setUpAgent(page: IJupyterLabPageFixture): Promise<void> {
  await configureAgent(page);
  await openChat(page);
  await setApiKeyWithButton(page, API_KEY);
}

async function waitForIdle(page: IJupyterLabPageFixture): Promise<void> {
  await expect(chat(page).locator('.jp-mod-streaming')).toHaveCount(0, {
    timeout: 20000
  });
  await expect(chat(page)).not.toHaveClass(/jp-mod-busy/, { timeout: 20000 });
}

/** The saved model setting (what the Settings Editor shows). */
async function savedModel(page: IJupyterLabPageFixture): Promise<unknown> {
  return page.evaluate(async id => {
    const registry = await (window as any).galata.getPlugin(
      '@jupyterlab/apputils-extension:settings'
    );
    return (await registry.get(id, 'model')).user;
  }, AGENT_PLUGIN);
}

/** The cells of the notebook's own model, and those the panel shows. */
async function cellCounts(
  page: IJupyterLabPageFixture
): Promise<{ notebook: number; shown: number }> {
  return page.evaluate(() => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    return {
      notebook: panel.context.model.sharedModel.cells.length,
      shown: panel.content.widgets.length
    };
  });
}

const CODE = "total = sum(squares)\nprint('total', total)";

test.describe('context a user chooses', () => {
  test.beforeEach(async () => {
    await scripted.reset();
  });

  test('attach the active cell or the selected lines', async ({
    page,
    tmpPath
  }) => {
    const errors = collectPageErrors(page);
    await openExample(page, tmpPath);
    await setUpAgent(page);

    // The whole last cell ("Cell 5"), then removed with its ×.
    await page.notebook.selectCells(4);
    await run(page, 'coauthor:attach-to-chat');
    const chips = chat(page).locator(
      '.jp-coauthor-ChatPanel-form .jp-coauthor-ContextChip'
    );
    await expect(chips).toHaveText(['Cell 5×']);
    await chips.locator('.jp-coauthor-ContextChip-remove').click();
    await expect(chips).toHaveCount(0);

    // Lines 2–3 of the second cell, selected in its editor; and the whole
    // last cell, with the chat's own button.
    await page.notebook.enterCellEditingMode(1);
    const editor = page.locator('.jp-Cell').nth(1).locator('.cm-content');
    await editor.press('Control+Home');
    await editor.press('ArrowDown');
    await editor.press('Shift+ArrowDown');
    await editor.press('Shift+ArrowDown');
    await editor.press('Shift+End');
    await run(page, 'coauthor:attach-to-chat');
    await page.keyboard.press('Escape');
    await page.notebook.selectCells(4);
    await chat(page).locator('.jp-coauthor-attach').click();
    await expect(chips).toHaveText(['Cell 2, lines 2–4×', 'Cell 5×']);
    await page.screenshot({ path: screenshotPath('chat-attach.png') });

    await scripted.script({ text: 'Seen.' });
    await sendMessage(page, 'What do these do?');
    await waitForIdle(page);
    await expect(chips).toHaveCount(0);
    // The sent message shows its chips.
    await expect(
      chat(page).locator(
        '.jp-coauthor-ChatMessage.jp-mod-user .jp-coauthor-ContextChips.jp-mod-sent .jp-coauthor-ContextChip'
      )
    ).toHaveText(['Cell 2, lines 2–4', 'Cell 5']);
    // The model got both, fenced, with their cell ids.
    const [request] = await scripted.completions();
    const user = request.body.messages.filter((m: any) => m.role === 'user');
    expect(user.at(-1).content).toBe(
      'What do these do?\n\n' +
        'Attached: Cell 2, lines 2–4 (cell id area-def):\n```\n\ndef circle_area(radius):\n    """The area of a circle of the given radius."""\n```\n\n' +
        'Attached: Cell 5 (cell id squares):\n```\nsquares = [r ** 2 for r in range(1, 6)]\nsquares\n```'
    );
    expect(errors).toEqual([]);
  });

  test("the model picked from the server's list, saved in the settings", async ({
    page,
    tmpPath
  }) => {
    await scripted.setModels(['zeta-model', MODEL, 'alpha-model']);
    await openExample(page, tmpPath);
    await setUpAgent(page);
    const input = chat(page).locator('.jp-coauthor-ChatHeader-model');
    await expect(input).toHaveValue(MODEL);
    await input.focus();
    await expect(
      chat(page).locator('.jp-coauthor-ChatHeader datalist option')
    ).toHaveCount(3);
    expect(
      await chat(page)
        .locator('.jp-coauthor-ChatHeader datalist option')
        .evaluateAll(options =>
          options.map(o => (o as HTMLOptionElement).value)
        )
    ).toEqual(['alpha-model', MODEL, 'zeta-model']);
    await input.fill('zeta-model');
    await input.press('Enter');
    await expect.poll(() => savedModel(page)).toBe('zeta-model');
    // The request goes to the chosen model.
    await scripted.script({ text: 'Hello from zeta.' });
    await sendMessage(page, 'Hi');
    await waitForIdle(page);
    const [request] = await scripted.completions();
    expect(request.body.model).toBe('zeta-model');

    // A refused key: no list, the reason, and the model kept.
    await setApiKeyWithButton(page, 'sk-wrong-key');
    await chat(page).locator('.jp-coauthor-ChatHeader-refresh').click();
    const why = chat(page).locator('.jp-coauthor-ChatHeader-why');
    await expect(why).toContainText('Could not list the models');
    await expect(why).toContainText('refused the API key (401)');
    await expect(why).not.toContainText('sk-wrong-key');
    await expect(
      chat(page).locator('.jp-coauthor-ChatHeader datalist option')
    ).toHaveCount(0);
    await expect(input).toHaveValue('zeta-model');
    await page.screenshot({ path: screenshotPath('chat-models-error.png') });
  });

  test('a code block: Copy beside the code, and Insert below the active cell, a suggestion in suggesting mode', async ({
    page,
    tmpPath
  }) => {
    const errors = collectPageErrors(page);
    await openExample(page, tmpPath);
    await setUpAgent(page);
    await scripted.script({
      text: `You could add:\n\n\`\`\`python\n${CODE}\n\`\`\`\n`
    });
    await sendMessage(page, 'How do I print the total?');
    await waitForIdle(page);
    const block = lastAssistant(page).locator('.jp-coauthor-CodeBlock');
    await expect(block).toHaveCount(1);
    await expect(block.locator('.jp-coauthor-CodeBlock-language')).toHaveText(
      'python'
    );
    // The toolbar is above the code: no button covers it.
    const code = await block.locator('pre').boundingBox();
    for (const name of ['.jp-coauthor-copy', '.jp-coauthor-insert-below']) {
      const button = await block.locator(name).boundingBox();
      expect(button!.y + button!.height).toBeLessThanOrEqual(code!.y + 0.5);
    }

    // Insert below cell 3, directly.
    await page.notebook.selectCells(2);
    await block.locator('.jp-coauthor-insert-below').click();
    await expect
      .poll(() => cellCounts(page))
      .toEqual({ notebook: 6, shown: 6 });
    expect(await page.notebook.getCellTextInput(3)).toBe(CODE);
    await page.notebook.deleteCells();
    await expect
      .poll(() => cellCounts(page))
      .toEqual({ notebook: 5, shown: 5 });

    // In suggesting mode: the new cell is the user's suggestion; the
    // notebook itself is unchanged until someone accepts.
    await run(page, 'coauthor:toggle-suggesting');
    await page.notebook.selectCells(4);
    await block.locator('.jp-coauthor-insert-below').click();
    await expect
      .poll(() => cellCounts(page))
      .toEqual({ notebook: 5, shown: 6 });
    expect(await page.notebook.getCellTextInput(5)).toBe(CODE);
    await run(page, 'coauthor:open-suggestions');
    await expect(
      page.locator('#jp-coauthor-suggestions .jp-coauthor-Suggestion')
    ).toHaveCount(1, { timeout: 15000 });
    await openChat(page);
    await page.screenshot({ path: screenshotPath('chat-insert-below.png') });
    expect(errors).toEqual([]);
  });

  test('the input at rest, the placeholder whole, and the latest message in view on reopening', async ({
    page,
    tmpPath
  }) => {
    await openExample(page, tmpPath);
    await setUpAgent(page);
    // Stop, with nothing to stop: disabled, and not a red button.
    const stop = chat(page).locator('.jp-coauthor-stop');
    await expect(stop).toBeDisabled();
    const background = await stop.evaluate(
      el => getComputedStyle(el).backgroundColor
    );
    expect(background).toBe('rgba(0, 0, 0, 0)');

    // The placeholder fits the input at the panel's default width.
    const fits = await chat(page)
      .locator('.jp-coauthor-ChatPanel-textarea')
      .evaluate(el => {
        const textarea = el as HTMLTextAreaElement;
        const style = getComputedStyle(textarea);
        const probe = document.createElement('div');
        for (const key of [
          'font',
          'lineHeight',
          'padding',
          'border',
          'boxSizing',
          'letterSpacing',
          'wordSpacing'
        ] as const) {
          (probe.style as any)[key] = (style as any)[key];
        }
        probe.style.width = `${textarea.offsetWidth}px`;
        probe.style.whiteSpace = 'pre-wrap';
        probe.style.position = 'absolute';
        probe.style.visibility = 'hidden';
        probe.textContent = textarea.placeholder;
        document.body.appendChild(probe);
        const needed = probe.offsetHeight;
        probe.remove();
        return { needed, has: textarea.offsetHeight };
      });
    expect(fits.needed).toBeLessThanOrEqual(fits.has);
    // The input's buttons sit in one row.
    const tops = await chat(page)
      .locator('.jp-coauthor-ChatPanel-buttons .jp-Button')
      .evaluateAll(buttons =>
        buttons.map(b => Math.round(b.getBoundingClientRect().top))
      );
    expect(new Set(tops).size).toBe(1);

    // A conversation longer than the panel; closed, then opened again.
    // While the first reply streams, the header says who talks to which
    // agent (with or without collaboration), and Stop is there to use.
    for (let i = 1; i <= 4; i++) {
      await scripted.script({
        text: [
          `Answer ${i}:\n\n`,
          ...Array.from({ length: 8 }, (_, k) => `- point ${k + 1}\n`)
        ],
        delayMs: i === 1 ? 300 : 0
      });
      await sendMessage(page, `Question ${i}`);
      if (i === 1) {
        await expect(
          chat(page).locator('.jp-coauthor-ChatHeader-status')
        ).toContainText(`You are talking to ${MODEL}`);
        await expect(stop).toBeEnabled();
      }
      await waitForIdle(page);
    }
    await expect(
      chat(page).locator('.jp-coauthor-ChatHeader-status')
    ).toBeHidden();
    await page.evaluate(() => (window as any).jupyterapp.shell.collapseRight());
    await expect(chat(page)).toBeHidden();
    await openChat(page);
    await expect(lastAssistant(page)).toContainText('Answer 4');
    await expect
      .poll(() =>
        chat(page)
          .locator('.jp-coauthor-ChatPanel-messages')
          .evaluate(el => el.scrollHeight - el.scrollTop - el.clientHeight)
      )
      .toBeLessThan(4);
    await expect(lastAssistant(page)).toBeInViewport();
  });

  for (const { theme, slug } of [
    { theme: 'JupyterLab Light', slug: 'light' },
    { theme: 'JupyterLab Dark', slug: 'dark' }
  ]) {
    test(`the chat in ${theme}, at the default width and in a 1024-px window`, async ({
      page,
      tmpPath
    }) => {
      await openExample(page, tmpPath);
      await setUpAgent(page);
      await page.notebook.selectCells(4);
      await run(page, 'coauthor:attach-to-chat');
      await scripted.script({
        text: `The last cell squares 1 to 5. To sum them:\n\n\`\`\`python\n${CODE}\n\`\`\`\n`
      });
      await sendMessage(page, 'What does this cell do?');
      await waitForIdle(page);
      await run(page, 'coauthor:attach-to-chat');
      await run(page, 'apputils:change-theme', { theme });
      await expect
        .poll(() => page.evaluate(() => document.body.dataset.jpThemeName))
        .toBe(theme);
      await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
      await page.setViewportSize({ width: 1280, height: 800 });
      await chat(page).screenshot({
        path: screenshotPath(`chat-panel-${slug}.png`)
      });
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.screenshot({
        path: screenshotPath(`chat-1024-${slug}.png`)
      });
      // At 1024 px nothing of the header or the input leaves the panel.
      const panel = await chat(page).boundingBox();
      for (const name of [
        '.jp-coauthor-ChatHeader-refresh',
        '.jp-coauthor-send',
        '.jp-coauthor-ContextChip'
      ]) {
        const box = await chat(page).locator(name).first().boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(
          panel!.x + panel!.width + 0.5
        );
      }
    });
  }
});
