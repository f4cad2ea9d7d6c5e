/**
 * A seeded randomized test of suggesting mode in the browser (issue 10), the
 * UI counterpart of src/core/suggestions/__tests__/random.spec.ts: every edit
 * made in suggesting mode is recorded in the user's suggestion, or refused
 * with a visible message; never dropped.
 *
 * Each run opens the example notebook and makes a few dozen random actions,
 * as a person makes them (random-ui/actions.ts): typing and deleting text,
 * inserting, deleting, moving and retyping cells, switching the mode
 * (Ctrl+Alt+S), accepting and rejecting through the panel (per change, per
 * suggestion, all), the inline ✓/✗ beside the marks, Ctrl+Alt+A/R and the
 * accept-all/reject-all commands, undo and redo (in the editor and in
 * command mode), and Ctrl+S with a close and a reopen. With collaboration a
 * second user (Bob, in a second browser context) does most of the same.
 * Every typing leaves a unique marker (`#A12;`) so that what becomes of it
 * can be followed. After every action the invariants of
 * random-ui/invariants.ts must hold, and the page must have logged no error
 * of ours.
 *
 * A failure prints the seed, every action so far and the broken invariant.
 * Variables:
 * - `COAUTHOR_UI_FUZZ_SEED=<n>`: replay one seed;
 * - `COAUTHOR_UI_FUZZ_RUNS=<n>` seeds from `COAUTHOR_UI_FUZZ_FROM=<first>`
 *   (default: the CI set below);
 * - `COAUTHOR_UI_FUZZ_STEPS=<n>`: actions per run (default 30);
 * - `COAUTHOR_UI_FUZZ_TRACE=1`: print each action as it is done.
 *
 *   cd ui-tests && COAUTHOR_COLLAB=1 COAUTHOR_UI_FUZZ_RUNS=20 \
 *     COAUTHOR_UI_FUZZ_FROM=100 npx playwright test tests/random-ui.spec.ts
 */
import { IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { COLLABORATIVE, openExample, openSecondUser } from './helpers';
import {
  chooseAction,
  IActionContext,
  IEffect,
  IUser,
  prng
} from './random-ui/actions';
import { checkInvariants, IMarker, isOurs } from './random-ui/invariants';
import { IPageState, stableState } from './random-ui/state';

/**
 * The seeds CI runs: as many as take about three minutes per configuration
 * on a slow machine, each seen passing. Solo seed 14 found a suggestion in
 * conflict lost on save and reopen (fixed: conflicts are saved).
 */
const CI_SEEDS = COLLABORATIVE ? [1, 2, 3, 4] : [11, 12, 13, 14, 15, 16, 17];

const STEPS = Number(process.env.COAUTHOR_UI_FUZZ_STEPS || 30);
/** Longer than Y.UndoManager's captureTimeout (500 ms). */
const UNDO_CAPTURE_MS = 600;
/** With COAUTHOR_UI_FUZZ_TRACE=1, each action is printed as it is done. */
const TRACE = !!process.env.COAUTHOR_UI_FUZZ_TRACE;

function seeds(): number[] {
  if (process.env.COAUTHOR_UI_FUZZ_SEED) {
    return [Number(process.env.COAUTHOR_UI_FUZZ_SEED)];
  }
  if (process.env.COAUTHOR_UI_FUZZ_RUNS || process.env.COAUTHOR_UI_FUZZ_FROM) {
    const from = Number(process.env.COAUTHOR_UI_FUZZ_FROM || 1000);
    const runs = Number(process.env.COAUTHOR_UI_FUZZ_RUNS || 10);
    return Array.from({ length: runs }, (_, i) => from + i);
  }
  return CI_SEEDS;
}

/** Collect a page's console errors and uncaught exceptions. */
function watchErrors(page: IJupyterLabPageFixture, into: string[]): void {
  page.on('console', message => {
    if (message.type() === 'error') {
      into.push(message.text());
    }
  });
  page.on('pageerror', error => into.push(String(error)));
}

/** Every user's settled state, with collaboration once the replicas agree. */
async function readAll(users: IUser[]): Promise<Map<string, IPageState>> {
  const deadline = Date.now() + 10000;
  for (;;) {
    const states = new Map<string, IPageState>();
    for (const user of users) {
      const state = await stableState(user.page);
      states.set(state.userId, state);
    }
    const all = [...states.values()];
    const agree = all.every(
      s =>
        JSON.stringify(s.notebook) === JSON.stringify(all[0].notebook) &&
        s.summaryChangeIds.join() === all[0].summaryChangeIds.join()
    );
    if (agree || Date.now() > deadline) {
      return states;
    }
    await users[0].page.waitForTimeout(200);
  }
}

test.describe('randomized suggesting and review', () => {
  for (const seed of seeds()) {
    test(`seed ${seed}`, async ({
      page,
      browser,
      baseURL,
      tmpPath,
      waitForApplication
    }) => {
      test.setTimeout(90000 + STEPS * 10000);
      const errors: string[] = [];
      watchErrors(page, errors);
      // An action that cannot be done (a button that never shows) fails
      // fast, with the actions so far, instead of at the test's timeout.
      page.setDefaultTimeout(20000);
      const path = await openExample(page, tmpPath);
      // With collaboration the server writes the shared document to disk by
      // itself, and a Ctrl+S can meet that write ("File Changed"): answer
      // the dialog as openSecondUser does for the second user.
      await page.evaluate(() => {
        (window as any).galataip.on('dialog', (d: any) => d?.resolve());
      });
      const users: IUser[] = [{ name: 'A', id: '', page, suggesting: false }];
      if (COLLABORATIVE) {
        const bob = await openSecondUser({
          browser,
          baseURL: baseURL!,
          waitForApplication,
          tmpPath,
          name: 'Bob'
        });
        watchErrors(bob, errors);
        bob.setDefaultTimeout(20000);
        await bob.notebook.openByPath(path);
        await bob.notebook.activate('demo.ipynb');
        users.push({ name: 'B', id: '', page: bob, suggesting: false });
      }
      // The Suggestions panel open beside the notebook, as a reviewer keeps
      // it: the invariants compare what it lists after every action (a
      // hidden panel does not render; panel-hidden.spec.ts covers that).
      for (const user of users) {
        await user.page.evaluate(() =>
          (window as any).jupyterapp.commands.execute(
            'coauthor:open-suggestions'
          )
        );
        await user.page.notebook.activate('demo.ipynb');
      }
      const random = prng(seed);
      let markers = 0;
      const ctx: IActionContext = {
        random,
        marker: user => `#${user.name}${++markers};`,
        path
      };
      const log: string[] = [];
      const tracked: IMarker[] = [];
      const others = new Set<string>();
      const fail = (what: string[]) => {
        const report = [
          `randomized UI test: seed ${seed} (${COLLABORATIVE ? 'collab' : 'solo'}) broke after ${log.length} actions:`,
          ...log.map((line, i) => `  ${i + 1}. ${line}`),
          'broken:',
          ...what.map(p => `  - ${p}`),
          `replay: COAUTHOR_COLLAB=${COLLABORATIVE ? 1 : 0} COAUTHOR_UI_FUZZ_SEED=${seed} COAUTHOR_UI_FUZZ_STEPS=${STEPS} npx playwright test tests/random-ui.spec.ts`
        ].join('\n');
        console.log(report);
        throw new Error(report);
      };

      try {
        let before = await readAll(users);
        let lastAction = 0;
        const ids = [...before.keys()];
        users.forEach((user, i) => (user.id = ids[i]));
        for (let step = 0; step < STEPS; step++) {
          const user = users.length > 1 && random() < 0.3 ? users[1] : users[0];
          const id = user.id;
          // Edits less than Yjs's capture timeout (500 ms) apart are undone
          // together: keep the actions further apart than that, so that
          // what an undo takes back does not depend on the machine's speed.
          await user.page.waitForTimeout(
            Math.max(0, UNDO_CAPTURE_MS - (Date.now() - lastAction))
          );
          const action = chooseAction(
            ctx,
            user,
            before.get(id)!,
            user !== users[0]
          );
          let effect: IEffect;
          try {
            effect = await action.run(user, before.get(id)!, ctx);
          } catch (reason) {
            log.push(`${user.name}: ${action.name} (failed to perform)`);
            fail([`the action could not be performed: ${reason}`]);
            return;
          }
          lastAction = Date.now();
          log.push(effect.text);
          if (TRACE) {
            console.log(`seed ${seed} ${step + 1}. ${effect.text}`);
          }
          const after = await readAll(users);
          const problems = checkInvariants({
            effect,
            before,
            after,
            suggesting: new Map(users.map(u => [u.id, u.suggesting])),
            actor: id,
            markers: tracked
          });
          for (const error of errors.splice(0)) {
            if (isOurs(error)) {
              problems.push(`console error: ${error}`);
            } else {
              others.add(error);
            }
          }
          if (problems.length) {
            fail(problems);
          }
          before = after;
        }
      } finally {
        if (others.size) {
          console.log(
            `seed ${seed}: other console errors (not ours):\n  ${[...others].join('\n  ')}`
          );
        }
        for (const user of users.slice(1)) {
          await user.page.context().close();
        }
      }
    });
  }
});
