import { NotebookPanel } from '@jupyterlab/notebook';
import { IDisposable } from '@lumino/disposable';

import type { ICellChange } from '../core/suggestions';

/**
 * Cell-level suggestion marks: new, deleted, moved and retyped cells, and
 * conflicts, labelled on the cell itself (a `data-coauthor-label` attribute
 * that the stylesheet shows above the cell, with a border in the author's
 * colour). Deleted cells are marked on the notebook's cell while editing;
 * in suggesting mode, where the cell is gone, on the cell that follows.
 */
export class CellMarker implements IDisposable {
  constructor(options: CellMarker.IOptions) {
    this._panel = options.panel;
    this._labels = options.labels;
    this._panel.content.modelChanged.connect(this._schedule, this);
    this._panel.content.modelContentChanged.connect(this._schedule, this);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Show the marks of these changes. */
  update(changes: ICellChange[], suggesting: boolean): void {
    this._changes = changes;
    this._suggesting = suggesting;
    this._schedule();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    if (this._frame) {
      cancelAnimationFrame(this._frame);
    }
    if (!this._panel.isDisposed) {
      this._panel.content.modelChanged.disconnect(this._schedule, this);
      this._panel.content.modelContentChanged.disconnect(this._schedule, this);
    }
  }

  private _schedule(): void {
    if (this._frame || this._isDisposed) {
      return;
    }
    this._frame = requestAnimationFrame(() => {
      this._frame = 0;
      this._apply();
    });
  }

  private _apply(): void {
    if (this._isDisposed || this._panel.isDisposed) {
      return;
    }
    const byCell = new Map<string, ICellChange>();
    const deletedBefore = new Map<string, ICellChange[]>();
    for (const change of this._changes) {
      if (this._suggesting && change.kinds.includes('deleted')) {
        continue; // marked on the following cell below
      }
      if (!byCell.has(change.cellId)) {
        byCell.set(change.cellId, change);
      }
    }
    const widgets = this._panel.content.widgets;
    if (this._suggesting) {
      // A deleted cell is not in the suggestion: say so on the cell that
      // took its place.
      const ids = widgets.map(w => w.model.id);
      for (const change of this._changes) {
        if (!change.kinds.includes('deleted') || change.baseIndex === null) {
          continue;
        }
        const anchor = ids[Math.min(change.baseIndex, ids.length - 1)];
        if (anchor) {
          const list = deletedBefore.get(anchor) ?? [];
          list.push(change);
          deletedBefore.set(anchor, list);
        }
      }
    }
    for (const widget of widgets) {
      const node = widget.node;
      const id = widget.model.id;
      const change = byCell.get(id);
      const parts: string[] = [];
      let color: string | null = null;
      if (change) {
        const label = this._labels(change);
        if (label) {
          parts.push(label);
          color = change.author.color;
        }
      }
      for (const deleted of deletedBefore.get(id) ?? []) {
        const label = this._labels(deleted);
        if (label) {
          parts.push(label);
          color ??= deleted.author.color;
        }
      }
      node.classList.toggle(
        'jp-coauthor-cell-deleted',
        !!change && change.kinds.includes('deleted')
      );
      node.classList.toggle(
        'jp-coauthor-cell-inserted',
        !!change && change.kinds.includes('inserted')
      );
      if (parts.length) {
        node.dataset.coauthorLabel = parts.join(' · ');
        node.style.setProperty('--jp-coauthor-author-color', color);
      } else if (node.dataset.coauthorLabel !== undefined) {
        delete node.dataset.coauthorLabel;
        node.style.removeProperty('--jp-coauthor-author-color');
      }
    }
  }

  private _panel: NotebookPanel;
  private _labels: (change: ICellChange) => string | null;
  private _changes: ICellChange[] = [];
  private _suggesting = false;
  private _frame = 0;
  private _isDisposed = false;
}

/**
 * The namespace of `CellMarker`.
 */
export namespace CellMarker {
  /** The options of a `CellMarker`. */
  export interface IOptions {
    panel: NotebookPanel;
    /** The label of a change, already translated, or null for none. */
    labels: (change: ICellChange) => string | null;
  }
}
