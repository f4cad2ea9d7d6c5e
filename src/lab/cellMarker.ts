import { NotebookPanel } from '@jupyterlab/notebook';
import { IDisposable } from '@lumino/disposable';

import type { ICellChange } from '../core/suggestions';
import {
  createGhostCell,
  IGhostCell,
  IGhostCellActions,
  updateGhostCell
} from '../widgets/ghostCell';

/**
 * Cell-level suggestion marks: new, deleted, moved and retyped cells, and
 * conflicts, labelled on the cell itself (a `data-coauthor-label` attribute
 * that the stylesheet shows above the cell, with a border in the author's
 * colour). A cell the view does not hold — one the suggestion deletes, in
 * the suggestion's view; one it inserts, in the notebook's — is drawn as a
 * ghost cell where it belongs, with its own label: a label never sits on
 * another cell.
 *
 * A ghost's node is appended to the node of the cell it follows (or, before
 * the first cell, to the first cell's node, drawn above its content): never
 * into the notebook's list of cells, whose layout places cell nodes by
 * index. Lumino's cell layout inserts its parts by index too, before the
 * parts after them, so a node kept last stays out of their way.
 */
export class CellMarker implements IDisposable {
  constructor(options: CellMarker.IOptions) {
    this._panel = options.panel;
    this._labels = options.labels;
    this._actions = options.actions;
    this._panel.content.modelChanged.connect(this._schedule, this);
    this._panel.content.modelContentChanged.connect(this._schedule, this);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Show the marks of these changes on the cells the view holds, these
   * ghost cells, each after the cell it names (null: before the first), and
   * a note on the outputs of the cells run while suggesting.
   */
  update(marks: CellMarker.IMarks): void {
    this._marks = marks;
    this._schedule();
  }

  /** The node of a change's ghost cell, when it has one. */
  ghostNode(changeId: string): HTMLElement | null {
    return this._ghostNodes.get(changeId) ?? null;
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
    for (const node of this._ghostNodes.values()) {
      node.remove();
    }
    this._ghostNodes.clear();
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

  /**
   * Bring every cell's marks in line with `_marks`, touching only the nodes
   * whose marks differ from what they were last given. It runs after every
   * edit of the notebook (its content signal), and rewriting the classes,
   * label and output note of all 1,000 cells of a large notebook, with a
   * `querySelector` each, cost 14 ms of each keystroke there and the style
   * work that follows (issue 12's profile).
   */
  private _apply(): void {
    if (this._isDisposed || this._panel.isDisposed) {
      return;
    }
    const widgets = this._panel.content.widgets;
    const { changes, runNote } = this._marks;
    const byCell = new Map<string, ICellChange>();
    for (const change of changes) {
      if (!byCell.has(change.cellId)) {
        byCell.set(change.cellId, change);
      }
    }
    const noted = new Set<HTMLElement>();
    for (const widget of widgets) {
      const node = widget.node;
      const id = widget.model.id;
      const change = byCell.get(id);
      const label = change ? this._labels(change) : null;
      const deleted = !!change && change.kinds.includes('deleted');
      const inserted = !!change && change.kinds.includes('inserted');
      const key = change
        ? `${deleted}|${inserted}|${label ?? ''}|${change.author.color}`
        : '';
      if ((this._applied.get(node) ?? '') !== key) {
        this._applied.set(node, key);
        node.classList.toggle('jp-coauthor-cell-deleted', deleted);
        node.classList.toggle('jp-coauthor-cell-inserted', inserted);
        if (label) {
          node.dataset.coauthorLabel = label;
          node.style.setProperty(
            '--jp-coauthor-author-color',
            change!.author.color
          );
        } else if (node.dataset.coauthorLabel !== undefined) {
          delete node.dataset.coauthorLabel;
          node.style.removeProperty('--jp-coauthor-author-color');
        }
      }
      // The output note: only the cells that have or had one are looked at
      // (their outputs may have been rendered since).
      if (runNote.cells.has(id) || this._noted.has(node)) {
        const outputs = node.querySelector<HTMLElement>(
          '.jp-Cell-outputWrapper'
        );
        if (runNote.cells.has(id)) {
          noted.add(node);
          if (outputs) {
            outputs.dataset.coauthorRunNote = runNote.text;
          }
        } else if (outputs?.dataset.coauthorRunNote !== undefined) {
          delete outputs.dataset.coauthorRunNote;
        }
      }
    }
    this._noted = noted;
    this._placeGhosts();
  }

  /** Create, update, move and remove the ghost cells' nodes. */
  private _placeGhosts(): void {
    const widgets = this._panel.content.widgets;
    const ghosts = this._marks.ghosts;
    const nodeOf = ghosts.length
      ? new Map(widgets.map(w => [w.model.id, w.node]))
      : new Map<string, HTMLElement>();
    const first = widgets.length ? widgets[0].node : null;
    const wanted = new Set<string>();
    // Each host's ghosts, in order: last in the host, after its own parts.
    const byHost = new Map<HTMLElement, HTMLElement[]>();
    const before = new Set<HTMLElement>();
    for (const { ghost, after } of ghosts) {
      const host = after === null ? first : nodeOf.get(after);
      if (!host) {
        continue;
      }
      wanted.add(ghost.changeId);
      let node = this._ghostNodes.get(ghost.changeId);
      if (node) {
        updateGhostCell(node, ghost);
      } else {
        node = createGhostCell(ghost, this._actions);
        this._ghostNodes.set(ghost.changeId, node);
      }
      node.classList.toggle('jp-mod-before', after === null);
      if (after === null) {
        before.add(host);
      }
      const list = byHost.get(host) ?? [];
      list.push(node);
      byHost.set(host, list);
    }
    for (const [changeId, node] of [...this._ghostNodes]) {
      if (!wanted.has(changeId)) {
        node.remove();
        this._ghostNodes.delete(changeId);
      }
    }
    for (const [host, nodes] of byHost) {
      // Moved only when not already last in order: re-appending a node
      // that is in place still costs the page a style recalculation.
      const tail = Array.from(host.children).slice(-nodes.length);
      if (tail.length !== nodes.length || tail.some((n, k) => n !== nodes[k])) {
        host.append(...nodes);
      }
    }
    for (const host of this._hostsBefore) {
      if (!before.has(host)) {
        host.classList.remove('jp-coauthor-hasGhostBefore');
      }
    }
    for (const host of before) {
      host.classList.add('jp-coauthor-hasGhostBefore');
    }
    this._hostsBefore = before;
  }

  private _panel: NotebookPanel;
  private _labels: (change: ICellChange) => string | null;
  private _actions: IGhostCellActions;
  private _marks: CellMarker.IMarks = {
    changes: [],
    ghosts: [],
    runNote: { cells: new Set(), text: '' }
  };
  private _ghostNodes = new Map<string, HTMLElement>();
  /** What each cell node was last given (see `_apply`). */
  private _applied = new WeakMap<HTMLElement, string>();
  /** The cell nodes whose outputs carry the run note. */
  private _noted = new Set<HTMLElement>();
  /** The cell nodes with ghosts before their content. */
  private _hostsBefore = new Set<HTMLElement>();
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
    /** What the ghost cells' buttons do. */
    actions: IGhostCellActions;
  }

  /** What the cells of the view show. */
  export interface IMarks {
    /** The changes of the cells the view holds (labels, classes). */
    changes: ICellChange[];
    /** The cells the view does not hold. */
    ghosts: IPlacedGhost[];
    /** The cells whose outputs are of a run while suggesting, and the note. */
    runNote: { cells: ReadonlySet<string>; text: string };
  }

  /** A ghost cell and the cell it shows after (null: before the first). */
  export interface IPlacedGhost {
    ghost: IGhostCell;
    after: string | null;
  }
}
