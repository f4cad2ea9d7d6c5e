/**
 * The user actions of the randomized UI test, each done as a person does it:
 * keys in a cell editor or in command mode, clicks on the Suggestions panel
 * and on the marks' buttons, the keyboard shortcuts, and a few commands
 * (moving a cell, accept all / reject all) run the way the menus run them.
 *
 * Every action returns an `IEffect`: what it did, for the failure report,
 * and what the invariants may expect of it (may the notebook change, which
 * typed markers may it erase, which must it accept).
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

import type { IPageState } from './state';

/** A small, fast, seedable PRNG (mulberry32), as in random.spec.ts. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One person in the test, on their own page. */
export interface IUser {
  /** 'A' (the test's page) or 'B' (the second user, with collaboration). */
  name: string;
  /** Their user id (their suggestion's author id), read from the page. */
  id: string;
  page: IJupyterLabPageFixture;
  /** The mode this person's notebook should be in. */
  suggesting: boolean;
}

/** The random source and the counters an action needs. */
export interface IActionContext {
  random: () => number;
  /** A new unique marker, e.g. `#A12;` (a person's typing, findable later). */
  marker: (user: IUser) => string;
  /** The notebook's path on the server (to reopen it). */
  path: string;
}

/** Which typed markers an action may erase. */
export interface IErase {
  /** Whose markers ('*': anyone's). */
  author: string;
  /** In which cells, as they were before the action ('*': any cell). */
  cells: string[] | '*';
}

/** What an action did, for the invariants and the report. */
export interface IEffect {
  /** What was done, in words. */
  text: string;
  /** Whether the notebook itself may change (an accept, an edit in editing mode). */
  changesNotebook: boolean;
  /** Markers the action may erase. */
  erases: IErase[];
  /** Markers that must be in the notebook afterwards, unless refused with a message. */
  accepts?: IErase;
  /** A marker typed now, expected in the typist's branch (or the notebook). */
  typed?: { marker: string; cellId: string | null; suggesting: boolean };
  /** An undo (the notebook may lose accepted text only to bring its suggestion back) or a redo. */
  undo?: 'undo' | 'redo';
  /** The notebook was closed and opened again. */
  reopened?: boolean;
  /** Nothing was done (the action did not apply). */
  skipped?: boolean;
}

/** An action: when it applies, and how to do it. */
export interface IAction {
  name: string;
  /** How often it is chosen, relative to the others. */
  weight: number | ((user: IUser) => number);
  /** Whether the second user does it too. */
  second?: boolean;
  applies?: (user: IUser, state: IPageState) => boolean;
  run: (
    user: IUser,
    state: IPageState,
    ctx: IActionContext
  ) => Promise<IEffect>;
}

const int = (ctx: IActionContext, n: number) => Math.floor(ctx.random() * n);
const pick = <T>(ctx: IActionContext, items: T[]): T =>
  items[int(ctx, items.length)];

/** Which mode a user is in, as a word. */
const modeOf = (user: IUser) => (user.suggesting ? 'suggesting' : 'editing');

/** The author id a user's edits are recorded under. */
const authorOf = (state: IPageState) => state.userId;

/** A cell of the shown document, described for the report. */
function describe(state: IPageState, index: number): string {
  const cell = state.shown[index];
  return `cell ${index} (${cell.type} "${cell.id}")`;
}

/**
 * Put the cursor in a cell's editor. Not Galata's `enterCellEditingMode`:
 * it double-clicks the middle of the cell's input area, and beside the
 * Suggestions panel the middle of a short line can be the inline ✓ of that
 * line's change (solo seed 106: a "type" action accepted the change it was
 * about to type next to, and the invariants rightly saw the notebook change
 * without an accept being declared). Select the cell by its left edge, as
 * `selectCells` does, and press Enter, as a keyboard user does.
 */
async function enterEditor(page: IJupyterLabPageFixture, index: number) {
  await page.notebook.selectCells(index);
  await page.keyboard.press('Enter');
  await page.getByText('Mode: Edit', { exact: true }).waitFor();
}

/** Put the cursor in a cell's editor, at its end. */
async function editAtEnd(page: IJupyterLabPageFixture, index: number) {
  await enterEditor(page, index);
  await page.keyboard.press('Control+End');
}

/** Back to command mode (JupyterLab's Escape). */
async function commandMode(page: IJupyterLabPageFixture) {
  await page.keyboard.press('Escape');
}

/** The cells that have a change in some branch (ids). */
function changedCells(state: IPageState): Set<string> {
  return new Set(state.branches.flatMap(b => b.changes.map(c => c.cellId)));
}

/** An edit of the user's: in their branch when suggesting. */
function editEffect(
  user: IUser,
  state: IPageState,
  text: string,
  cells: string[] | '*'
): IEffect {
  return {
    text: `${user.name} [${modeOf(user)}] ${text}`,
    changesNotebook: !user.suggesting,
    erases: user.suggesting ? [{ author: authorOf(state), cells }] : []
  };
}

const typeText: IAction = {
  name: 'type',
  weight: 6,
  second: true,
  applies: (_, state) => state.shown.length > 0,
  run: async (user, state, ctx) => {
    const page = user.page;
    const index = int(ctx, state.shown.length);
    const marker = ctx.marker(user);
    const where = pick(ctx, ['end', 'new line', 'start', 'line end']);
    await enterEditor(page, index);
    let typed: string;
    if (where === 'start') {
      await page.keyboard.press('Control+Home');
      typed = `${marker} `;
    } else if (where === 'line end') {
      await page.keyboard.press('Control+Home');
      const lines = state.shown[index].source.split('\n').length;
      for (let k = int(ctx, lines); k > 0; k--) {
        await page.keyboard.press('ArrowDown');
      }
      await page.keyboard.press('End');
      typed = ` ${marker}`;
    } else {
      await page.keyboard.press('Control+End');
      typed = where === 'end' ? ` ${marker}` : `\n${marker}`;
    }
    await page.keyboard.type(typed);
    await commandMode(page);
    return {
      ...editEffect(
        user,
        state,
        `types ${JSON.stringify(typed)} at ${where} of ${describe(state, index)}`,
        []
      ),
      typed: {
        marker,
        cellId: state.shown[index].id,
        suggesting: user.suggesting
      }
    };
  }
};

const deleteText: IAction = {
  name: 'delete text',
  weight: 2,
  second: true,
  applies: (_, state) => state.shown.some(c => c.source.length > 0),
  run: async (user, state, ctx) => {
    const page = user.page;
    const candidates = state.shown
      .map((c, i) => (c.source.length ? i : -1))
      .filter(i => i >= 0);
    const index = pick(ctx, candidates);
    let how: string;
    if (ctx.random() < 0.6) {
      const count = 1 + int(ctx, 8);
      await editAtEnd(page, index);
      for (let k = 0; k < count; k++) {
        await page.keyboard.press('Backspace');
      }
      how = `Backspace ×${count} at the end of`;
    } else {
      await enterEditor(page, index);
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('Shift+End');
      await page.keyboard.press('Delete');
      how = 'deletes the first line of';
    }
    await commandMode(page);
    return editEffect(user, state, `${how} ${describe(state, index)}`, [
      state.shown[index].id
    ]);
  }
};

const insertCell: IAction = {
  name: 'insert cell',
  weight: 2,
  second: true,
  run: async (user, state, ctx) => {
    const page = user.page;
    const key = pick(ctx, ['a', 'b']);
    const marker = ctx.marker(user);
    let at = 'in the empty notebook';
    if (state.shown.length) {
      const index = int(ctx, state.shown.length);
      await page.notebook.selectCells(index);
      at = `${key === 'a' ? 'below' : 'above'} ${describe(state, index)}`;
      await page.keyboard.press(key);
    } else {
      await page.notebook.addCell('code', '');
    }
    await page.keyboard.press('Enter');
    await page.keyboard.type(marker);
    await commandMode(page);
    return {
      ...editEffect(user, state, `inserts a cell ${at}, types ${marker}`, []),
      typed: { marker, cellId: null, suggesting: user.suggesting }
    };
  }
};

const deleteCell: IAction = {
  name: 'delete cell',
  weight: 1,
  second: true,
  applies: (_, state) => state.shown.length > 1,
  run: async (user, state, ctx) => {
    const page = user.page;
    const index = int(ctx, state.shown.length);
    await page.notebook.selectCells(index);
    await page.keyboard.press('d');
    await page.keyboard.press('d');
    return editEffect(user, state, `deletes ${describe(state, index)} (dd)`, [
      state.shown[index].id
    ]);
  }
};

/** Nothing to do: the action does not apply after all. */
function skipped(user: IUser, what: string): IEffect {
  return {
    text: `${user.name} ${what}`,
    changesNotebook: false,
    erases: [],
    skipped: true
  };
}

const moveCell: IAction = {
  name: 'move cell',
  weight: 1,
  applies: (_, state) => state.shown.length > 1,
  run: async (user, state, ctx) => {
    const page = user.page;
    const index = int(ctx, state.shown.length);
    const down =
      index === 0 || (index < state.shown.length - 1 && ctx.random() < 0.5);
    await page.notebook.selectCells(index);
    const command = down ? 'notebook:move-cell-down' : 'notebook:move-cell-up';
    await page.evaluate(
      (id: string) => (window as any).jupyterapp.commands.execute(id),
      command
    );
    return editEffect(user, state, `${command} on ${describe(state, index)}`, [
      state.shown[index].id
    ]);
  }
};

const retypeCell: IAction = {
  name: 'retype cell',
  weight: 1,
  second: true,
  applies: (_, state) => state.shown.length > 0,
  run: async (user, state, ctx) => {
    const page = user.page;
    const index = int(ctx, state.shown.length);
    const key = state.shown[index].type === 'code' ? 'm' : 'y';
    await page.notebook.selectCells(index);
    await page.keyboard.press(key);
    return editEffect(
      user,
      state,
      `presses ${key} on ${describe(state, index)}`,
      [state.shown[index].id]
    );
  }
};

const toggleMode: IAction = {
  name: 'toggle mode',
  // Suggesting mode is what is under test: into it often, out of it less.
  weight: user => (user.suggesting ? 1 : 5),
  second: true,
  run: async (user, state, ctx) => {
    const page = user.page;
    if (state.shown.length) {
      await page.notebook.selectCells(int(ctx, state.shown.length));
    }
    await page.keyboard.press('Control+Alt+s');
    user.suggesting = !user.suggesting;
    return {
      text: `${user.name} presses Ctrl+Alt+S: now ${modeOf(user)}`,
      changesNotebook: false,
      erases: []
    };
  }
};

/** The effect of accepting or rejecting `cells` of `author`'s suggestion. */
function reviewEffect(
  user: IUser,
  accept: boolean,
  text: string,
  author: string,
  cells: string[] | '*'
): IEffect {
  return {
    text: `${user.name} [${modeOf(user)}] ${text}`,
    changesNotebook: accept,
    // A reject takes the chains that build on the rejected ones along (its
    // closure), in any cell, but only of the same suggestion.
    erases: accept ? [] : [{ author, cells: '*' }],
    accepts: accept ? { author, cells } : undefined
  };
}

const panelReview: IAction = {
  name: 'panel review',
  weight: 3,
  second: true,
  applies: (_, state) => state.summaryChangeIds.length > 0,
  run: async (user, state, ctx) => {
    const page = user.page;
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('coauthor:open-suggestions')
    );
    const panel = page.locator('#jp-coauthor-suggestions');
    await panel.locator('.jp-coauthor-Change').first().waitFor();
    const accept = ctx.random() < 0.5;
    const kind = accept ? 'accept' : 'reject';
    const scope = pick(ctx, ['change', 'change', 'suggestion', 'all']);
    const authorOfBranch = (branchId: string) =>
      state.branches.find(b => b.id === branchId)?.authorId ?? '*';
    if (scope === 'change') {
      const cards = panel.locator('.jp-coauthor-Change');
      const count = await cards.count();
      const card = cards.nth(int(ctx, count));
      const changeId = (await card.getAttribute('data-change-id')) ?? '';
      const cellId = (await card.getAttribute('data-cell-id')) ?? '';
      const branchId = changeId.slice(0, changeId.indexOf('/'));
      const button = card.locator(`.jp-coauthor-${kind}`);
      // A change in conflict cannot be accepted: its Accept is disabled.
      if (await button.isDisabled()) {
        return skipped(user, `finds Accept disabled on ${changeId} (conflict)`);
      }
      await button.click();
      return reviewEffect(
        user,
        accept,
        `clicks ${kind} on the panel's change ${changeId}`,
        authorOfBranch(branchId),
        [cellId]
      );
    }
    if (scope === 'suggestion') {
      const sections = panel.locator('.jp-coauthor-Suggestion');
      const count = await sections.count();
      const section = sections.nth(int(ctx, count));
      const branchId = (await section.getAttribute('data-branch-id')) ?? '';
      const button = section.locator(
        `.jp-coauthor-Suggestion-head .jp-coauthor-${kind}`
      );
      if (await button.isDisabled()) {
        return skipped(
          user,
          `finds Accept disabled on ${branchId} (conflicts)`
        );
      }
      await button.click();
      return reviewEffect(
        user,
        accept,
        `clicks ${kind} on the panel's suggestion ${branchId}`,
        authorOfBranch(branchId),
        '*'
      );
    }
    const all = panel.locator(
      `.jp-coauthor-SuggestionsPanel-all .jp-coauthor-${kind}`
    );
    if (await all.isDisabled()) {
      return skipped(user, 'finds Accept all disabled (all in conflict)');
    }
    await all.click();
    return reviewEffect(
      user,
      accept,
      `clicks ${accept ? 'Accept all' : 'Reject all'} in the panel`,
      '*',
      '*'
    );
  }
};

const inlineReview: IAction = {
  name: 'inline review',
  weight: 2,
  second: true,
  applies: (_, state) => state.summaryChangeIds.length > 0,
  run: async (user, state, ctx) => {
    const page = user.page;
    const accept = ctx.random() < 0.5;
    const kind = accept ? 'accept' : 'reject';
    // Only those a person can see (not in a rendered Markdown cell's
    // hidden editor).
    const buttons = page.locator(
      `.jp-Notebook .jp-coauthor-${kind}-button:visible:not(:disabled)`
    );
    const count = await buttons.count();
    if (!count) {
      return skipped(user, `finds no inline ${kind} button`);
    }
    const button = buttons.nth(int(ctx, count));
    // The cell it sits in, and whose change it is: the marks show the
    // user's own suggestion in suggesting mode, the first suggestion that
    // edits the cell's text while editing.
    const cellIndex = await button.evaluate(node =>
      (window as any).jupyterapp.shell.currentWidget.content.widgets.findIndex(
        (w: any) => w.node.contains(node)
      )
    );
    const cellId = state.shown[cellIndex]?.id ?? '';
    const branch = user.suggesting
      ? state.branches.find(b => b.authorId === state.userId)
      : state.branches.find(b =>
          b.changes.some(c => c.cellId === cellId && c.kinds.includes('source'))
        );
    await button.click();
    return reviewEffect(
      user,
      accept,
      `clicks the inline ${accept ? '✓' : '✗'} in cell ${cellIndex} ("${cellId}")`,
      branch?.authorId ?? '*',
      [cellId]
    );
  }
};

const keyboardReview: IAction = {
  name: 'keyboard review',
  weight: 2,
  second: true,
  applies: (_, state) => state.summaryChangeIds.length > 0,
  run: async (user, state, ctx) => {
    const page = user.page;
    const changed = changedCells(state);
    const candidates = state.shown
      .map((c, i) => (changed.has(c.id) ? i : -1))
      .filter(i => i >= 0);
    // Mostly a cell with a change; sometimes any cell.
    const index =
      candidates.length && ctx.random() < 0.8
        ? pick(ctx, candidates)
        : int(ctx, Math.max(1, state.shown.length));
    if (!state.shown.length) {
      return skipped(user, 'has no cell for Ctrl+Alt+A/R');
    }
    const accept = ctx.random() < 0.5;
    await page.notebook.selectCells(index);
    await page.keyboard.press(accept ? 'Control+Alt+a' : 'Control+Alt+r');
    return reviewEffect(
      user,
      accept,
      `presses ${accept ? 'Ctrl+Alt+A' : 'Ctrl+Alt+R'} on ${describe(state, index)}`,
      '*',
      [state.shown[index].id]
    );
  }
};

const reviewAll: IAction = {
  name: 'accept/reject all',
  weight: 1,
  applies: (_, state) => state.summaryChangeIds.length > 0,
  run: async (user, _state, ctx) => {
    const accept = ctx.random() < 0.5;
    const command = accept ? 'coauthor:accept-all' : 'coauthor:reject-all';
    await user.page.evaluate(
      (id: string) => (window as any).jupyterapp.commands.execute(id),
      command
    );
    return reviewEffect(user, accept, `runs ${command}`, '*', '*');
  }
};

const undoRedo: IAction = {
  name: 'undo/redo',
  weight: 2,
  second: true,
  applies: (_, state) => state.shown.length > 0,
  run: async (user, state, ctx) => {
    const page = user.page;
    const redo = ctx.random() < 0.35;
    const inEditor = ctx.random() < 0.6;
    const index = int(ctx, state.shown.length);
    let text: string;
    if (inEditor) {
      await editAtEnd(page, index);
      await page.keyboard.press(redo ? 'Control+Shift+z' : 'Control+z');
      await commandMode(page);
      text = `presses ${redo ? 'Ctrl+Shift+Z' : 'Ctrl+Z'} in ${describe(state, index)}`;
    } else {
      await page.notebook.selectCells(index);
      await page.keyboard.press(redo ? 'Shift+Z' : 'z');
      text = `presses ${redo ? 'Shift+Z' : 'z'} in command mode`;
    }
    return {
      ...editEffect(
        user,
        state,
        text,
        inEditor ? [state.shown[index].id] : '*'
      ),
      undo: redo ? 'redo' : 'undo'
    };
  }
};

const saveAndReopen: IAction = {
  name: 'save and reopen',
  weight: 1,
  run: async (user, state, ctx) => {
    const page = user.page;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+s');
    await page.waitForFunction(
      () => !(window as any).jupyterapp.shell.currentWidget.context.model.dirty
    );
    await page.notebook.close(false);
    await page.notebook.openByPath(ctx.path);
    await page.notebook.activate(ctx.path.split('/').pop()!);
    user.suggesting = false;
    return {
      text: `${user.name} presses Ctrl+S, closes the notebook and opens it again`,
      changesNotebook: false,
      erases: [],
      reopened: true
    };
  }
};

/** Every action, with its weight. */
export const ACTIONS: IAction[] = [
  typeText,
  deleteText,
  insertCell,
  deleteCell,
  moveCell,
  retypeCell,
  toggleMode,
  panelReview,
  inlineReview,
  keyboardReview,
  reviewAll,
  undoRedo,
  saveAndReopen
];

/** Choose an action that applies, by weight. */
export function chooseAction(
  ctx: IActionContext,
  user: IUser,
  state: IPageState,
  second: boolean
): IAction {
  const candidates = ACTIONS.filter(
    a => (!second || a.second) && (!a.applies || a.applies(user, state))
  );
  const weight = (a: IAction) =>
    typeof a.weight === 'number' ? a.weight : a.weight(user);
  const total = candidates.reduce((n, a) => n + weight(a), 0);
  let roll = ctx.random() * total;
  for (const action of candidates) {
    roll -= weight(action);
    if (roll < 0) {
      return action;
    }
  }
  return candidates[candidates.length - 1];
}
