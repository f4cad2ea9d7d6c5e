import type { YNotebook } from '@jupyter/ydoc';
import { Notification } from '@jupyterlab/apputils';
import { Cell } from '@jupyterlab/cells';
import { Notebook, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import {
  Branch,
  cellIds,
  IAuthor,
  ICellChange,
  shownBefore,
  SuggestionManager
} from '../core/suggestions';
import { CommandIDs, INotebookSuggestions } from '../tokens';
import type { ICellMarks } from '../widgets/suggestionMarks';
import type { ISuggestionSummary } from '../widgets/suggestionsPanel';
import { CellMarker } from './cellMarker';
import type { BranchBindingTarget } from './branchBinding';
import { InPlaceSuggesting } from './inPlaceSuggesting';
import { SuggestingMode } from './suggestingMode';

/**
 * The suggestions of one open notebook: the branch core's manager for the
 * notebook's shared model, the panel's suggesting mode, and what the widgets
 * need from them (summaries for the panel, marks for the cell editors, cell
 * labels). All calls into the branch core go through this class.
 */
export class NotebookSuggestions implements INotebookSuggestions, IDisposable {
  constructor(options: NotebookSuggestions.IOptions) {
    this.panel = options.panel;
    this._author = options.author;
    this._trans = options.trans;
    this._notify = options.notify ?? (() => undefined);
    this.manager = new SuggestionManager({
      notebook: this.notebook,
      saveDelay: options.saveDelay
    });
    this.manager.changed.connect(this._onCoreChanged, this);
    this.manager.formatUpgraded.connect((_, { from, to }) => {
      Notification.info(
        this._trans.__(
          'This notebook was upgraded from nbformat %1 to %2 so that its saved suggestions find their cells after a reopen (%2 keeps cell ids). To keep the old format, close it without saving.',
          from.join('.'),
          to.join('.')
        ),
        { autoClose: 12000 }
      );
    }, this);
    this.manager.keptLost.connect((_, { cellIds }) => {
      Notification.warning(
        this._trans._n(
          'A collaborator rejected a new cell of your suggestion while you were typing in it: what you typed there after the reject went with the cell (%2).',
          'A collaborator rejected new cells of your suggestion while you were typing in them: what you typed there after the reject went with the cells (%2).',
          cellIds.length,
          cellIds.join(', ')
        ),
        { autoClose: false }
      );
    }, this);
    const modeOptions = {
      panel: this.panel,
      branch: () => this._ownBranch()
    };
    // The switch: the model swap (default), or the editors re-bound in place
    // (setting `switchMode`, docs/branches.md).
    this._mode =
      options.switchMode === 'inPlace'
        ? new InPlaceSuggesting(modeOptions)
        : new SuggestingMode(modeOptions);
    this._mode.changed.connect(this._onCoreChanged, this);
    const execute = options.execute ?? (() => undefined);
    this._marker = new CellMarker({
      panel: this.panel,
      labels: change => this.cellLabel(change),
      actions: {
        onAccept: changeId => execute(CommandIDs.acceptChange, { changeId }),
        onReject: changeId => execute(CommandIDs.rejectChange, { changeId }),
        labels: {
          accept: this._trans.__('Accept'),
          reject: this._trans.__('Reject')
        }
      }
    });
    NotebookActions.executionScheduled.connect(this._onRunScheduled, this);
    // Write the records before the file is written, not a debounce later:
    // the saved file must hold the suggestions as they are at save time.
    this.panel.context.saveState.connect(this._onSaveState, this);
    this._onCoreChanged();
  }

  /** The notebook panel. */
  readonly panel: NotebookPanel;

  /** The branch core's manager of this notebook's suggestions. */
  readonly manager: SuggestionManager;

  /** The notebook's shared model (what is saved and synced). */
  get notebook(): YNotebook {
    return this.panel.context.model.sharedModel as YNotebook;
  }

  /** Whether the panel is in suggesting mode. */
  get suggesting(): boolean {
    return this._mode.active;
  }

  /** Emitted when the suggestions or the mode change. */
  get changed(): ISignal<NotebookSuggestions, void> {
    return this._changed;
  }

  /** Whether other people's marks show while editing the notebook itself. */
  get showMarksWhileEditing(): boolean {
    return this._showMarksWhileEditing;
  }
  set showMarksWhileEditing(value: boolean) {
    this._showMarksWhileEditing = value;
    this._marksByDoc = new WeakMap();
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * What the editor of the notebook's cell `cellId` is bound to: with the
   * in-place switch, the branch's copy of the cell while suggesting; else
   * null (the editor shows the model it belongs to).
   */
  bindingTargetFor(cellId: string): BranchBindingTarget {
    return this._mode instanceof InPlaceSuggesting
      ? this._mode.targetFor(cellId)
      : null;
  }

  /** Switch suggesting mode. */
  setSuggesting(on: boolean): void {
    this._mode.setActive(on);
  }

  /** Every change of every suggestion, in notebook order. */
  changes(): ICellChange[] {
    const out: ICellChange[] = [];
    for (const branch of this.manager.branches) {
      out.push(...branch.changes());
    }
    return out;
  }

  /** What the Suggestions panel shows. */
  summaries(): ISuggestionSummary[] {
    // Only read when a suggestion adds a cell (a walk over every cell).
    let inNotebook: Map<string, number> | null = null;
    const positions = () =>
      (inNotebook ??= new Map(
        cellIds(this.notebook.ydoc).map((id, index) => [id, index])
      ));
    return this.manager.branches.map(branch => ({
      id: branch.id,
      author: branch.author,
      time: branch.time,
      changes: branch.changes().map(change => {
        // A new cell has no position in the notebook; its place in the
        // suggestion is another cell's number there (both entries read
        // "Cell 5"): it is named by the notebook's cell it comes after.
        const inserted =
          change.baseIndex === null && change.kinds.includes('inserted');
        const position = inserted
          ? null
          : (change.baseIndex ?? change.proposedIndex);
        const source = change.proposedSource || change.baseSource;
        let added = 0;
        let removed = 0;
        for (const hunk of change.hunks) {
          added += hunk.proposedLines.length;
          removed += hunk.baseLines.length;
        }
        if (change.kinds.includes('inserted')) {
          added = lineCount(change.proposedSource);
        } else if (change.kinds.includes('deleted')) {
          removed = lineCount(change.baseSource);
        }
        return {
          id: change.id,
          cellId: change.cellId,
          position: position === null ? null : position + 1,
          kind: inserted
            ? this._insertedLabel(branch, change.cellId, positions())
            : shownKinds(change)
                .map(kind => this._kindLabel(kind, change))
                .join(', '),
          added,
          removed,
          conflict: change.conflict
            ? this._conflictLabel(change.conflict)
            : undefined,
          preview: source.split('\n').find(line => line.trim()) ?? ''
        };
      })
    }));
  }

  /**
   * The marks for the editor of a cell of `doc` (the notebook's model in
   * editing mode, a branch's in suggesting mode), or null.
   */
  marksFor(doc: YNotebook, cellId: string): ICellMarks | null {
    if (
      doc === this.notebook &&
      this.suggesting &&
      this._mode instanceof InPlaceSuggesting
    ) {
      // The notebook's editors show the user's branch (in-place switch).
      const own = this._ownBranchIfAny();
      doc = own?.hasView ? own.doc : doc;
    }
    // Every rendered editor asks after each change: the marks of a
    // document are worked out once per change, not once per editor.
    let byCell = this._marksByDoc.get(doc);
    if (!byCell) {
      byCell = this._marksOf(doc);
      this._marksByDoc.set(doc, byCell);
    }
    return byCell.get(cellId) ?? null;
  }

  /** The marks of the cells of `doc` (see `marksFor`), by cell id. */
  private _marksOf(doc: YNotebook): Map<string, ICellMarks> {
    const out = new Map<string, ICellMarks>();
    if (doc === this.notebook) {
      if (!this.showMarksWhileEditing) {
        return out;
      }
      // The first suggestion that edits each cell's text.
      for (const branch of this.manager.branches) {
        for (const change of branch.changes()) {
          if (!out.has(change.cellId) && change.kinds.includes('source')) {
            out.set(change.cellId, this._marksOfChange(change, 'base'));
          }
        }
      }
      return out;
    }
    const branch = this.manager.branches.find(b => b.hasView && b.doc === doc);
    const seen = new Set<string>();
    for (const change of branch?.changes() ?? []) {
      if (seen.has(change.cellId)) {
        continue;
      }
      seen.add(change.cellId);
      if (change.kinds.includes('source')) {
        out.set(change.cellId, this._marksOfChange(change, 'proposed'));
      }
    }
    return out;
  }

  /**
   * The marks of one change's cell, in the document that `shows` one side
   * of it: the other side is what the marks compare against.
   */
  private _marksOfChange(
    change: ICellChange,
    shows: ICellMarks['shows']
  ): ICellMarks {
    return {
      other: shows === 'base' ? change.proposedSource : change.baseSource,
      shows,
      author: change.author,
      time: change.time,
      changeId: change.id,
      conflict: change.conflict
        ? this._conflictLabel(change.conflict)
        : undefined
    };
  }

  /** Whether `doc` is this notebook's model or one of its branches. */
  owns(doc: YNotebook): boolean {
    // Asked by every rendered editor after each change: remembered, since a
    // document that was a branch's stays one of this notebook's.
    if (doc === this.notebook || this._ownDocs.has(doc)) {
      return true;
    }
    if (this.manager.branches.some(b => b.hasView && b.doc === doc)) {
      this._ownDocs.add(doc);
      return true;
    }
    return false;
  }

  /** The label shown on a cell for a change (new, deleted, moved...). */
  cellLabel(change: ICellChange): string | null {
    const structural = shownKinds(change).filter(k => k !== 'source');
    if (!structural.length && !change.conflict) {
      return null;
    }
    const what = structural.map(kind => {
      if (kind === 'type' && change.type) {
        return this._trans.__(
          'type: %1 → %2',
          change.type.base,
          change.type.proposed
        );
      }
      if (
        kind === 'moved' &&
        change.baseIndex !== null &&
        change.proposedIndex !== null
      ) {
        // Both places: the label shows on the notebook's cell (where it is)
        // and on the branch's (where it would go).
        return this._trans.__(
          'moved: cell %1 → %2',
          change.baseIndex + 1,
          change.proposedIndex + 1
        );
      }
      return this._kindLabel(kind);
    });
    if (change.conflict) {
      what.push(this._conflictLabel(change.conflict));
    }
    return this._trans.__(
      '%1 — suggested by %2',
      what.join(', '),
      change.author.name
    );
  }

  // --- review actions: each returns a message for the user, or null -------

  /** Accept one change. */
  acceptChange(changeId: string): string | null {
    return this._review(() => this.manager.acceptChange(changeId));
  }

  /** Reject one change. */
  rejectChange(changeId: string): string | null {
    return this._review(() => this.manager.rejectChange(changeId));
  }

  /** Accept a whole suggestion. */
  acceptBranch(branchId: string): string | null {
    return this._review(() => this.manager.acceptBranch(branchId));
  }

  /** Reject a whole suggestion. */
  rejectBranch(branchId: string): string | null {
    return this._review(() => this.manager.rejectBranch(branchId));
  }

  /** Accept every suggestion. */
  acceptAll(): string | null {
    return this._review(() => this.manager.acceptAll());
  }

  /** Reject every suggestion. */
  rejectAll(): string | null {
    return this._review(() => this.manager.rejectAll());
  }

  /** Accept the suggestions on the active cell. */
  acceptActiveCell(): string | null {
    const cellId = this._activeCellId();
    return cellId
      ? this._review(() => this.manager.acceptCell(cellId))
      : this._trans.__('No active cell.');
  }

  /** Reject the suggestions on the active cell. */
  rejectActiveCell(): string | null {
    const cellId = this._activeCellId();
    return cellId
      ? this._review(() => this.manager.rejectCell(cellId))
      : this._trans.__('No active cell.');
  }

  /**
   * Scroll to the cell of a change and make it active; for a cell the view
   * does not hold (deleted in the suggestion, new in the notebook's view),
   * to its ghost cell, after making the cell before it active.
   */
  showChange(changeId: string): void {
    const change = this.changes().find(c => c.id === changeId);
    if (!change) {
      return;
    }
    if (this._activateCell(change.cellId)) {
      return;
    }
    const placed = this._ghosts().find(g => g.ghost.changeId === changeId);
    if (!placed) {
      return;
    }
    const index = this.panel.content.widgets.findIndex(
      w => w.model.id === placed.after
    );
    const notebook = this.panel.content;
    notebook.activeCellIndex = Math.max(0, index);
    void notebook.scrollToItem(Math.max(0, index)).then(() => {
      requestAnimationFrame(() => {
        const node = this._marker.ghostNode(changeId);
        node?.scrollIntoView({ block: 'nearest' });
        node?.classList.add('jp-mod-shown');
        setTimeout(() => node?.classList.remove('jp-mod-shown'), 1500);
      });
    });
  }

  /** Go to the next (1) or previous (-1) change after the active cell. */
  goToChange(step: 1 | -1): void {
    const notebook = this.panel.content;
    const order = notebook.widgets.map(w => w.model.id);
    const changed = new Set(this.changes().map(c => c.cellId));
    const positions = order
      .map((id, index) => (changed.has(id) ? index : -1))
      .filter(index => index >= 0);
    if (!positions.length) {
      return;
    }
    const active = notebook.activeCellIndex;
    const next =
      step > 0
        ? (positions.find(p => p > active) ?? positions[0])
        : ([...positions].reverse().find(p => p < active) ??
          positions[positions.length - 1]);
    notebook.activeCellIndex = next;
    void notebook.scrollToItem(next);
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    NotebookActions.executionScheduled.disconnect(this._onRunScheduled, this);
    this._marker.dispose();
    this._mode.dispose();
    this.manager.dispose();
    Signal.clearData(this);
  }

  private _ownBranch(): Branch {
    return this.manager.branchFor(this._author());
  }

  private _review(action: () => unknown): string | null {
    try {
      const result = action() as any;
      const refused = result?.refused as
        { cellId: string; reason: string }[] | undefined;
      if (refused?.length) {
        return this._trans.__(
          'Some changes could not be accepted: %1',
          refused.map(r => this._conflictLabel(r.reason)).join('; ')
        );
      }
      return null;
    } catch (reason) {
      return reason instanceof Error ? reason.message : String(reason);
    }
  }

  private _activeCellId(): string | null {
    return this.panel.content.activeCell?.model.id ?? null;
  }

  /** Make a cell of the view active and scroll to it; false if absent. */
  private _activateCell(cellId: string): boolean {
    const notebook = this.panel.content;
    const index = notebook.widgets.findIndex(w => w.model.id === cellId);
    if (index < 0) {
      return false;
    }
    notebook.activeCellIndex = index;
    void notebook.scrollToItem(index);
    return true;
  }

  /** The user's own branch, if they have one (not created here). */
  private _ownBranchIfAny(): Branch | null {
    const author = this._author();
    return this.manager.branches.find(b => b.author.id === author.id) ?? null;
  }

  /**
   * The changes whose marks the view shows: in suggesting mode the view is
   * the user's own branch, so only its changes; while editing, everyone's.
   */
  private _shownChanges(): ICellChange[] {
    if (!this.suggesting) {
      return this.changes();
    }
    return this._ownBranchIfAny()?.changes() ?? [];
  }

  /**
   * The cells the view does not hold, placed: in suggesting mode the cells
   * the user's branch deletes (where they were in the notebook), while
   * editing the cells every branch inserts (where they are in the branch).
   */
  private _ghosts(): CellMarker.IPlacedGhost[] {
    const shown = new Set(this.panel.content.widgets.map(w => w.model.id));
    const out: CellMarker.IPlacedGhost[] = [];
    const branches = this.suggesting
      ? [this._ownBranchIfAny()].filter((b): b is Branch => !!b)
      : this.manager.branches;
    // In place, the view holds the notebook's cells in both modes: the
    // cells to add are the ones the branch inserts.
    const kind =
      this.suggesting && !(this._mode instanceof InPlaceSuggesting)
        ? 'deleted'
        : 'inserted';
    for (const branch of branches) {
      let order: string[] | null = null;
      for (const change of branch.changes()) {
        if (!change.kinds.includes(kind) || shown.has(change.cellId)) {
          continue;
        }
        order ??= cellIds(
          kind === 'deleted' ? this.notebook.ydoc : branch.ydoc
        );
        const after = shownBefore(order, change.cellId, shown);
        if (after === undefined) {
          continue;
        }
        out.push({
          after,
          ghost: {
            changeId: change.id,
            kind,
            label: this.cellLabel(change) ?? '',
            source:
              kind === 'deleted' ? change.baseSource : change.proposedSource,
            color: change.author.color
          }
        });
      }
    }
    return out;
  }

  /**
   * A cell run while suggesting runs the code shown, in the notebook's
   * kernel; its outputs are shown in the suggestion's view only (the branch
   * core keeps them out of the suggestion: runOutput.ts). Say so on the
   * outputs, and once per page in words.
   */
  private _onRunScheduled(
    _: unknown,
    args: { notebook: Notebook; cell: Cell }
  ): void {
    if (args.notebook !== this.panel.content || !this.suggesting) {
      return;
    }
    if (this._mode instanceof InPlaceSuggesting) {
      // The in-place switch (experimental) does not route runs yet: the
      // notebook's own cell runs. Say so rather than let the user believe
      // the code shown ran.
      if (!told.runsInPlace) {
        told.runsInPlace = true;
        this._notify(
          this._trans.__(
            "In suggesting mode without a model swap (experimental), running a cell runs the notebook's own code, not your suggestion, and its output is the notebook's."
          )
        );
      }
      return;
    }
    const branch = this._ownBranchIfAny();
    if (!branch) {
      return;
    }
    this._ranIn.set(args.cell.model.id, branch.doc);
    if (!told.runsWhileSuggesting) {
      told.runsWhileSuggesting = true;
      this._notify(
        this._trans.__(
          "In suggesting mode, running a cell runs the code you see, in the notebook's kernel. Its output shows in suggesting mode only: it is not saved and not part of your suggestion. The notebook's own outputs are unchanged."
        )
      );
    }
    this._onCoreChanged();
  }

  /** The cells whose outputs, as shown, are of a run while suggesting. */
  private _runCells(): Set<string> {
    const out = new Set<string>();
    if (!this.suggesting) {
      return out;
    }
    const doc = this._ownBranchIfAny()?.doc;
    for (const [cellId, ranIn] of this._ranIn) {
      // A reject rebuilds the branch on a new document: the run's outputs
      // went with the old one.
      if (ranIn === doc) {
        out.add(cellId);
      }
    }
    return out;
  }

  /**
   * "new cell after cell 4" (the notebook's cell before it in the
   * suggestion), or "new cell at the top".
   */
  private _insertedLabel(
    branch: Branch,
    cellId: string,
    inNotebook: Map<string, number>
  ): string {
    const order = cellIds(branch.ydoc);
    for (let k = order.indexOf(cellId) - 1; k >= 0; k--) {
      const index = inNotebook.get(order[k]);
      if (index !== undefined) {
        return this._trans.__('new cell after cell %1', index + 1);
      }
    }
    return this._trans.__('new cell at the top');
  }

  private _kindLabel(kind: string, change?: ICellChange): string {
    const trans = this._trans;
    if (kind === 'type' && change?.type) {
      return trans.__(
        'type changed: %1 → %2',
        change.type.base,
        change.type.proposed
      );
    }
    switch (kind) {
      case 'inserted':
        return trans.__('new cell');
      case 'deleted':
        return trans.__('deleted cell');
      case 'moved':
        return trans.__('moved');
      case 'type':
        return trans.__('type changed');
      case 'metadata':
        return trans.__('metadata changed');
      case 'notebook-metadata':
        return trans.__('notebook metadata changed');
      default:
        return trans.__('edited');
    }
  }

  private _conflictLabel(reason: string): string {
    const trans = this._trans;
    switch (reason) {
      case 'deleted-in-notebook':
        return trans.__('conflict: the cell was deleted in the notebook');
      case 'rewritten-in-notebook':
        return trans.__('conflict: the cell was rewritten in the notebook');
      case 'recreated-in-notebook':
        return trans.__(
          'conflict: the cell was moved or retyped in the notebook meanwhile'
        );
      case 'base-changed':
        return trans.__('conflict: the cell changed on disk');
      case 'anchor-missing':
        return trans.__(
          'conflict: the cell this one goes after is no longer in the notebook'
        );
      default:
        return trans.__('conflict');
    }
  }

  private _onSaveState(_: unknown, state: string): void {
    if (state === 'started') {
      this.manager.save();
    }
  }

  private _onCoreChanged(): void {
    this._marksByDoc = new WeakMap();
    this._marker.update({
      changes: this._shownChanges(),
      ghosts: this._ghosts(),
      runNote: {
        cells: this._runCells(),
        text: this._trans.__(
          'Output of the code shown, run while suggesting: not saved, not part of the suggestion'
        )
      }
    });
    this._changed.emit();
  }

  private _author: () => IAuthor;
  private _trans: TranslationBundle;
  private _notify: (message: string) => void;
  private _ranIn = new Map<string, YNotebook>();
  private _showMarksWhileEditing = true;
  private _ownDocs = new WeakSet<YNotebook>();
  /** The marks of each document, until the next change (see `marksFor`). */
  private _marksByDoc = new WeakMap<YNotebook, Map<string, ICellMarks>>();
  private _mode: SuggestingMode | InPlaceSuggesting;
  private _marker: CellMarker;
  private _isDisposed = false;
  private _changed = new Signal<NotebookSuggestions, void>(this);
}

/**
 * The namespace of `NotebookSuggestions`.
 */
export namespace NotebookSuggestions {
  /** The options of a `NotebookSuggestions`. */
  export interface IOptions {
    panel: NotebookPanel;
    author: () => IAuthor;
    trans: TranslationBundle;
    saveDelay?: number;
    /**
     * How suggesting mode is switched on: 'swap' (the notebook widget shows
     * a model of the branch) or 'inPlace' (the editors are re-bound to the
     * branch's cells; the text path only). Default 'swap'.
     */
    switchMode?: 'swap' | 'inPlace';
    /** Run a command (the ghost cells' buttons only forward intent). */
    execute?: (id: string, args: Record<string, string>) => unknown;
    /** Tell the user something (a notification). */
    notify?: (message: string) => void;
  }
}

/**
 * The kinds a change is shown as. A retyped cell is recreated as a cell of
 * the other type (JupyterLab's `changeCellType`), whose metadata differs by
 * what the types carry: `trusted` is set on a new code cell and cleared on
 * any other. Those keys alone are no metadata change a reviewer made; any
 * other key is.
 */
function shownKinds(change: ICellChange): ICellChange['kinds'] {
  if (!change.kinds.includes('type') || !change.kinds.includes('metadata')) {
    return change.kinds;
  }
  const keys = [
    ...(change.metadata?.set ?? []),
    ...(change.metadata?.removed ?? [])
  ];
  return keys.every(key => RETYPE_METADATA.has(key))
    ? change.kinds.filter(k => k !== 'metadata')
    : change.kinds;
}

/** The cell metadata keys a change of cell type writes by itself. */
const RETYPE_METADATA = new Set(['trusted']);

/** What this page has told the user once already. */
const told = { runsWhileSuggesting: false, runsInPlace: false };

function lineCount(text: string): number {
  if (!text) {
    return 0;
  }
  return text.split('\n').length;
}
