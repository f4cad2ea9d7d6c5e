/*
 * Over 500 lines, for now (575, with the follow entry points the manager
 * drives): the Branch is what its pieces (Replica,
 * Chain, touched, carry, and the pure change set, records and replay) are
 * wired through, plus the recorder of its local transactions
 * (`_onBeforeTransaction`, `_onAfterTransaction`, `_onUpdate` and their
 * per-transaction maps, about 100 lines). That recorder is the next piece
 * to move out into a file of its own (issue 12).
 */
import type { YNotebook } from '@jupyter/ydoc';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import * as Y from 'yjs';

import { Replica } from '../replica';
import { BranchNotebook, ignoreLocalState } from './branchNotebook';
import {
  carryOver,
  keepTexts,
  rewrite,
  TransactAt,
  touchedCellsNow
} from './carry';
import { cellsOf } from './cells';
import { Chain } from './chain';
import { computeChanges } from './changeset';
import { FOLLOW, MIRROR, REBUILD } from './origins';
import { replayRecords } from './replay';
import { onlyRunOutput } from './runOutput';
import { touchesChangeSet } from './staleness';
import { cellOfOrigin, cellsTouchedBy, newBases } from './touched';
import {
  IAuthor,
  IBranchEditTarget,
  IBranchState,
  ICellChange,
  ICellRecord,
  IChainEntry,
  NOTEBOOK_CELL
} from './types';

import { freshClientId } from './updates';

/** Aliased: the namespace below re-exports it under the same name. */
const NOTEBOOK_CELL_ID = NOTEBOOK_CELL;

export type { IChainEntry } from './types';

/**
 * A suggestion branch: a forked replica of a notebook's shared document,
 * edited apart from it.
 *
 * - It **follows** the notebook: every update of the notebook is applied to
 *   the branch too, so its difference from the notebook is only its own
 *   operations, and concurrent edits merge at the character level.
 * - Its own operations are recorded as **chains**: before each local
 *   transaction the branch's client id is switched to the one kept for the
 *   cell being edited (a fresh one for structural edits), so each cell's
 *   operations form their own chain of updates that can be accepted alone —
 *   Yjs integrates a client's operations in clock order, so one client's
 *   operations must never be split between an accepted and a kept change.
 * - **Accepting** applies the chain's exact updates to the notebook (same
 *   Yjs items, so nothing is duplicated when they flow back); **rejecting**
 *   rebuilds the branch from the notebook plus the remaining chains.
 *
 * The document is a `Replica` (../replica.ts: fork, follow, rebuild, and a
 * `YNotebook` built the first time someone asks for `doc`); the entries and
 * per-cell clients are a `Chain` (chain.ts). The change set, the saved
 * records and the replay are functions of the branch's state
 * (`IBranchState`): the branch calls them, they never call back.
 */
export class Branch implements IDisposable, IBranchState, IBranchEditTarget {
  constructor(options: Branch.IOptions) {
    this.id = options.id ?? `branch-${freshClientId().toString(36)}`;
    this.author = options.author;
    this.created = options.created ?? Date.now();
    this._notebook = options.notebook;
    this._onEntry = options.onEntry ?? null;
    this._isLocal = options.isLocal ?? (tr => tr.local);
    this._replica = new Replica({
      notebook: this._notebook,
      createView: () => new BranchNotebook({ notebook: this._notebook }),
      origin: FOLLOW,
      rebuildOrigin: REBUILD,
      // A cell moved or retyped by this peer (an edit in editing mode, an
      // accept, an undo): the branch carries its edits of that cell over.
      mark: tr =>
        this._isLocal(tr) &&
        tr.changed.has(cellsOf(this._notebook.ydoc) as any),
      follow: this._follow,
      attach: this._attach,
      detach: this._detach
    });
    // A branch of a manager is driven by it (the one listener of the
    // notebook); one on its own follows the notebook itself.
    this._listens = !options.driven;
    if (this._listens) {
      this._replica.listen();
      this._notebook.ydoc.on('beforeObserverCalls', this._invalidateFor);
    }
    for (const entry of options.entries ?? []) {
      this.applyEntry(entry);
    }
  }

  /** The branch's id, stable for its life and saved with it. */
  readonly id: string;

  /** Who suggests. */
  readonly author: IAuthor;

  /** When the branch was created (ms since the epoch). */
  readonly created: number;

  /** The notebook the branch forks. */
  get notebook(): YNotebook {
    return this._notebook;
  }

  /** The branch's document (raw); replaced when the branch is rebuilt. */
  get ydoc(): Y.Doc {
    return this._replica.ydoc;
  }

  /**
   * The branch as a `YNotebook`: edit it to suggest. Built on first use, and
   * replaced when the branch is rebuilt after a reject (`docReplaced`).
   */
  get doc(): YNotebook {
    return this._replica.materialize();
  }

  /** Whether `doc` has been built (a UI or the agent is using the branch). */
  get hasView(): boolean {
    return this._replica.view !== null;
  }

  /** Emitted when the branch's changes may have changed. */
  get changed(): ISignal<Branch, void> {
    return this._changed;
  }

  /**
   * Goes up each time the cached change set is dropped: a `changed` that
   * leaves it the same (the branch followed an edit of a cell it does not
   * touch, or of the chat) is one the manager need not pass on.
   */
  get version(): number {
    return this._version;
  }

  /** Emitted when `doc` is replaced by a rebuilt one. */
  get docReplaced(): ISignal<Branch, YNotebook> {
    return this._docReplaced;
  }

  /** The recorded chain entries, oldest first. */
  get entries(): readonly IChainEntry[] {
    return this._chain.entries;
  }

  /** When the branch last changed. */
  get time(): number {
    return this.entries.reduce((t, e) => Math.max(t, e.time), this.created);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Run programmatic edits of `doc` attributed to the chain of cell `cellId`
   * (`null`: a structural edit — insert, delete, move, type change — whose
   * cells are found after the fact).
   */
  transactCell(cellId: string | null, fn: () => void): void {
    this._transact(this.doc.ydoc, cellId, fn);
  }

  /**
   * `transactCell` with the entry dated `time` instead of now: edits made
   * again for an edit made then (a hunk review, hunks.ts), so that the
   * suggestion keeps its own time.
   */
  transactCellAt(cellId: string, time: number, fn: () => void): void {
    this._transactAt(cellId, time, fn);
  }

  /**
   * The branch's changes, per cell, against the notebook as it is now.
   * With `includeSilent`, also the cells it recreated that no longer differ
   * from the notebook but in the notebook's later edits (see changeset.ts).
   */
  changes(includeSilent = false): ICellChange[] {
    // Kept until either document or the entries change: every rendered
    // cell editor asks for its marks when anything changes, and computing
    // the set each time made a keystroke in a 1,000-cell notebook with 20
    // suggestions cost 200 ms instead of 45 (issue 4's benchmark).
    let changes = this._changesCache.get(includeSilent);
    if (!changes) {
      changes = computeChanges(this, includeSilent);
      this._changesCache.set(includeSilent, changes);
    }
    return [...changes];
  }

  /** The text a change of a cell started from (`Chain.baseSourceOf`). */
  baseSourceOf(cellId: string): string | undefined {
    return this._chain.baseSourceOf(cellId);
  }

  /** The cells the branch's operations touched. */
  touchedCells(): Set<string> {
    return this._chain.touchedCells();
  }

  /** The entries to accept (or reject) for some cells (`Chain.closure`). */
  closure(
    cellIds: Iterable<string>,
    direction: 'dependencies' | 'dependents'
  ): { clients: Set<number>; cells: Set<string> } {
    return this._chain.closure(cellIds, direction);
  }

  /** The merged update of some clients' entries. */
  mergedUpdate(clients: Set<number>): Uint8Array {
    return this._chain.mergedUpdate(clients);
  }

  /**
   * Forget entries whose operations are now in the notebook (after an
   * accept): the branch keeps the items, the notebook has them.
   */
  forget(entries: Iterable<IChainEntry>): void {
    const gone = new Set(entries);
    const clients = new Set([...gone].map(e => e.client));
    this._chain.remove(e => gone.has(e), clients);
    this._invalidate();
    this._changed.emit();
  }

  /**
   * Drop the entries of some clients and rebuild the branch from the
   * notebook plus the remaining entries (after a reject).
   *
   * `keep`: entries among them that the reject did not cover (made here
   * after a collaborator rejected their chain, before the reject arrived).
   * Their text edits are made again on top of what is left, as new
   * operations (carry.ts: `keepTexts`, `rewrite`); cells they edited that
   * the reject removed are returned.
   */
  drop(clients: Set<number>, keep: readonly IChainEntry[] = []): string[] {
    const texts = keep.length
      ? keepTexts(this._notebook.ydoc, this.ydoc, this.entries, keep)
      : null;
    this._chain.remove(e => clients.has(e.client), clients);
    this._invalidate();
    this._replica.rebuild(
      this.entries.map(e => e.update),
      view => this._docReplaced.emit(view)
    );
    this._changed.emit();
    return texts ? rewrite(this.ydoc, texts, this._transactAt) : [];
  }

  /**
   * Follow one update of the notebook (its 'update' event's arguments). The
   * branch does not listen to the notebook itself: its manager is the one
   * listener and drives every branch from it (`SuggestionManager`).
   */
  follow(
    update: Uint8Array,
    origin: unknown,
    doc: Y.Doc,
    tr: Y.Transaction
  ): void {
    this._replica.follow(update, origin, doc, tr);
  }

  /**
   * Before a notebook transaction's observers run (called by the manager,
   * as `follow`): forget the cached changes if it can change them.
   */
  beforeNotebookObservers(tr: Y.Transaction): void {
    if (!this._isDisposed) {
      this._invalidateFor(tr);
    }
  }

  /** Whether an entry was made by this replica (not applied from elsewhere). */
  isOwnEntry(entry: IChainEntry): boolean {
    return this._chain.isOwn(entry);
  }

  /**
   * Apply an entry made elsewhere (the same branch on another peer, or a
   * saved chain), keeping it as an entry of this branch.
   */
  applyEntry(entry: IChainEntry): void {
    this._invalidate();
    this._chain.add(entry, false);
    Y.applyUpdate(this.ydoc, entry.update, MIRROR);
    this._changed.emit();
  }

  /**
   * Replay saved cell records as new operations of this branch: after a
   * reload (the notebook's document is new, its Yjs items unknown to the
   * records) or after an undone accept. Records that no longer apply come
   * back as conflicts, and are kept as the branch's (`replayConflicts`).
   */
  replay(records: ICellRecord[]): ICellRecord[] {
    const conflicts = replayRecords(this, this, records);
    for (const conflict of conflicts) {
      this._replayConflicts.set(conflict.cellId, conflict);
    }
    if (conflicts.length) {
      this._invalidate();
      this._changed.emit();
    }
    return conflicts;
  }

  /** Conflicts recorded by replays that could not apply, by cell id. */
  get replayConflicts(): ReadonlyMap<string, ICellRecord> {
    return this._replayConflicts;
  }

  /** Forget the replay conflict of a cell (it was rejected). */
  clearReplayConflict(cellId: string): void {
    this._replayConflicts.delete(cellId);
    this._invalidate();
    this._changed.emit();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    if (this._listens) {
      this._notebook.ydoc.off('beforeObserverCalls', this._invalidateFor);
    }
    this._replica.dispose();
    Signal.clearData(this);
  }

  // --- internals -----------------------------------------------------------

  /** Listen to a document the replica starts using. */
  private _attach = (doc: Y.Doc): void => {
    ignoreLocalState(doc);
    this._invalidate();
    // Before the observers of a change run: they may ask for the changes.
    doc.on('beforeObserverCalls', this._invalidateFor);
    doc.on('beforeTransaction', this._onBeforeTransaction);
    doc.on('afterTransaction', this._onAfterTransaction);
    doc.on('update', this._onUpdate);
  };

  private _detach = (doc: Y.Doc): void => {
    doc.off('beforeObserverCalls', this._invalidateFor);
    doc.off('beforeTransaction', this._onBeforeTransaction);
    doc.off('afterTransaction', this._onAfterTransaction);
    doc.off('update', this._onUpdate);
  };

  private _isOwn(origin: unknown): boolean {
    return origin !== FOLLOW && origin !== REBUILD && origin !== MIRROR;
  }

  /** Forget the cached changes: a document or the entries changed. */
  private _invalidate = () => {
    this._changesCache.clear();
    this._version++;
  };

  /**
   * Forget the cached changes before a transaction's observers run, when
   * it can change them (staleness.ts): a follow of the notebook, or the
   * notebook's own transaction, only when it reaches the cells the change
   * set compares; the branch's own edits, when they reach any cell.
   */
  private _invalidateFor = (tr: Y.Transaction) => {
    const own = tr.doc !== this._notebook.ydoc && this._isOwn(tr.origin);
    const compared = own
      ? null
      : () =>
          new Set([...this.touchedCells(), ...this._replayConflicts.keys()]);
    if (touchesChangeSet(tr, compared)) {
      this._invalidate();
    }
  };

  /** Choose the client id of a local transaction: one per edited cell. */
  private _onBeforeTransaction = (tr: Y.Transaction, doc: Y.Doc) => {
    if (!this._isOwn(tr.origin)) {
      return;
    }
    const cellId =
      this._pendingCell === undefined
        ? cellOfOrigin(tr.origin, this._originCells)
        : this._pendingCell;
    let client = cellId ? this._chain.clientOf(cellId) : undefined;
    if (client === undefined) {
      client = freshClientId();
    }
    doc.clientID = client;
    this._decided.set(tr, cellId);
    this._clients.set(tr, client);
  };

  /** Find the cells a local transaction touched. */
  private _onAfterTransaction = (tr: Y.Transaction, doc: Y.Doc) => {
    if (!this._isOwn(tr.origin)) {
      return;
    }
    // The client chosen for this transaction: a transaction opened by an
    // observer meanwhile (@jupyter/ydoc reads a text event's delta in one)
    // may have switched doc.clientID already.
    const client = this._clients.get(tr) ?? doc.clientID;
    const cells = cellsOf(doc);
    if (onlyRunOutput(tr, doc)) {
      // A cell run while suggesting, or the kernel's spec: shown, not
      // suggested (runOutput.ts). Its client was fresh (JupyterLab writes
      // outputs with no origin; the kernel's metadata as a structural edit)
      // and stays nobody's chain, so no recorded operation builds on it.
      this._runOutputs.add(tr);
      return;
    }
    const { touched, copies } = cellsTouchedBy(tr, cells, client);
    const cellId = this._decided.get(tr);
    if (touched.size === 1) {
      const only = [...touched][0];
      if (only !== NOTEBOOK_CELL && cellId !== null) {
        this._chain.claim(only, client);
        const origin = tr.origin as any;
        if (origin && typeof origin === 'object' && origin !== this) {
          this._originCells.set(origin, only);
        }
      }
    }
    this._touched.set(tr, {
      cells: [...touched],
      bases: newBases(touched, copies, this._notebook.ydoc, id =>
        this.baseSourceOf(id)
      )
    });
  };

  /** Record the update of a local transaction in its chain. */
  private _onUpdate = (
    update: Uint8Array,
    origin: unknown,
    doc: Y.Doc,
    tr: Y.Transaction
  ) => {
    if (!this._isOwn(origin) || this._runOutputs.has(tr)) {
      return;
    }
    const touched = this._touched.get(tr);
    const entry: IChainEntry = {
      client: this._clients.get(tr) ?? doc.clientID,
      cells: touched?.cells ?? [NOTEBOOK_CELL],
      update,
      time: this._pendingTime ?? Date.now()
    };
    if (touched && Object.keys(touched.bases).length) {
      entry.bases = touched.bases;
    }
    this._chain.add(entry, true);
    this._invalidate();
    this._onEntry?.(this, entry);
    this._changed.emit();
  };

  /**
   * Follow a notebook update (`apply`), and when it may recreate cells
   * (`recreates`: a transaction of this peer changed the cells array), carry
   * the branch's edits of each recreated cell over (carry.ts, `carryOver`).
   *
   * Only the peer whose transaction recreated the cell does this (`local`);
   * the others receive the new entry like any other, so exactly one copy of
   * the edits is made. (A cell recreated by a peer without this extension
   * leaves the edit in the original, as before.)
   */
  private _follow = (apply: () => void, recreates: boolean): void => {
    const before = recreates
      ? touchedCellsNow(this.ydoc, this.touchedCells())
      : null;
    apply();
    if (before?.size) {
      carryOver(
        this.ydoc,
        before,
        id => this._chain.lastTimeOf(id),
        this._transactAt
      );
    }
    this._changed.emit();
  };

  /** Run edits of `doc` (the branch's) attributed to a cell's chain. */
  private _transact(doc: Y.Doc, cellId: string | null, fn: () => void): void {
    const previous = this._pendingCell;
    this._pendingCell = cellId;
    try {
      doc.transact(fn, this);
    } finally {
      this._pendingCell = previous;
    }
  }

  /** `_transact` on the branch's document, its entry dated `time`. */
  private _transactAt: TransactAt = (cellId, time, fn) => {
    this._pendingTime = time;
    try {
      this._transact(this.ydoc, cellId, fn);
    } finally {
      this._pendingTime = null;
    }
  };

  private _notebook: YNotebook;
  private _replica: Replica;
  private _chain = new Chain();
  /** Cache of `changes`, by `includeSilent`; see `_invalidate`. */
  private _changesCache = new Map<boolean, ICellChange[]>();
  private _version = 0;
  private _originCells = new WeakMap<object, string>();
  private _touched = new WeakMap<
    Y.Transaction,
    { cells: string[]; bases: Record<string, string> }
  >();
  private _decided = new WeakMap<Y.Transaction, string | null | undefined>();
  /** Local transactions that only wrote a cell run's outputs. */
  private _runOutputs = new WeakSet<Y.Transaction>();
  private _clients = new WeakMap<Y.Transaction, number>();
  private _pendingTime: number | null = null;
  private _pendingCell: string | null | undefined = undefined;
  private _replayConflicts = new Map<string, ICellRecord>();
  private _onEntry: ((branch: Branch, entry: IChainEntry) => void) | null;
  private _isLocal: (tr: Y.Transaction) => boolean;
  private _listens: boolean;
  private _isDisposed = false;
  private _changed = new Signal<Branch, void>(this);
  private _docReplaced = new Signal<Branch, YNotebook>(this);
}

/**
 * The namespace of `Branch`.
 */
export namespace Branch {
  /** The options of a `Branch`. */
  export interface IOptions {
    /** The notebook to fork and follow. */
    notebook: YNotebook;
    /** Who suggests. */
    author: IAuthor;
    /** The id (a new one when not given). */
    id?: string;
    /** The creation time (now when not given). */
    created?: number;
    /** Entries to start from (a branch shared by another peer). */
    entries?: IChainEntry[];
    /** Called with each new local entry (the manager shares it). */
    onEntry?: (branch: Branch, entry: IChainEntry) => void;
    /**
     * Whether a transaction of the notebook was made by this peer (default
     * `tr.local`). Yjs marks a transaction that applies an update as not
     * local, so an accept, which applies a branch's updates in a
     * transaction of its own, needs the manager to say so.
     */
    isLocal?: (tr: Y.Transaction) => boolean;
    /**
     * Whether something else (the manager) hands the notebook's updates to
     * `follow` and `beforeNotebookObservers`; otherwise the branch listens
     * to the notebook itself.
     */
    driven?: boolean;
  }

  /** The pseudo cell id under which notebook-level changes are filed. */
  export const NOTEBOOK_CELL = NOTEBOOK_CELL_ID;
}
