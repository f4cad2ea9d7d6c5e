/**
 * What the randomized UI test reads from a page after every action: the
 * notebook's shared model, the document the notebook widget shows, what its
 * cell editors show, every suggestion's branch and change set, and the
 * Suggestions panel. Read through `window.jupyterapp` and Galata's
 * `getPlugin` (the suggestions plugin's service is its registry), without
 * changing anything: a branch that has no `YNotebook` yet is read from its
 * raw Y.Doc, since asking for `branch.doc` would build one.
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

/** One cell of a document. */
export interface ICellState {
  id: string;
  type: string;
  source: string;
}

/** One change of a change set, as far as the invariants need it. */
export interface IChangeState {
  id: string;
  cellId: string;
  kinds: string[];
  proposedSource: string;
  conflict?: string;
}

/** One suggestion (branch) as this page's replica has it. */
export interface IBranchState {
  id: string;
  authorId: string;
  /** The branch's cells (read from its raw document). */
  cells: ICellState[];
  changes: IChangeState[];
}

/** Everything the invariants look at, read in one go. */
export interface IPageState {
  /** Whether the extension says the panel is in suggesting mode. */
  suggesting: boolean;
  /** The status bar's mode label. */
  status: string;
  /** The notebook's shared model (what is saved and what others see). */
  notebook: ICellState[];
  /** The document the notebook widget shows. */
  shown: ICellState[];
  /** Which document that is. */
  shownIs: 'notebook' | 'own-branch' | 'disposed' | 'other';
  /** Where the cell widgets or their editors disagree with `shown`. */
  viewProblems: string[];
  /** This page's user. */
  userId: string;
  branches: IBranchState[];
  /**
   * The change ids the panel lists, in order; null while the panel is
   * hidden (it renders only while visible, and when shown again).
   */
  panelChangeIds: string[] | null;
  /** The change ids the extension's summaries list, in order. */
  summaryChangeIds: string[];
  /** How many warning notifications the page has shown so far. */
  warnings: string[];
}

/** Read the state of the current notebook of a page. */
export async function readState(
  page: IJupyterLabPageFixture
): Promise<IPageState> {
  return page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    const galata = (window as any).galata;
    const registry = await galata.getPlugin('jupyterlab-coauthor:suggestions');
    const panel = app.shell.currentWidget;
    if (!panel?.content?.model || !panel.context) {
      throw new Error('no current notebook');
    }
    const suggestions = registry.get(panel);
    if (!suggestions) {
      throw new Error('the notebook has no suggestions yet');
    }
    const userId = app.serviceManager.user.identity.username;
    const cellsOf = (doc: any) =>
      doc.cells.map((c: any) => ({
        id: c.getId(),
        type: c.cell_type,
        source: c.getSource()
      }));
    // A branch's raw document, as YNotebook keeps it: an array of maps.
    const rawCells = (ydoc: any) =>
      ydoc
        .getArray('cells')
        .toArray()
        .map((m: any) => ({
          id: String(m.get('id')),
          type: String(m.get('cell_type')),
          source: String(m.get('source') ?? '')
        }));
    const notebookDoc = panel.context.model.sharedModel;
    const shownDoc = panel.content.model.sharedModel;
    const branches = suggestions.manager.branches;
    const own = branches.find((b: any) => b.author.id === userId);
    let shownIs = 'other';
    if (shownDoc === notebookDoc) {
      shownIs = 'notebook';
    } else if (own && own.hasView && own.doc === shownDoc) {
      shownIs = 'own-branch';
    } else if (shownDoc.isDisposed || shownDoc.ydoc?.isDestroyed) {
      shownIs = 'disposed';
    }

    const viewProblems: string[] = [];
    const widgets = panel.content.widgets;
    const shownCells = shownDoc.cells;
    if (widgets.length !== shownCells.length) {
      viewProblems.push(
        `${widgets.length} cell widgets for ${shownCells.length} cells`
      );
    }
    const n = Math.min(widgets.length, shownCells.length);
    for (let i = 0; i < n; i++) {
      const w = widgets[i];
      const c = shownCells[i];
      if (w.model.sharedModel !== c) {
        viewProblems.push(`cell widget ${i} is not on cell ${i} of the doc`);
      }
      if (w.model.id !== c.getId() || w.model.type !== c.cell_type) {
        viewProblems.push(
          `cell ${i}: widget ${w.model.type} ${w.model.id}, doc ${c.cell_type} ${c.getId()}`
        );
      }
      // What the CodeMirror view holds (a placeholder has no editor yet).
      const view = w.editor?.editor;
      const text = view?.state?.doc?.toString();
      if (typeof text === 'string' && text !== c.getSource()) {
        viewProblems.push(
          `cell ${i} (${c.getId()}): editor shows ${JSON.stringify(text)}, doc has ${JSON.stringify(c.getSource())}`
        );
      }
    }

    const changeState = (c: any) => ({
      id: c.id,
      cellId: c.cellId,
      kinds: [...c.kinds],
      proposedSource: c.proposedSource,
      ...(c.conflict ? { conflict: c.conflict } : {})
    });
    const panelNode = document.getElementById('jp-coauthor-suggestions');
    const panelChangeIds = !panelNode
      ? []
      : !panelNode.checkVisibility()
        ? null
        : [...panelNode.querySelectorAll('.jp-coauthor-Change')].map(
            e => (e as HTMLElement).dataset.changeId ?? ''
          );
    const notifications = (await galata.getNotifications()) as any[];
    return {
      suggesting: suggestions.suggesting,
      status:
        document.querySelector('.jp-coauthor-ModeStatus')?.textContent ?? '',
      notebook: cellsOf(notebookDoc),
      shown: cellsOf(shownDoc),
      shownIs,
      viewProblems,
      userId,
      branches: branches.map((b: any) => ({
        id: b.id,
        authorId: b.author.id,
        cells: rawCells(b.ydoc),
        changes: b.changes().map(changeState)
      })),
      panelChangeIds,
      summaryChangeIds: suggestions
        .summaries()
        .flatMap((s: any) => s.changes.map((c: any) => c.id)),
      warnings: notifications
        .filter(x => x.type === 'warning' || x.type === 'error')
        .map(x => String(x.message))
    } as any;
  });
}

/**
 * Wait until the page has settled after an action: marks, cell labels and
 * the panel render in an animation frame, the marks' editors dispatch in a
 * microtask, and the records are saved after a debounce. Two frames and a
 * short pause cover all of it; `stable` then polls until two reads agree.
 */
export async function settle(page: IJupyterLabPageFixture): Promise<void> {
  await page.waitForTimeout(50);
  await page.evaluate(
    () =>
      new Promise<void>(resolve =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve()))
      )
  );
}

/** Read the state until two reads in a row agree (at most `timeout` ms). */
export async function stableState(
  page: IJupyterLabPageFixture,
  timeout = 5000
): Promise<IPageState> {
  const start = Date.now();
  await settle(page);
  let last = await readState(page);
  for (;;) {
    await settle(page);
    const next = await readState(page);
    const same = JSON.stringify(next) === JSON.stringify(last);
    last = next;
    if (same || Date.now() - start > timeout) {
      return last;
    }
  }
}
