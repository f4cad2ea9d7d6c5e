/**
 * @jest-environment @jupyterlab/testing/lib/jest-env.js
 */
/**
 * Pins what src/lab/internals/notebook.ts depends on in JupyterLab's
 * notebook widget, on a real `Notebook` (@jupyterlab/notebook's own test
 * factory): each test fails if JupyterLab changes the behaviour depended on.
 */
// JupyterLab's jsdom shims (DragEvent...), before JupyterLab is loaded;
// jest.config.js leaves setupFiles empty for the plain Node specs.
import '@jupyterlab/testing/lib/jest-shim';
import { Notebook, NotebookModel, StaticNotebook } from '@jupyterlab/notebook';
import { NBTestUtils } from '@jupyterlab/notebook/lib/testutils';
import { Widget } from '@lumino/widgets';

import { renderAroundActiveCell, withSignalsHeld } from '../internals/notebook';

function modelOf(count: number, prefix: string): NotebookModel {
  const model = new NotebookModel();
  model.sharedModel.insertCells(
    0,
    Array.from({ length: count }, (_, i) => ({
      cell_type: i % 3 === 2 ? 'markdown' : 'code',
      source: `${prefix} ${i}`,
      metadata: {}
    }))
  );
  return model;
}

function notebookIn(mode: StaticNotebook.INotebookConfig['windowingMode']) {
  const notebook = NBTestUtils.createNotebook();
  notebook.notebookConfig = {
    ...StaticNotebook.defaultNotebookConfig,
    windowingMode: mode
  };
  Widget.attach(notebook, document.body);
  return notebook;
}

/** Counts of the three held signals' emissions, and the last arguments. */
function listen(notebook: Notebook) {
  const seen = {
    activeCellChanged: [] as unknown[],
    selectionChanged: 0,
    stateChanged: [] as { name: string }[]
  };
  notebook.activeCellChanged.connect((_, cell) => {
    seen.activeCellChanged.push(cell);
  });
  notebook.selectionChanged.connect(() => {
    seen.selectionChanged++;
  });
  notebook.stateChanged.connect((_, args) => {
    seen.stateChanged.push(args);
  });
  return seen;
}

const toDispose: { dispose(): void }[] = [];
afterEach(() => {
  for (const item of toDispose.splice(0)) {
    item.dispose();
  }
});

/**
 * A notebook showing a 6-cell model, its cell 4 active, listened to; and a
 * second model to swap in.
 */
function beforeSwap() {
  const notebook = notebookIn('none');
  const first = modelOf(6, 'a');
  const second = modelOf(6, 'b');
  toDispose.push(notebook, first, second);
  notebook.model = first;
  notebook.activeCellIndex = 4;
  return { notebook, second, seen: listen(notebook) };
}

describe('withSignalsHeld', () => {
  it('swaps a model with no emission during it and one of each after', () => {
    const { notebook, second, seen } = beforeSwap();
    let during: string | null = null;
    withSignalsHeld(notebook, () => {
      notebook.model = second;
      notebook.activeCellIndex = 4;
      during = JSON.stringify([
        seen.activeCellChanged.length,
        seen.selectionChanged,
        seen.stateChanged.length
      ]);
    });
    expect(during).toBe('[0,0,0]');
    expect(seen.activeCellChanged).toEqual([notebook.activeCell]);
    expect(notebook.activeCell?.model.sharedModel.getSource()).toBe('b 4');
    expect(seen.selectionChanged).toBe(1);
    expect(seen.stateChanged).toEqual([
      { name: 'activeCellIndex', oldValue: 4, newValue: 4 }
    ]);
    // emit is Signal.prototype's again: the signals are not left muted.
    notebook.activeCellIndex = 1;
    expect(seen.activeCellChanged.length).toBe(2);
    expect(
      Object.prototype.hasOwnProperty.call(notebook.activeCellChanged, 'emit')
    ).toBe(false);
  });

  it('is needed: a swap without it emits for every cell move', () => {
    // If JupyterLab stops emitting per removal, the hold can go.
    const { notebook, second, seen } = beforeSwap();
    notebook.model = second;
    notebook.activeCellIndex = 4;
    expect(seen.activeCellChanged.length).toBeGreaterThan(1);
    expect(seen.stateChanged.length).toBeGreaterThan(1);
  });

  it('restores the signals when the swap throws', () => {
    const notebook = notebookIn('none');
    toDispose.push(notebook);
    const seen = listen(notebook);
    expect(() =>
      withSignalsHeld(notebook, () => {
        throw new Error('boom');
      })
    ).toThrow('boom');
    (notebook.selectionChanged as any).emit(undefined);
    expect(seen.selectionChanged).toBe(1);
  });
});

describe('renderAroundActiveCell', () => {
  it('attaches the placeholder cells around the active one, in order', () => {
    const notebook = notebookIn('defer');
    const model = modelOf(40, 'c');
    toDispose.push(notebook, model);
    notebook.model = model;
    notebook.activeCellIndex = 25;
    const range = { before: 2, after: 3 };
    // JupyterLab made them placeholders, rendered in idle time later.
    expect(notebook.widgets[25].isPlaceholder()).toBe(true);
    renderAroundActiveCell(notebook, range);
    const rendered = notebook.widgets
      .map((cell, i) => (cell.isPlaceholder() ? -1 : i))
      .filter(i => i >= 23);
    expect(rendered.slice(0, 6)).toEqual([23, 24, 25, 26, 27, 28]);
    for (let i = 23; i <= 28; i++) {
      const cell = notebook.widgets[i];
      expect(cell.isAttached).toBe(true);
      expect(notebook.node.contains(cell.node)).toBe(true);
    }
    // Placed by their index: in the DOM in the notebook's order.
    const nodes = [...notebook.node.querySelectorAll('.jp-Cell')];
    const positions = [23, 24, 25, 26, 27, 28].map(i =>
      nodes.indexOf(notebook.widgets[i].node)
    );
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(notebook.widgets[25].model.sharedModel.getSource()).toBe('c 25');
  });

  it('renders nothing in the modes that render every cell', () => {
    const notebook = notebookIn('none');
    const model = modelOf(5, 'd');
    toDispose.push(notebook, model);
    notebook.model = model;
    notebook.activeCellIndex = 2;
    const before = notebook.widgets.map(cell => cell.isPlaceholder());
    renderAroundActiveCell(notebook, { before: 1, after: 1 });
    expect(notebook.widgets.map(cell => cell.isPlaceholder())).toEqual(before);
  });
});
