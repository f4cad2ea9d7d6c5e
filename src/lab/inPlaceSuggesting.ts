import type { YNotebook } from '@jupyter/ydoc';
import type { Cell } from '@jupyterlab/cells';
import { EditorView } from '@codemirror/view';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import {
  BranchBindingTarget,
  IBranchText,
  syncBranchBinding
} from './branchBinding';
import type { SuggestingMode } from './suggestingMode';

/**
 * Suggesting mode without a model swap (setting `switchMode: "inPlace"`,
 * docs/branches.md): the panel's notebook widget keeps showing the
 * notebook's model, and each cell editor is re-bound to the branch's copy of
 * its cell (branchBinding.ts). Nothing is rebuilt, so the switch costs one
 * small editor transaction per rendered cell: the cells around the active
 * one at once, the rest in slices that never hold the page long.
 *
 * The text path only: structural edits (insert, delete, move, change the
 * type of a cell) still act on the notebook's model in this mode, and cells
 * only the branch has are not shown (see the limits in docs/branches.md).
 */
export class InPlaceSuggesting implements IDisposable {
  constructor(options: SuggestingMode.IOptions) {
    this._panel = options.panel;
    this._branch = options.branch;
    this._panel.disposed.connect(() => this.dispose());
    this._panel.content.activeCellChanged.connect(this._onActiveCell, this);
  }

  /** Whether the panel is in suggesting mode. */
  get active(): boolean {
    return this._active;
  }

  /** Emitted with the new state when the mode changes. */
  get changed(): ISignal<InPlaceSuggesting, boolean> {
    return this._changed;
  }

  /** Always null: this mode shows no model of the branch. */
  get branchModel(): null {
    return null;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Switch suggesting mode on or off. */
  setActive(active: boolean): void {
    if (active === this._active || this._isDisposed) {
      return;
    }
    if (active) {
      this._watch(this._branch());
    }
    this._active = active;
    this._cells = null;
    this._panel.content.node.classList.toggle('jp-coauthor-suggesting', active);
    this._rebind();
    this._changed.emit(active);
  }

  /** Toggle suggesting mode. */
  toggle(): void {
    this.setActive(!this._active);
  }

  /**
   * What the editor of the notebook's cell `cellId` must be bound to: null
   * in editing mode; in suggesting mode the branch's copy of the cell, or
   * 'absent' when the branch deletes it.
   */
  targetFor(cellId: string): BranchBindingTarget {
    if (!this._active || this._isDisposed) {
      return null;
    }
    const doc = this._branch().doc;
    if (!this._cells || this._cellsOf !== doc) {
      this._cells = new Map();
      this._cellsOf = doc;
      for (const cell of doc.cells) {
        this._cells.set(cell.getId(), cell);
      }
    }
    const cell = this._cells.get(cellId);
    if (!cell || cell.isDisposed) {
      return 'absent';
    }
    let text = this._texts.get(cell);
    if (!text) {
      text = {
        ytext: cell.ysource,
        origin: cell,
        undo: () => cell.undo(),
        redo: () => cell.redo()
      };
      this._texts.set(cell, text);
    }
    return text;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    const wasActive = this._active;
    this._active = false;
    this._isDisposed = true;
    this._cancelSlices();
    if (wasActive && !this._panel.isDisposed) {
      // Every editor back on the notebook's text.
      for (const cell of this._panel.content.widgets) {
        rebindCell(cell);
      }
    }
    this._watched?.docReplaced.disconnect(this._onDocReplaced, this);
    this._watched?.doc.changed.disconnect(this._onBranchChanged, this);
    this._watched = null;
    Signal.clearData(this);
  }

  private _watch(branch: SuggestingMode.IBranch): void {
    if (this._watched === branch) {
      return;
    }
    this._watched?.docReplaced.disconnect(this._onDocReplaced, this);
    this._watched?.doc.changed.disconnect(this._onBranchChanged, this);
    branch.docReplaced.connect(this._onDocReplaced, this);
    branch.doc.changed.connect(this._onBranchChanged, this);
    this._watched = branch;
  }

  /**
   * Bring every rendered editor to the mode: the cells around the active one
   * now (what the user sees), the others in slices of idle time. An editor
   * not reached yet is reached before the user can type in it: activating
   * its cell binds it (`_onActiveCell`).
   */
  private _rebind(): void {
    this._cancelSlices();
    const cells = this._panel.content.widgets;
    const active = Math.max(0, this._panel.content.activeCellIndex);
    const first = Math.max(0, active - AROUND.before);
    const last = Math.min(cells.length, active + AROUND.after + 1);
    for (let i = first; i < last; i++) {
      rebindCell(cells[i]);
    }
    const rest: Cell[] = [];
    for (let i = 0; i < cells.length; i++) {
      if (i < first || i >= last) {
        rest.push(cells[i]);
      }
    }
    const slice = () => {
      this._slice = null;
      const end = performance.now() + SLICE_MS;
      while (rest.length && performance.now() < end) {
        rebindCell(rest.shift()!);
      }
      if (rest.length) {
        this._slice = setTimeout(slice, 0);
      }
    };
    if (rest.length) {
      this._slice = setTimeout(slice, 0);
    }
  }

  private _cancelSlices(): void {
    if (this._slice !== null) {
      clearTimeout(this._slice);
      this._slice = null;
    }
  }

  private _onActiveCell(): void {
    const cell = this._panel.content.activeCell;
    if (cell) {
      rebindCell(cell);
    }
  }

  /** The branch was rebuilt (a reject): bind to its new document. */
  private _onDocReplaced(): void {
    this._cells = null;
    this._texts = new WeakMap();
    if (this._active && !this._isDisposed) {
      this._watch(this._branch());
      this._rebind();
    }
  }

  /** Cells inserted or deleted in the branch: find them anew. */
  private _onBranchChanged(_: YNotebook, change: { cellsChange?: unknown }) {
    if (change.cellsChange) {
      this._cells = null;
    }
  }

  private _panel: NotebookPanel;
  private _branch: () => SuggestingMode.IBranch;
  private _watched: SuggestingMode.IBranch | null = null;
  private _cells: Map<string, YNotebook['cells'][number]> | null = null;
  private _cellsOf: YNotebook | null = null;
  private _texts = new WeakMap<object, IBranchText>();
  private _slice: ReturnType<typeof setTimeout> | null = null;
  private _active = false;
  private _isDisposed = false;
  private _changed = new Signal<InPlaceSuggesting, boolean>(this);
}

/** Bind a cell's editor, if it has one yet, to what the mode says. */
function rebindCell(cell: Cell): void {
  // Found by its node, not through `cell.editor`: that getter makes the
  // editor of a cell that has none yet (a rendered markdown cell), and
  // making 250 CodeMirror views was most of a switch (CPU profile of the
  // switch bench). An editor made later binds itself (branchBinding.ts).
  const dom = cell.isPlaceholder()
    ? null
    : cell.node.querySelector<HTMLElement>('.jp-InputArea-editor .cm-editor');
  const view = dom ? EditorView.findFromDOM(dom) : null;
  if (view) {
    syncBranchBinding(view);
  }
}

/** How many cells before and after the active one are bound at once. */
const AROUND = { before: 4, after: 10 };

/** The longest a slice of re-binding holds the page (ms). */
const SLICE_MS = 30;
