/**
 * The details of reviewing suggestions: the keyboard shortcuts, who made a
 * mark and when, the bad cases (a cell deleted in the notebook, a cell
 * changed on disk, two people accepting the same change at once), and
 * contrast in the light, dark and high-contrast themes.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import {
  activeCellIndex,
  cellSource,
  COLLABORATIVE,
  openExample,
  openSecondUser,
  readNotebookFile,
  run,
  screenshotPath,
  sources,
  typeAtEnd
} from './helpers';

const panel = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-coauthor-suggestions');

const rows = (page: IJupyterLabPageFixture) =>
  panel(page).locator('.jp-coauthor-Change');

/** The warning toasts JupyterLab shows (`Notification.warning`). */
const warnings = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-Notification-Toast-warning');

/** The display name of the page's user (Galata's mock user). */
async function userName(page: IJupyterLabPageFixture): Promise<string> {
  return page.evaluate(
    () => (window as any).jupyterapp.serviceManager.user.identity.display_name
  );
}

/** How many times `needle` occurs in `text`. */
function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/**
 * Open the example and suggest a line at the end of cell 3, then of cell 5,
 * in suggesting mode; back in editing mode with the panel open. Returns the
 * notebook's sources before.
 */
async function suggestInCells3And5(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<string[]> {
  await openExample(page, tmpPath);
  const before = await sources(page);
  await run(page, 'coauthor:toggle-suggesting');
  await typeAtEnd(page, 2, '\nprint(areas)');
  await typeAtEnd(page, 4, '\nprint(squares)');
  await run(page, 'coauthor:toggle-suggesting');
  await run(page, 'coauthor:open-suggestions');
  await expect(rows(page)).toHaveCount(2);
  return before;
}

test.describe('keyboard review', () => {
  test('Ctrl+Alt+N/P go from suggestion to suggestion, Ctrl+Alt+A/R accept and reject the active cell', async ({
    page,
    tmpPath
  }) => {
    const before = await suggestInCells3And5(page, tmpPath);
    expect(await sources(page)).toEqual(before);

    // From the first cell, in command mode: next, next, and round again.
    await page.notebook.selectCells(0);
    expect(await activeCellIndex(page)).toBe(0);
    await page.keyboard.press('Control+Alt+n');
    await expect.poll(() => activeCellIndex(page)).toBe(2);
    await page.keyboard.press('Control+Alt+n');
    await expect.poll(() => activeCellIndex(page)).toBe(4);
    await page.keyboard.press('Control+Alt+n');
    await expect.poll(() => activeCellIndex(page)).toBe(2);
    // Previous from the first suggested cell goes round to the last one.
    await page.keyboard.press('Control+Alt+p');
    await expect.poll(() => activeCellIndex(page)).toBe(4);
    await page.keyboard.press('Control+Alt+p');
    await expect.poll(() => activeCellIndex(page)).toBe(2);
    // From a cell between them.
    await page.notebook.selectCells(3);
    await page.keyboard.press('Control+Alt+p');
    await expect.poll(() => activeCellIndex(page)).toBe(2);
    await page.notebook.selectCells(3);
    await page.keyboard.press('Control+Alt+n');
    await expect.poll(() => activeCellIndex(page)).toBe(4);
    // Moving around changed nothing.
    await expect(rows(page)).toHaveCount(2);
    expect(await sources(page)).toEqual(before);

    // Accept on the active cell: only that cell changes.
    await page.keyboard.press('Control+Alt+p');
    await expect.poll(() => activeCellIndex(page)).toBe(2);
    await page.keyboard.press('Control+Alt+a');
    const accepted = [
      ...before.slice(0, 2),
      `${before[2]}\nprint(areas)`,
      ...before.slice(3)
    ];
    await expect.poll(() => sources(page)).toEqual(accepted);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page)).toHaveAttribute('data-cell-id', 'squares');

    // Next goes to the one left; reject it there.
    await page.keyboard.press('Control+Alt+n');
    await expect.poll(() => activeCellIndex(page)).toBe(4);
    await page.keyboard.press('Control+Alt+r');
    await expect(rows(page)).toHaveCount(0);
    expect(await sources(page)).toEqual(accepted);
    await expect(page.locator('.jp-coauthor-ghost')).toHaveCount(0);
    await expect(warnings(page)).toHaveCount(0);

    // With no suggestion left, the shortcuts do nothing.
    await page.keyboard.press('Control+Alt+p');
    expect(await activeCellIndex(page)).toBe(4);
  });

  test('accepting the active cell leaves the earlier suggestions on other cells alone', async ({
    page,
    tmpPath
  }) => {
    const before = await suggestInCells3And5(page, tmpPath);

    // Accept cell 5 (the later edit): cell 3 keeps its suggestion.
    await page.notebook.selectCells(4);
    await page.keyboard.press('Control+Alt+a');
    await expect
      .poll(() => page.notebook.getCellTextInput(4))
      .toBe(`${before[4]}\nprint(squares)`);
    expect(await page.notebook.getCellTextInput(2)).toBe(before[2]);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page)).toHaveAttribute('data-cell-id', 'area-list');
    await expect(warnings(page)).toHaveCount(0);
  });

  test('rejecting the active cell keeps the later suggestions on other cells', async ({
    page,
    tmpPath
  }) => {
    const before = await suggestInCells3And5(page, tmpPath);

    // Reject cell 3 (the earlier edit): cell 5 keeps its suggestion.
    await page.notebook.selectCells(2);
    await page.keyboard.press('Control+Alt+r');
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page)).toHaveAttribute('data-cell-id', 'squares');
    expect(await sources(page)).toEqual(before);
    await expect(warnings(page)).toHaveCount(0);
  });
});

test.describe('who and when', () => {
  test('hovering a mark shows its author and the time of the edit', async ({
    page,
    tmpPath
  }) => {
    await openExample(page, tmpPath);
    const name = await userName(page);
    const start = Date.now();
    await run(page, 'coauthor:toggle-suggesting');
    await typeAtEnd(page, 2, '\nprint(areas)');
    // Remove the last line of the last cell.
    await page.notebook.enterCellEditingMode(4);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');
    const end = Date.now();

    /**
     * Hover `target` and read the title the hovered element (or the nearest
     * ancestor with one) carries: what the browser shows as its tooltip.
     */
    const hoveredTitle = async (target: ReturnType<typeof page.locator>) => {
      await target.hover();
      return page.evaluate(() => {
        const hovered = [...document.querySelectorAll(':hover')].pop();
        return hovered?.closest('[title]')?.getAttribute('title') ?? null;
      });
    };

    /** Whether `title` is "Suggested by <name> · <a time between start and end>". */
    const check = async (title: string | null) => {
      const prefix = `Suggested by ${name} · `;
      expect(title).not.toBeNull();
      expect(title!.startsWith(prefix)).toBe(true);
      const when = title!.slice(prefix.length);
      const matches = await page.evaluate(
        ({ when, start, end }) => {
          // toLocaleString drops the milliseconds: try every second.
          for (let t = Math.floor(start / 1000) * 1000; t <= end; t += 1000) {
            if (new Date(t).toLocaleString() === when) {
              return true;
            }
          }
          return false;
        },
        { when, start, end }
      );
      expect(matches, `"${when}" is not between the edits' start and end`).toBe(
        true
      );
    };

    // Suggesting mode: the added text is marked in the text, the removed
    // line is a ghost.
    const inserted = page.locator(
      '.jp-Cell .cm-content .jp-coauthor-inserted:not(.jp-coauthor-ghost)'
    );
    // One mark, drawn as a span per syntax token.
    expect((await inserted.allTextContents()).join('')).toBe('print(areas)');
    const titles = new Set(
      await inserted.evaluateAll(marks =>
        marks.map(m => m.getAttribute('title'))
      )
    );
    expect(titles.size).toBe(1);
    await check(await hoveredTitle(inserted.first()));
    await check(await hoveredTitle(inserted.last()));
    const ghostRemoved = page.locator('.jp-coauthor-ghost.jp-coauthor-removed');
    await expect(ghostRemoved).toHaveCount(1);
    expect(await ghostRemoved.evaluate(e => e.textContent)).toBe('\nsquares');
    await check(await hoveredTitle(ghostRemoved));

    // Editing mode: the other way round.
    await run(page, 'coauthor:toggle-suggesting');
    const ghostInserted = page.locator(
      '.jp-coauthor-ghost.jp-coauthor-inserted'
    );
    await expect(ghostInserted).toHaveCount(1);
    expect(await ghostInserted.evaluate(e => e.textContent)).toBe(
      '\nprint(areas)'
    );
    await check(await hoveredTitle(ghostInserted));
    const removed = page.locator(
      '.jp-Cell .cm-content .jp-coauthor-removed:not(.jp-coauthor-ghost)'
    );
    expect((await removed.allTextContents()).join('')).toBe('squares');
    await check(await hoveredTitle(removed.first()));

    // The buttons beside the marks say whose suggestion they act on.
    for (const kind of ['Accept', 'Reject']) {
      const buttons = page.locator(
        `.jp-coauthor-review-buttons .jp-coauthor-${kind.toLowerCase()}-button`
      );
      await expect(buttons).toHaveCount(2);
      expect(
        await buttons.evaluateAll(all => all.map(b => b.getAttribute('title')))
      ).toEqual([`${kind} (${name})`, `${kind} (${name})`]);
    }

    // The panel names the author too.
    await run(page, 'coauthor:open-suggestions');
    await expect(
      panel(page).locator('.jp-coauthor-Suggestion-author')
    ).toHaveText(name);
  });
});

test.describe('bad cases lose nothing', () => {
  test('a suggestion on a cell deleted in the notebook is a conflict, and accepting it is refused', async ({
    page,
    tmpPath
  }) => {
    const path = await openExample(page, tmpPath);
    const original = await sources(page);
    await run(page, 'coauthor:toggle-suggesting');
    await typeAtEnd(page, 2, '\nprint(areas)');
    await run(page, 'coauthor:toggle-suggesting');
    await run(page, 'coauthor:open-suggestions');
    await expect(rows(page)).toHaveCount(1);
    await expect(
      rows(page).locator('.jp-coauthor-Change-conflict')
    ).toHaveCount(0);

    // Someone deletes the cell in the notebook itself.
    await page.notebook.selectCells(2);
    await page.keyboard.press('d');
    await page.keyboard.press('d');
    const expected = [...original.slice(0, 2), ...original.slice(3)];
    await expect.poll(() => sources(page)).toEqual(expected);

    // The panel says what happened.
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toHaveClass(/jp-mod-conflict/);
    await expect(rows(page).locator('.jp-coauthor-Change-conflict')).toHaveText(
      'conflict: the cell was deleted in the notebook'
    );

    // Accepting the change is refused before a click: its Accept, the
    // suggestion's and Accept all are disabled, the reason as the tooltip.
    const reason = 'conflict: the cell was deleted in the notebook';
    await expect(rows(page).locator('.jp-coauthor-accept')).toBeDisabled();
    await expect(rows(page).locator('.jp-coauthor-accept')).toHaveAttribute(
      'title',
      reason
    );
    await expect(
      panel(page).locator(
        '.jp-coauthor-SuggestionsPanel-all .jp-coauthor-accept'
      )
    ).toBeDisabled();
    // From the keyboard (the command) it is still refused, and says why.
    await run(page, 'coauthor:accept-all');
    await expect(warnings(page)).toHaveCount(1);
    await expect(warnings(page)).toContainText(
      `Some changes could not be accepted: ${reason}`
    );
    expect(await sources(page)).toEqual(expected);
    await expect(rows(page)).toHaveCount(1);

    // Nothing came back in the saved file either.
    await page.notebook.save();
    const saved = await readNotebookFile(page, path);
    expect(
      saved.cells.map((_: unknown, i: number) => cellSource(saved, i))
    ).toEqual(expected);

    // Rejecting it clears it, and leaves the notebook as it is.
    await rows(page).locator('.jp-coauthor-reject').click();
    await expect(rows(page)).toHaveCount(0);
    expect(await sources(page)).toEqual(expected);
  });

  test('a suggestion whose cell changed on disk comes back as a conflict with nothing applied', async ({
    page,
    tmpPath
  }) => {
    const path = await openExample(page, tmpPath);
    await run(page, 'coauthor:toggle-suggesting');
    await typeAtEnd(page, 2, '\nprint(areas)');
    await run(page, 'coauthor:toggle-suggesting');
    await page.notebook.save();
    const saved = await readNotebookFile(page, path);
    const records = saved.metadata.coauthor.suggestions.branches;
    expect(records).toHaveLength(1);
    expect(records[0].cells.map((c: any) => c.cellId)).toEqual(['area-list']);
    await page.notebook.close(true);

    // The cell is rewritten on disk: the line the suggestion edits is gone.
    const onDisk =
      'areas = [circle_area(r) for r in range(2, 8)]\ntotal = sum(areas)\ntotal';
    await page.evaluate(
      async ({ path, onDisk }) => {
        const contents = (window as any).jupyterapp.serviceManager.contents;
        const model = await contents.get(path, { content: true });
        const cell = model.content.cells.find((c: any) => c.id === 'area-list');
        cell.source = onDisk;
        await contents.save(path, {
          type: 'notebook',
          format: 'json',
          content: model.content
        });
      },
      { path, onDisk }
    );
    expect(cellSource(await readNotebookFile(page, path), 2)).toBe(onDisk);

    await page.notebook.openByPath(path);
    await page.notebook.activate('demo.ipynb');
    await run(page, 'coauthor:open-suggestions');
    const others = saved.cells.map((_: unknown, i: number) =>
      cellSource(saved, i)
    );
    const expected = [...others.slice(0, 2), onDisk, ...others.slice(3)];

    // The change shows as a conflict; nothing of it was applied. Without
    // collaboration, the suggestion comes back from the file's metadata and
    // its base is not the cell's text any more. With it, the live document
    // (still open on the server) loads the file from disk: the cell's text
    // is cleared and the new one inserted, around the suggested line, which
    // has lost its place in the text.
    const conflict = COLLABORATIVE
      ? 'conflict: the cell was rewritten in the notebook'
      : 'conflict: the cell changed on disk';
    await expect(rows(page)).toHaveCount(1, { timeout: 15000 });
    await expect(rows(page).locator('.jp-coauthor-Change-conflict')).toHaveText(
      conflict
    );
    const name = await userName(page);
    await expect(page.locator('.jp-Notebook .jp-Cell').nth(2)).toHaveAttribute(
      'data-coauthor-label',
      `${conflict} — suggested by ${name}`
    );
    expect(await sources(page)).toEqual(expected);
    if (!COLLABORATIVE) {
      // Nor in the suggestion itself: it was not replayed.
      await expect(page.locator('.jp-coauthor-ghost')).toHaveCount(0);
      await run(page, 'coauthor:toggle-suggesting');
      expect(await sources(page)).toEqual(expected);
      await run(page, 'coauthor:toggle-suggesting');
    }

    // Accepting is refused and says why: on the disabled button, and from
    // the command.
    await expect(rows(page).locator('.jp-coauthor-accept')).toBeDisabled();
    await expect(rows(page).locator('.jp-coauthor-accept')).toHaveAttribute(
      'title',
      conflict
    );
    await run(page, 'coauthor:accept-all');
    await expect(warnings(page)).toHaveCount(1);
    await expect(warnings(page)).toContainText(
      `Some changes could not be accepted: ${conflict}`
    );
    expect(await sources(page)).toEqual(expected);

    // Rejecting clears it; the file keeps the text from disk.
    await rows(page).locator('.jp-coauthor-reject').click();
    await expect(rows(page)).toHaveCount(0);
    await page.notebook.save();
    const final = await readNotebookFile(page, path);
    expect(
      final.cells.map((_: unknown, i: number) => cellSource(final, i))
    ).toEqual(expected);
    expect(final.metadata.coauthor?.suggestions).toBeUndefined();
  });
});

test.describe('accepting together @collab', () => {
  test('two people accept the same change at the same moment: it applies once', async ({
    page,
    browser,
    baseURL,
    tmpPath,
    waitForApplication
  }) => {
    const path = await openExample(page, tmpPath);
    const original = await sources(page);
    const bob = await openSecondUser({
      browser,
      baseURL: baseURL!,
      waitForApplication,
      tmpPath,
      name: 'Bob'
    });
    try {
      await bob.notebook.openByPath(path);
      await bob.notebook.activate('demo.ipynb');
      await run(bob, 'coauthor:open-suggestions');
      await run(page, 'coauthor:open-suggestions');

      // Alice suggests two edits, and goes back to editing mode.
      await run(page, 'coauthor:toggle-suggesting');
      await typeAtEnd(page, 2, '\nprint(areas)');
      await typeAtEnd(page, 4, '\nprint(squares)');
      await run(page, 'coauthor:toggle-suggesting');
      await expect(rows(page)).toHaveCount(2);
      await expect(rows(bob)).toHaveCount(2, { timeout: 15000 });

      // Both accept the first one at once.
      const changeId = await rows(page)
        .filter({ hasText: 'areas = [circle_area' })
        .getAttribute('data-change-id');
      expect(changeId).toBeTruthy();
      expect(
        await rows(bob)
          .filter({ hasText: 'areas = [circle_area' })
          .getAttribute('data-change-id')
      ).toBe(changeId);
      await Promise.all([
        run(page, 'coauthor:accept-change', { changeId }),
        run(bob, 'coauthor:accept-change', { changeId })
      ]);

      // Both see the text once, and the other change still pending.
      const expected = [
        ...original.slice(0, 2),
        `${original[2]}\nprint(areas)`,
        ...original.slice(3)
      ];
      for (const who of [page, bob]) {
        await expect
          .poll(() => sources(who), { timeout: 15000 })
          .toEqual(expected);
        await expect(rows(who)).toHaveCount(1);
        await expect(rows(who)).toContainText('squares = [r ** 2');
      }
      await expect(warnings(page)).toHaveCount(0);
      await expect(warnings(bob)).toHaveCount(0);

      // The saved file agrees, with the text once and the rest of the
      // suggestion kept.
      await bob.notebook.save();
      const saved = await readNotebookFile(page, path);
      const savedSources = saved.cells.map((_: unknown, i: number) =>
        cellSource(saved, i)
      );
      expect(savedSources).toEqual(expected);
      expect(occurrences(savedSources.join('\n'), 'print(areas)')).toBe(1);
      const records = saved.metadata.coauthor.suggestions.branches;
      expect(records).toHaveLength(1);
      expect(records[0].cells.map((c: any) => c.cellId)).toEqual(['squares']);

      // And a little later nothing has changed on either side.
      await page.waitForTimeout(1000);
      expect(await sources(page)).toEqual(expected);
      expect(await sources(bob)).toEqual(expected);
    } finally {
      await bob.context().close();
    }
  });
});

// --- contrast -----------------------------------------------------------------

/** What to measure: the text (or a line's colour) of the matched elements. */
interface IContrastTarget {
  name: string;
  selector: string;
  /** `::before` or `::after` for text drawn by the stylesheet. */
  pseudo?: string;
  /**
   * `text`: the text colour (WCAG 1.4.3, 4.5:1); `non-text`: a glyph or a
   * line that carries meaning (WCAG 1.4.11, 3:1) — `decoration` measures the
   * underline or strike-through colour.
   */
  what: 'text' | 'non-text';
  decoration?: boolean;
}

/** The lowest contrast found for a target. */
interface IContrast {
  name: string;
  /**
   * `syntax`: JupyterLab's syntax colours inside the marks, reported only.
   * `inactive`: disabled controls (`:disabled`, `aria-disabled="true"`),
   * which WCAG 2.x exempts (SC 1.4.3's "Incidental" exception: "text or
   * images of text that are part of an inactive user interface component
   * ... have no contrast requirement"; SC 1.4.11 likewise): reported, and
   * checked to read dimmer than the enabled ones, so that they still look
   * disabled.
   */
  what: 'text' | 'non-text' | 'syntax' | 'inactive';
  /** How many elements were measured. */
  count: number;
  ratio: number;
  fg: string;
  bg: string;
  /** The element with the lowest ratio. */
  where: string;
}

/**
 * The WCAG contrast ratio of each target's text (or line) colour against the
 * background it is drawn on, in the page: the background colours and
 * opacities of the element and every ancestor composited as the browser does
 * (each element a group: its background, then its content, then its
 * opacity), over white. Every element a target matches, and every descendant
 * with text of its own, is measured; the lowest ratio is kept. Text coloured
 * by the code editor's syntax highlighting (JupyterLab's palette, not ours)
 * is reported apart, and so is the text of disabled controls (see
 * `IContrast.what`).
 */
async function measureContrast(
  page: IJupyterLabPageFixture,
  targets: IContrastTarget[]
): Promise<IContrast[]> {
  return page.evaluate((targets: IContrastTarget[]) => {
    type RGBA = [number, number, number, number];
    const parse = (value: string): RGBA => {
      if (value === 'transparent') {
        return [0, 0, 0, 0];
      }
      let m = value.match(/^rgba?\(([^)]*)\)$/);
      if (m) {
        const p = m[1]
          .split(/[\s,/]+/)
          .filter(Boolean)
          .map(Number);
        return [p[0] / 255, p[1] / 255, p[2] / 255, p.length > 3 ? p[3] : 1];
      }
      m = value.match(/^color\(srgb ([^)]*)\)$/);
      if (m) {
        const p = m[1]
          .split(/[\s/]+/)
          .filter(Boolean)
          .map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
      }
      throw new Error(`cannot read the colour ${value}`);
    };
    // Premultiplied colours from here on.
    const premultiply = ([r, g, b, a]: RGBA): RGBA => [r * a, g * a, b * a, a];
    const over = (top: RGBA, bottom: RGBA): RGBA =>
      top.map((v, i) => v + bottom[i] * (1 - top[3])) as RGBA;
    const scale = (c: RGBA, k: number): RGBA => c.map(v => v * k) as RGBA;
    const hex = (c: RGBA) =>
      '#' +
      c
        .slice(0, 3)
        .map(v =>
          Math.round(Math.min(1, Math.max(0, v)) * 255)
            .toString(16)
            .padStart(2, '0')
        )
        .join('');
    const luminance = (c: RGBA) => {
      const [r, g, b] = c
        .slice(0, 3)
        .map(v =>
          v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)
        );
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };

    /** The layers an element's content is drawn in, outermost first. */
    const layersOf = (element: Element, pseudo?: string) => {
      const chain: Element[] = [];
      for (let n: Element | null = element; n; n = n.parentElement) {
        chain.unshift(n);
      }
      const layers = chain.map(n => {
        const style = getComputedStyle(n);
        return {
          bg: premultiply(parse(style.backgroundColor)),
          opacity: Number(style.opacity)
        };
      });
      if (pseudo) {
        const style = getComputedStyle(element, pseudo);
        layers.push({
          bg: premultiply(parse(style.backgroundColor)),
          opacity: Number(style.opacity)
        });
      }
      return layers;
    };
    const composite = (
      layers: { bg: RGBA; opacity: number }[],
      content: RGBA
    ): RGBA => {
      let group = content;
      for (let i = layers.length - 1; i >= 0; i--) {
        group = scale(over(group, layers[i].bg), layers[i].opacity);
      }
      return over(group, [1, 1, 1, 1]);
    };

    const visible = (element: Element, pseudo?: string) => {
      const style = getComputedStyle(element, pseudo);
      return (
        element.getClientRects().length > 0 &&
        style.visibility === 'visible' &&
        style.display !== 'none'
      );
    };
    const hasOwnText = (element: Element) =>
      [...element.childNodes].some(
        n => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()
      );
    /**
     * Whether the colour of an element in a code editor line comes from
     * syntax highlighting: an element between it and the line, not one of
     * ours, sets a colour of its own.
     */
    const highlighted = (element: Element) => {
      const line = element.closest('.cm-line');
      if (!line) {
        return false;
      }
      for (let n: Element | null = element; n && n !== line;) {
        const parent: Element | null = n.parentElement;
        const ours = [...n.classList].some(c => c.startsWith('jp-coauthor-'));
        if (
          !ours &&
          parent &&
          getComputedStyle(n).color !== getComputedStyle(parent).color
        ) {
          return true;
        }
        n = parent;
      }
      return false;
    };
    const describe = (element: Element, pseudo?: string) =>
      `${element.tagName.toLowerCase()}${[...element.classList]
        .filter(c => !/^ͼ/.test(c))
        .map(c => `.${c}`)
        .join('')}${pseudo ?? ''} "${(pseudo
        ? getComputedStyle(element, pseudo).content
        : (element.textContent ?? '')
      ).slice(0, 30)}"`;

    const out: IContrast[] = [];
    for (const target of targets) {
      const found = [...document.querySelectorAll(target.selector)].filter(e =>
        visible(e, target.pseudo)
      );
      type Group = 'own' | 'syntax' | 'inactive';
      const measured: { element: Element; group: Group }[] = [];
      // A disabled control, or an element inside one.
      const inactive = (e: Element) =>
        e.closest(':disabled, [aria-disabled="true"]') !== null;
      for (const element of found) {
        if (target.pseudo || target.what === 'non-text') {
          measured.push({
            element,
            group: inactive(element) ? 'inactive' : 'own'
          });
          continue;
        }
        for (const e of [element, ...element.querySelectorAll('*')]) {
          if (hasOwnText(e) && visible(e)) {
            measured.push({
              element: e,
              group: inactive(e)
                ? 'inactive'
                : highlighted(e)
                  ? 'syntax'
                  : 'own'
            });
          }
        }
      }
      for (const kind of ['own', 'syntax', 'inactive'] as Group[]) {
        const group = measured.filter(m => m.group === kind);
        if (kind !== 'own' && !group.length) {
          continue;
        }
        let worst: IContrast = {
          name:
            kind === 'own'
              ? target.name
              : `${target.name}: ${kind === 'syntax' ? 'syntax colours' : 'disabled'}`,
          what: kind === 'own' ? target.what : kind,
          count: group.length,
          ratio: Infinity,
          fg: '',
          bg: '',
          where: ''
        };
        for (const { element } of group) {
          const style = getComputedStyle(element, target.pseudo);
          const fg = parse(
            target.decoration ? style.textDecorationColor : style.color
          );
          const layers = layersOf(element, target.pseudo);
          const withText = composite(layers, premultiply(fg));
          const without = composite(layers, [0, 0, 0, 0]);
          const [hi, lo] = [luminance(withText), luminance(without)].sort(
            (a, b) => b - a
          );
          const ratio = (hi + 0.05) / (lo + 0.05);
          if (ratio < worst.ratio) {
            worst = {
              ...worst,
              ratio,
              fg: hex(withText),
              bg: hex(without),
              where: describe(element, target.pseudo)
            };
          }
        }
        out.push(worst);
      }
    }
    return out;
  }, targets);
}

/** Targets shown while editing the notebook itself. */
const EDITING_TARGETS: IContrastTarget[] = [
  {
    name: 'inserted text (ghost, editing mode)',
    selector: '.jp-coauthor-ghost.jp-coauthor-inserted',
    what: 'text'
  },
  {
    name: 'inserted text underline (ghost, editing mode)',
    selector: '.jp-coauthor-ghost.jp-coauthor-inserted',
    what: 'non-text',
    decoration: true
  },
  {
    name: 'removed text (editing mode)',
    selector: '.cm-content .jp-coauthor-removed:not(.jp-coauthor-ghost)',
    what: 'text'
  },
  {
    name: 'removed text strike-through (editing mode)',
    selector: '.cm-content .jp-coauthor-removed:not(.jp-coauthor-ghost)',
    what: 'non-text',
    decoration: true
  },
  {
    name: 'text of a deleted cell (editing mode)',
    selector:
      '.jp-Cell.jp-coauthor-cell-deleted .jp-InputArea-editor, .jp-Cell.jp-coauthor-cell-deleted .jp-RenderedMarkdown',
    what: 'text'
  },
  {
    name: 'cell label (editing mode)',
    selector: '.jp-Cell[data-coauthor-label]',
    pseudo: '::before',
    what: 'text'
  },
  {
    name: 'accept/reject buttons beside the marks',
    selector: '.jp-coauthor-review-buttons button',
    what: 'text'
  },
  {
    name: 'panel: Accept buttons',
    selector: '#jp-coauthor-suggestions .jp-coauthor-accept',
    what: 'text'
  },
  {
    name: 'panel: Reject buttons',
    selector: '#jp-coauthor-suggestions .jp-coauthor-reject',
    what: 'text'
  },
  {
    name: 'panel: author and time',
    selector:
      '#jp-coauthor-suggestions .jp-coauthor-Suggestion-author, #jp-coauthor-suggestions .jp-coauthor-Suggestion-time',
    what: 'text'
  },
  {
    name: 'panel: change (cell, kind, +/- lines, preview)',
    selector: '#jp-coauthor-suggestions .jp-coauthor-Change-show',
    what: 'text'
  },
  {
    name: 'panel: conflict label',
    selector: '#jp-coauthor-suggestions .jp-coauthor-Change-conflict',
    what: 'text'
  },
  {
    name: 'panel: conflict sign (⚠)',
    selector:
      '#jp-coauthor-suggestions .jp-mod-conflict .jp-coauthor-Change-where',
    pseudo: '::after',
    what: 'non-text'
  },
  {
    name: 'status bar: mode (editing)',
    selector: '.jp-coauthor-ModeStatus',
    what: 'text'
  }
];

/** Targets shown in suggesting mode. */
const SUGGESTING_TARGETS: IContrastTarget[] = [
  {
    name: 'inserted text (suggesting mode)',
    selector: '.cm-content .jp-coauthor-inserted:not(.jp-coauthor-ghost)',
    what: 'text'
  },
  {
    name: 'inserted text underline (suggesting mode)',
    selector: '.cm-content .jp-coauthor-inserted:not(.jp-coauthor-ghost)',
    what: 'non-text',
    decoration: true
  },
  {
    name: 'removed text (ghost, suggesting mode)',
    selector: '.jp-coauthor-ghost.jp-coauthor-removed',
    what: 'text'
  },
  {
    name: 'removed text strike-through (ghost, suggesting mode)',
    selector: '.jp-coauthor-ghost.jp-coauthor-removed',
    what: 'non-text',
    decoration: true
  },
  {
    name: 'text of a new cell (suggesting mode)',
    selector: '.jp-Cell.jp-coauthor-cell-inserted .jp-InputArea-editor',
    what: 'text'
  },
  {
    name: 'cell label (suggesting mode)',
    selector: '.jp-Cell[data-coauthor-label]',
    pseudo: '::before',
    what: 'text'
  },
  {
    name: 'status bar: mode (suggesting)',
    selector: '.jp-coauthor-ModeStatus',
    what: 'text'
  }
];

/** The least contrast WCAG AA asks for. */
const MINIMUM = { text: 4.5, 'non-text': 3 };

const THEMES = [
  { theme: 'JupyterLab Light', slug: 'light' },
  { theme: 'JupyterLab Dark', slug: 'dark' },
  { theme: 'JupyterLab Dark High Contrast', slug: 'high-contrast' }
];

test.describe('contrast', () => {
  for (const { theme, slug } of THEMES) {
    test(`marks, labels and the panel read well in ${theme}`, async ({
      page,
      tmpPath
    }, testInfo) => {
      await openExample(page, tmpPath);
      // A suggestion with every kind of mark: text added (cells 2 and 3),
      // a line removed (cell 5), a new cell, a deleted cell; then cell 3 is
      // deleted in the notebook, which makes its change a conflict.
      await run(page, 'coauthor:toggle-suggesting');
      await typeAtEnd(page, 1, '\n\nunit_area = circle_area(1)');
      await typeAtEnd(page, 2, '\nprint(areas)');
      await page.notebook.enterCellEditingMode(4);
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Escape');
      await page.notebook.selectCells(4);
      await page.keyboard.press('b');
      await page.keyboard.press('Enter');
      await page.keyboard.type('cubes = [r ** 3 for r in range(1, 6)]');
      await page.keyboard.press('Escape');
      await page.notebook.selectCells(3);
      await page.keyboard.press('d');
      await page.keyboard.press('d');
      await run(page, 'coauthor:toggle-suggesting');
      await page.notebook.selectCells(2);
      await page.keyboard.press('d');
      await page.keyboard.press('d');
      await run(page, 'coauthor:open-suggestions');
      await expect(rows(page)).toHaveCount(5);
      await expect(
        rows(page).locator('.jp-coauthor-Change-conflict')
      ).toHaveCount(1);

      await run(page, 'apputils:change-theme', { theme });
      await expect
        .poll(() => page.evaluate(() => document.body.dataset.jpThemeName))
        .toBe(theme);
      await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
      // Nothing focused or selected in a cell editor.
      await page.notebook.selectCells(0);

      await expect(
        page.locator('.jp-coauthor-ghost.jp-coauthor-inserted')
      ).toHaveCount(1);
      if (COLLABORATIVE && slug === 'high-contrast') {
        await page.screenshot({ path: screenshotPath('high-contrast.png') });
      }
      const editing = await measureContrast(page, EDITING_TARGETS);
      await run(page, 'coauthor:toggle-suggesting');
      await expect(
        page.locator('.cm-content .jp-coauthor-inserted').first()
      ).toBeVisible();
      await page.notebook.selectCells(0);
      const suggesting = await measureContrast(page, SUGGESTING_TARGETS);
      await run(page, 'coauthor:toggle-suggesting');

      const all = [...editing, ...suggesting];
      const table = all
        .map(
          c =>
            `${c.ratio.toFixed(2).padStart(6)}  ${c.fg} on ${c.bg}  ${c.name} (${c.count}; lowest: ${c.where})`
        )
        .join('\n');
      console.log(`Contrast in ${theme}:\n${table}`);
      await testInfo.attach(`contrast-${slug}.json`, {
        body: JSON.stringify(all, null, 2),
        contentType: 'application/json'
      });
      // Every target was found, and each reads well enough.
      expect(all.filter(c => c.count === 0).map(c => c.name)).toEqual([]);
      const failures = all
        .filter(
          c =>
            (c.what === 'text' || c.what === 'non-text') &&
            c.ratio < MINIMUM[c.what]
        )
        .map(
          c =>
            `${c.name}: ${c.ratio.toFixed(2)} (${c.fg} on ${c.bg}, ${c.where}), needs ${MINIMUM[c.what as 'text']}`
        );
      expect(failures).toEqual([]);
      // The conflict's Accept is disabled: measured apart from the enabled
      // ones (WCAG 1.4.3's exception, see `IContrast.what`), and it reads
      // dimmer than they do, so that it still looks disabled.
      const enabled = all.find(c => c.name === 'panel: Accept buttons');
      const disabled = all.find(
        c => c.name === 'panel: Accept buttons: disabled'
      );
      expect(enabled?.count).toBeGreaterThan(0);
      expect(disabled?.count).toBe(1);
      expect(disabled!.ratio).toBeLessThan(enabled!.ratio);
    });
  }
});
