import type { Notebook } from '@jupyterlab/notebook';
import type { Signal } from '@lumino/signaling';
import type { PanelLayout } from '@lumino/widgets';

/**
 * Every dependence of the extension on JupyterLab's notebook widget beyond
 * its public API, each named once.
 *
 * Checked against @jupyterlab/notebook 4.6.6 and @lumino/signaling 2.1.6
 * (their package.json in node_modules). src/lab/__tests__/notebookInternals
 * .spec.ts builds a real `Notebook` widget and fails if either behaviour
 * depended on changes.
 */

/**
 * Run `swap` (a change of the notebook widget's model) with the widget's
 * `activeCellChanged`, `selectionChanged` and `stateChanged` held back, then
 * emit each once, for the state it ends in.
 *
 * Why: replacing a notebook widget's model removes its cell widgets one by
 * one, and each removal moves the active cell: JupyterLab emits these
 * signals for every move, and their listeners (the commands' state, so every
 * toolbar button; the cell toolbar, rebuilt) run each time. In a 1,000-cell
 * notebook that was 4.3 s of the 4.7 s a switch took (Chromium profile); the
 * listeners only need the end state.
 *
 * Neither JupyterLab nor Lumino has a supported way to hold a signal: the
 * Notebook has no batch-update API, and @lumino/signaling's `Signal` has
 * `disconnect`/`disconnectAll` (which would lose the listeners, ours and
 * every other extension's) but no block. So each held signal's `emit` is
 * shadowed by an own property of the instance, which works because the
 * Notebook emits through the instance it returns from its getters
 * (`this._activeCellChanged.emit(...)`), and `Signal.prototype.emit` is a
 * prototype method, not bound in the constructor.
 */
export function withSignalsHeld(notebook: Notebook, swap: () => void): void {
  const held = [
    notebook.activeCellChanged,
    notebook.selectionChanged,
    notebook.stateChanged
  ] as Signal<unknown, unknown>[];
  const before = notebook.activeCellIndex;
  for (const signal of held) {
    // An own property shadows Signal.prototype.emit until deleted.
    Object.defineProperty(signal, 'emit', {
      value: () => undefined,
      configurable: true
    });
  }
  try {
    swap();
  } finally {
    for (const signal of held) {
      delete (signal as { emit?: unknown }).emit;
    }
  }
  (notebook.activeCellChanged as Signal<Notebook, unknown>).emit(
    notebook.activeCell
  );
  (notebook.selectionChanged as Signal<Notebook, void>).emit(undefined);
  (notebook.stateChanged as Signal<Notebook, unknown>).emit({
    name: 'activeCellIndex',
    oldValue: before,
    newValue: notebook.activeCellIndex
  });
}

/**
 * Render the cells from `before` cells above the active cell to `after`
 * below it now, in the 'defer' and 'contentVisibility' windowing modes.
 *
 * Why: with a new model, JupyterLab makes every cell a placeholder and
 * renders them from the top of the notebook in idle time: in a 1,000-cell
 * notebook the cells where the user is came last, half a minute later
 * (issue 4's benchmark). JupyterLab's public `Notebook.renderCellOutputs`
 * (which search uses) renders one placeholder, but only a code cell; this
 * does for every cell type what it and the idle renderer
 * (`_updateForDeferMode`) do: set the cell's `dataset.windowedListIndex`,
 * which the notebook's windowed layout places the node by, and insert the
 * cell in the layout, which attaches it.
 */
export function renderAroundActiveCell(
  notebook: Notebook,
  around: { before: number; after: number }
): void {
  const mode = notebook.notebookConfig.windowingMode;
  if (mode !== 'defer' && mode !== 'contentVisibility') {
    return;
  }
  const layout = notebook.layout as PanelLayout;
  const active = notebook.activeCellIndex;
  const end = Math.min(notebook.widgets.length, active + around.after + 1);
  for (let i = Math.max(0, active - around.before); i < end; i++) {
    const cell = notebook.widgets[i];
    if (cell.isPlaceholder()) {
      cell.dataset.windowedListIndex = `${i}`;
      layout.insertWidget(i, cell);
    }
  }
}
