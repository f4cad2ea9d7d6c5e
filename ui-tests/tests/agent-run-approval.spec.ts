/**
 * What you approve is what runs, in Chromium against the scripted
 * OpenAI-compatible server: the agent asks to run a cell; the dialog shows
 * its exact source and position. With collaboration, Bob edits the cell
 * while Alice's dialog is open; Alice approves what she saw; nothing runs
 * (neither her approved code, which is no longer the cell's, nor Bob's),
 * and the chat says why. A session approval shows in the chat header and
 * lets the next run go without asking; revoking it makes the next run ask
 * again.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import {
  API_KEY,
  configureAgent,
  openChat,
  openSecondPerson,
  scripted,
  sendMessage,
  setApiKeyWithButton
} from './agent-helpers';
import { openExample, screenshotPath } from './helpers';

/** The example notebook's third cell (id `area-list`, index 2). */
const CELL_3 = 'area-list';
const CELL_3_SOURCE = 'areas = [circle_area(r) for r in range(1, 6)]\nareas';
/** The second cell, which defines `circle_area` and prints nothing. */
const CELL_2 = 'area-def';
/** The file Bob's code would write if it ran. */
const BOB_FILE = 'bob-was-here.txt';
const BOB_SOURCE = `open(${JSON.stringify(BOB_FILE)}, "w").write("Bob's code ran")`;

const chatPanel = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-coauthor-chat');
const bodies = (page: IJupyterLabPageFixture, role: string) =>
  chatPanel(page).locator(
    `.jp-coauthor-ChatMessage.jp-mod-${role} .jp-coauthor-ChatMessage-body`
  );
const approvalDialog = (page: IJupyterLabPageFixture) =>
  page
    .locator('.jp-Dialog')
    .filter({ has: page.locator('.jp-coauthor-RunApproval') });
const indicator = (page: IJupyterLabPageFixture) =>
  chatPanel(page).locator('.jp-coauthor-SessionApproval');

/** A turn that asks to run a cell, then says something. */
function runTurn(cellId: string, callId: string, after: string) {
  return [
    {
      toolCalls: [
        { id: callId, name: 'run_cell', arguments: { cell_id: cellId } }
      ]
    },
    { text: after }
  ];
}

async function setUpAgent(page: IJupyterLabPageFixture): Promise<void> {
  await configureAgent(page);
  await openChat(page);
  await expect(
    chatPanel(page).locator('.jp-coauthor-ChatPanel-notice')
  ).toBeHidden();
  await setApiKeyWithButton(page, API_KEY);
}

/** Wait until the notebook's kernel is idle (started and ready). */
async function waitForKernel(page: IJupyterLabPageFixture): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(
          () =>
            (window as any).jupyterapp.shell.currentWidget?.sessionContext
              ?.session?.kernel?.status ?? null
        ),
      { timeout: 60000 }
    )
    .toBe('idle');
}

async function waitForIdle(page: IJupyterLabPageFixture): Promise<void> {
  await expect(chatPanel(page)).not.toHaveClass(/jp-mod-busy/, {
    timeout: 30000
  });
}

/** A code cell of the open notebook, from its model: source, count, outputs. */
async function cellState(page: IJupyterLabPageFixture, cellId: string) {
  return page.evaluate(id => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    const cell = panel.content.model.sharedModel.cells.find(
      (c: any) => c.getId() === id
    );
    return {
      source: cell.getSource() as string,
      executionCount: cell.execution_count as number | null,
      outputs: JSON.stringify(cell.getOutputs())
    };
  }, cellId);
}

/** Whether a file exists on the server. */
async function fileExists(
  page: IJupyterLabPageFixture,
  path: string
): Promise<boolean> {
  const url = new URL(page.url());
  const response = await page.request.get(
    `${url.origin}/api/contents/${encodeURI(path)}?content=0`
  );
  return response.ok();
}

test.describe('running code for the co-author', () => {
  test.beforeEach(async () => {
    await scripted.reset();
  });

  test('a session approval shows in the chat header; revoking it makes the next run ask again', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(120000);
    await openExample(page, tmpPath);
    await setUpAgent(page);
    await waitForKernel(page);

    // First run: the dialog shows the exact code and where it is.
    await scripted.script(...runTurn(CELL_2, 'call_run_1', 'Defined.'));
    await sendMessage(page, 'Please run the cell that defines circle_area.');
    const dialog = approvalDialog(page);
    await expect(dialog).toBeVisible({ timeout: 20000 });
    const def = (await cellState(page, CELL_2)).source;
    await expect(dialog.locator('.jp-coauthor-RunApproval-source')).toHaveText(
      def
    );
    await expect(
      dialog.locator('.jp-coauthor-RunApproval-where')
    ).toContainText(`Cell 2 of 5 (id ${CELL_2})`);
    // Highlighted by JupyterLab's highlighter (spans), same text.
    expect(
      await dialog.locator('.jp-coauthor-RunApproval-source span').count()
    ).toBeGreaterThan(0);
    await dialog
      .getByRole('button', { name: 'Allow for this session' })
      .click();
    await waitForIdle(page);
    // It ran in the cell, as the user's run would.
    await expect
      .poll(async () => (await cellState(page, CELL_2)).executionCount)
      .not.toBeNull();

    // The header says so, with a revoke button.
    await expect(indicator(page)).toBeVisible();
    await expect(indicator(page)).toContainText(
      'may run code in demo.ipynb without asking'
    );
    await chatPanel(page).screenshot({
      path: screenshotPath('session-approval.png')
    });

    // The next run goes without asking: the cell's outputs appear.
    await scripted.script(...runTurn(CELL_3, 'call_run_2', 'Listed.'));
    await sendMessage(page, 'Now list the areas.');
    await waitForIdle(page);
    await expect(approvalDialog(page)).toHaveCount(0);
    await expect
      .poll(async () => (await cellState(page, CELL_3)).outputs)
      .toContain('3.14159');

    // Revoke: the header clears, and the next run asks again.
    await indicator(page).getByRole('button', { name: 'Revoke' }).click();
    await expect(indicator(page)).toBeHidden();
    await scripted.script(...runTurn(CELL_3, 'call_run_3', 'As you wish.'));
    await sendMessage(page, 'And once more.');
    await expect(approvalDialog(page)).toBeVisible({ timeout: 20000 });
    await approvalDialog(page).getByRole('button', { name: 'Deny' }).click();
    await waitForIdle(page);
    await expect(bodies(page, 'assistant').last()).toHaveText('As you wish.');
    const completions = await scripted.completions();
    const last = completions[completions.length - 1].body.messages;
    const result = last.find(
      (m: any) => m.role === 'tool' && m.tool_call_id === 'call_run_3'
    );
    expect(JSON.parse(result.content).error).toMatch(/declined/);
  });
});

test.describe('running code for the co-author with collaboration @collab', () => {
  test.beforeEach(async () => {
    await scripted.reset();
  });

  test("Bob edits cell 3 while Alice's approval is open: Bob's code does not run, and the chat says why", async ({
    page,
    browser,
    baseURL,
    tmpPath,
    waitForApplication
  }) => {
    test.setTimeout(120000);
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
      await setUpAgent(page);
      await waitForKernel(page);

      await scripted.script(
        ...runTurn(
          CELL_3,
          'call_run_cell_3',
          'The cell changed; I will read it again.'
        )
      );
      await sendMessage(page, 'Please run cell 3.');

      // Alice's dialog shows cell 3 as it is now.
      const dialog = approvalDialog(page);
      await expect(dialog).toBeVisible({ timeout: 20000 });
      await expect(
        dialog.locator('.jp-coauthor-RunApproval-source')
      ).toHaveText(CELL_3_SOURCE);
      await expect(
        dialog.locator('.jp-coauthor-RunApproval-where')
      ).toContainText(`Cell 3 of 5 (id ${CELL_3})`);
      await page.screenshot({ path: screenshotPath('run-approval.png') });

      // Bob rewrites cell 3 meanwhile; Alice's notebook receives it.
      await bob.evaluate(
        ({ id, source }) => {
          const panel = (window as any).jupyterapp.shell.currentWidget;
          const cell = panel.content.model.sharedModel.cells.find(
            (c: any) => c.getId() === id
          );
          cell.setSource(source);
        },
        { id: CELL_3, source: BOB_SOURCE }
      );
      await expect
        .poll(async () => (await cellState(page, CELL_3)).source, {
          timeout: 15000
        })
        .toBe(BOB_SOURCE);

      // Alice approves what she saw.
      await dialog.getByRole('button', { name: 'Run once' }).click();
      await waitForIdle(page);

      // The chat says why nothing ran, for Alice and for Bob.
      const notice = bodies(page, 'notice').filter({ hasText: 'refused' });
      await expect(notice).toHaveCount(1);
      await expect(notice).toContainText('cell 3 (area-list)');
      await expect(notice).toContainText('the cell was edited');
      await expect(notice).toContainText('Nothing ran');
      await openChat(bob);
      await expect(
        bodies(bob, 'notice').filter({ hasText: 'refused' })
      ).toHaveCount(1, { timeout: 15000 });

      // The model is told too, and may ask again.
      const completions = await scripted.completions();
      expect(completions).toHaveLength(2);
      const result = completions[1].body.messages.find(
        (m: any) => m.role === 'tool' && m.tool_call_id === 'call_run_cell_3'
      );
      expect(JSON.parse(result.content)).toMatchObject({
        ok: false,
        refused: true
      });

      // Nothing ran: no file from Bob's code, no execution of the cell.
      await page.waitForTimeout(1000);
      expect(await fileExists(page, `${tmpPath}/${BOB_FILE}`)).toBe(false);
      const cell = await cellState(page, CELL_3);
      expect(cell.executionCount).toBeNull();
      expect(cell.outputs).toBe('[]');
    } finally {
      await bob.context().close();
    }
  });
});
