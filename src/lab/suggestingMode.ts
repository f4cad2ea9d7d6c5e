import type { YNotebook } from '@jupyter/ydoc';
import {
  INotebookModel,
  NotebookModel,
  NotebookPanel
} from '@jupyterlab/notebook';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { mirrorPresence } from '../core/presenceMirror';
import { renderAroundActiveCell, withSignalsHeld } from './internals/notebook';

/**
 * Suggesting mode of one notebook panel.
 *
 * In suggesting mode the panel's notebook widget shows a model built on the
 * user's own branch (a forked replica of the notebook's shared document), so
 * the user edits as usual — typing, inserting, deleting, moving cells,
 * changing a cell's type — and every edit lands in the branch. The notebook
 * model of the document (`panel.context.model`, what is saved and what
 * collaborators see) does not change until someone accepts.
 *
 * Switching back shows the notebook's own model again; the branch, and so the
 * suggestion, stays.
 */
export class SuggestingMode implements IDisposable {
  constructor(options: SuggestingMode.IOptions) {
    this._panel = options.panel;
    this._branch = options.branch;
    this._panel.disposed.connect(() => this.dispose());
  }

  /** Whether the panel is in suggesting mode. */
  get active(): boolean {
    return this._active;
  }

  /** Emitted with the new state when the mode changes. */
  get changed(): ISignal<SuggestingMode, boolean> {
    return this._changed;
  }

  /** The model shown in suggesting mode, once it has been shown. */
  get branchModel(): NotebookModel | null {
    return this._branchModel;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Switch suggesting mode on or off. */
  setActive(active: boolean): void {
    if (active === this._active || this._isDisposed) {
      return;
    }
    if (active && !this._branchModel) {
      this._branchModel = this._createBranchModel();
    }
    this._show(active ? this._branchModel! : this._panel.context.model);
    this._panel.content.node.classList.toggle('jp-coauthor-suggesting', active);
    this._active = active;
    this._changed.emit(active);
  }

  /** Toggle suggesting mode. */
  toggle(): void {
    this.setActive(!this._active);
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    if (this._active && !this._panel.isDisposed) {
      this._panel.content.model = this._panel.context.model;
    }
    this._isDisposed = true;
    this._unmirror?.();
    this._unmirror = null;
    this._watched?.docReplaced.disconnect(this._onDocReplaced, this);
    this._watched = null;
    this._branchModel?.dispose();
    this._branchModel = null;
    Signal.clearData(this);
  }

  /** A model on the branch's current document, followed when it is replaced. */
  private _createBranchModel(): NotebookModel {
    const branch = this._branch();
    if (this._watched !== branch) {
      this._watched?.docReplaced.disconnect(this._onDocReplaced, this);
      branch.docReplaced.connect(this._onDocReplaced, this);
      this._watched = branch;
    }
    // Collaborators' cursors in the branch's cells too.
    this._unmirror?.();
    const notebook = this._panel.context.model.sharedModel as YNotebook;
    this._unmirror = notebook.awareness
      ? mirrorPresence(notebook.awareness, branch.doc.awareness)
      : null;
    return new NotebookModel({
      sharedModel: branch.doc,
      // Nobody else edits this replica (their presence is mirrored).
      collaborationEnabled: false
    });
  }

  /**
   * The branch was rebuilt (a reject, here or by a collaborator): its
   * document is a new one and the old one is disposed. A model left on the
   * old document would take the user's typing into a document nobody
   * records: show the new one at once (or, while editing the notebook,
   * build it on the next switch).
   */
  private _onDocReplaced(): void {
    const old = this._branchModel;
    if (!old) {
      return;
    }
    this._branchModel = null;
    if (this._active && !this._isDisposed) {
      this._branchModel = this._createBranchModel();
      this._show(this._branchModel);
    }
    old.dispose();
  }

  /** Show a model in the panel's notebook widget, keeping the active cell. */
  private _show(model: INotebookModel): void {
    const notebook = this._panel.content;
    const activeIndex = notebook.activeCellIndex;
    withSignalsHeld(notebook, () => {
      notebook.model = model;
      // Keep the user where they were.
      if (notebook.widgets.length) {
        notebook.activeCellIndex = Math.min(
          activeIndex,
          notebook.widgets.length - 1
        );
      }
    });
    renderAroundActiveCell(notebook, AROUND);
  }

  private _panel: NotebookPanel;
  private _branch: () => SuggestingMode.IBranch;
  private _watched: SuggestingMode.IBranch | null = null;
  private _unmirror: (() => void) | null = null;
  private _branchModel: NotebookModel | null = null;
  private _active = false;
  private _isDisposed = false;
  private _changed = new Signal<SuggestingMode, boolean>(this);
}

/** How many cells before and after the active one are rendered at once. */
const AROUND = { before: 4, after: 10 };

/**
 * The namespace of `SuggestingMode`.
 */
export namespace SuggestingMode {
  /** The options of a `SuggestingMode`. */
  export interface IOptions {
    /** The notebook panel. */
    panel: NotebookPanel;
    /**
     * The user's branch, created on first use: entering suggesting mode is
     * what starts a suggestion.
     */
    branch: () => IBranch;
  }

  /** What suggesting mode needs of a branch (the core's `Branch`). */
  export interface IBranch {
    /** The branch's document; replaced when the branch is rebuilt. */
    readonly doc: YNotebook;
    /** Emitted when `doc` is replaced. */
    readonly docReplaced: ISignal<unknown, YNotebook>;
  }
}
