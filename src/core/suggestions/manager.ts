/*
 * Over 500 lines, for now: `SuggestionManager` is the one coordinator of a
 * notebook's branches (the shared map they travel in, accept and reject and
 * their undo, saving into the metadata), and these share its private state
 * (the branches, the entries being shared, the undo managers hooked). The
 * branch's own pieces were split out (replica, chain, change set, records,
 * replay: docs/branches.md); splitting the manager (sharing, saving) is the
 * next step of issue 12, left until the work on its emission has merged so
 * that the two do not conflict.
 */
import type { YNotebook } from '@jupyter/ydoc';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import * as Y from 'yjs';

import { readCoauthorSection, writeCoauthorSection } from '../metadata';
import { Branch } from './branch';
import { indexCells, sourceOf } from './cells';
import { isTransacting } from '../internals/yjs';
import { BOOKKEEPING } from './origins';
import { withDependents } from './updates';
import { branchToRecord } from './records';
import { reviewHunk } from './hunks';
import type {
  IAuthor,
  IBranchRecord,
  ICellChange,
  ICellRecord,
  IChainEntry,
  IReviewResult,
  ISuggestionsSection
} from './types';

/** The root type of the notebook's shared document that carries branches. */
export const BRANCHES_ROOT = 'coauthor:branches';

/** The metadata section the records are saved in. */
export const SUGGESTIONS_SECTION = 'suggestions';

/**
 * The suggestions of one notebook: its branches, shared live through the
 * notebook's own document and saved into its metadata.
 *
 * - **Shared**: each branch is an entry of the root map `coauthor:branches`
 *   (its author and an append-only array of chain entries). Every peer keeps
 *   a `Branch` for each entry, built from the notebook plus the entries, so
 *   everyone sees every suggestion live, with no server of ours.
 * - **Saved**: the branches' records (no Yjs ids) go into
 *   `metadata.coauthor.suggestions`, debounced. A notebook whose document is
 *   new (opened from disk, or a collaboration room restarted without a store)
 *   has no shared entries: the records are replayed into new branches.
 * - **Reviewed**: accept applies a closure of chain entries to the notebook
 *   with the origin JupyterLab's undo tracks; reject drops entries and
 *   rebuilds. Undoing an accept replays the accepted records.
 */
export class SuggestionManager implements IDisposable {
  constructor(options: SuggestionManager.IOptions) {
    this.notebook = options.notebook;
    this._saveDelay = options.saveDelay ?? 500;
    this._root = this.notebook.ydoc.getMap<Y.Map<any>>(BRANCHES_ROOT);
    // The one listener of the notebook for all branches: each update is
    // received once and handed to every branch (a branch does not subscribe
    // itself; manager.spec counts the listeners).
    this.notebook.ydoc.on('beforeObserverCalls', this._beforeObservers);
    this.notebook.ydoc.on('update', this._onNotebookUpdate);
    this._root.observeDeep(this._onShared);
    this._syncFromShared();
    if (this._root.size === 0) {
      this._restore();
    }
    this.notebook.undoManager.on('stack-item-popped', this._onUndo);
    this.notebook.ydoc.on('afterAllTransactions', this._flushChanged);
  }

  /** The notebook. */
  readonly notebook: YNotebook;

  /**
   * The branches, oldest first (by creation time, then id). Not in the
   * order this peer heard of them: a peer that opens the notebook later
   * reads the shared map in Yjs's order, so two people saw the suggestions
   * in different orders in the panel (issue 10's browser test).
   */
  get branches(): Branch[] {
    return [...this._branches.values()].sort(
      (a, b) =>
        a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    );
  }

  /**
   * Emitted when branches or their changes change: once per transaction of
   * the notebook's document (at its end), or per edit of a branch, with
   * the branches whose change sets it may have changed. A transaction that
   * changes no change set (an edit of a cell no branch touches, a chat
   * message) emits nothing.
   */
  get changed(): ISignal<SuggestionManager, SuggestionManager.IChanged> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** A branch by id. */
  branch(id: string): Branch | undefined {
    return this._branches.get(id);
  }

  /** The author's branch, created (and shared) on first use. */
  branchFor(author: IAuthor): Branch {
    for (const branch of this._branches.values()) {
      if (branch.author.id === author.id) {
        return branch;
      }
    }
    return this._createBranch(
      `${author.id}-${Math.random().toString(36).slice(2, 8)}`,
      author,
      Date.now()
    );
  }

  /**
   * Where the chains of a branch are in review, by client id: still shared
   * (`pending`), rejected, or with operations in the notebook's document
   * (`accepted`: an accept applies a chain's very operations); and the
   * cells the branch has a change on now. What a chat card reads to say
   * whether the edit a tool call recorded was kept or undone, by anyone.
   */
  chainState(branchId: string): SuggestionManager.IChainState | null {
    const branch = this._branches.get(branchId);
    const shared = this._root.get(branchId);
    if (!branch || !shared) {
      return null;
    }
    return {
      pending: new Set(branch.entries.map(e => e.client)),
      rejected: rejectedClients(shared),
      accepted: clientsIn(this.notebook.ydoc),
      changedCells: new Set(branch.changes().map(c => c.cellId))
    };
  }

  /** Every change of every branch. */
  changes(): ICellChange[] {
    return this.branches.flatMap(b => b.changes());
  }

  /** Accept one change (`<branch id>/<cell id>`). */
  acceptChange(changeId: string): IReviewResult {
    const [branchId, cellId] = split(changeId);
    return this._accept(branchId, [cellId]);
  }

  /** Reject one change. */
  rejectChange(changeId: string): IReviewResult {
    const [branchId, cellId] = split(changeId);
    return this._reject(branchId, [cellId]);
  }

  /**
   * Accept one hunk (`ICellChange.hunks[hunk]`) of one change; the other
   * hunks stay a suggestion (hunks.ts, docs/branches.md).
   */
  acceptHunk(changeId: string, hunk: number): IReviewResult {
    return this._reviewHunk(changeId, hunk, true);
  }

  /** Reject one hunk of one change; the other hunks stay a suggestion. */
  rejectHunk(changeId: string, hunk: number): IReviewResult {
    return this._reviewHunk(changeId, hunk, false);
  }

  /** Accept every branch's changes to a cell. */
  acceptCell(cellId: string): IReviewResult {
    return this._each(b =>
      b.changes().some(c => c.cellId === cellId)
        ? this._accept(b.id, [cellId])
        : null
    );
  }

  /** Reject every branch's changes to a cell. */
  rejectCell(cellId: string): IReviewResult {
    return this._each(b =>
      b.changes().some(c => c.cellId === cellId)
        ? this._reject(b.id, [cellId])
        : null
    );
  }

  /** Accept a whole branch. */
  acceptBranch(branchId: string): IReviewResult {
    const branch = this._branches.get(branchId);
    return branch
      ? this._accept(branchId, reviewedCells(branch), true)
      : empty();
  }

  /** Reject a whole branch. */
  rejectBranch(branchId: string): IReviewResult {
    const branch = this._branches.get(branchId);
    return branch ? this._reject(branchId, reviewedCells(branch)) : empty();
  }

  /** Accept everything. */
  acceptAll(): IReviewResult {
    return this._each(b => this.acceptBranch(b.id));
  }

  /** Reject everything. */
  rejectAll(): IReviewResult {
    return this._each(b => this.rejectBranch(b.id));
  }

  /** Write the records into the notebook's metadata now. */
  save(): void {
    if (this._saveTimer) {
      clearTimeout(this._saveTimer);
      this._saveTimer = null;
    }
    const branches: IBranchRecord[] = this.branches
      .map(branch => branchToRecord(branch))
      .filter(record => record.cells.length > 0);
    const current = readCoauthorSection<ISuggestionsSection>(
      this.notebook,
      SUGGESTIONS_SECTION
    );
    const next = branches.length ? { branches } : undefined;
    // Below nbformat 4.5 the file has no cell ids: JupyterLab and
    // jupyter-collaboration give the cells new ones at each load, and the
    // records, which name cells by id, would find none of them. Saving the
    // first suggestion upgrades the notebook to 4.5 (what `nbformat`'s own
    // v4 upgrade does: add ids), so the ids are written and persist.
    const upgrade =
      next !== undefined &&
      this.notebook.nbformat === 4 &&
      (this.notebook.nbformat_minor ?? 5) < 5;
    if (!upgrade && JSON.stringify(current) === JSON.stringify(next)) {
      return;
    }
    const from = this.notebook.nbformat_minor;
    this.notebook.ydoc.transact(() => {
      if (upgrade) {
        this.notebook.nbformat_minor = 5;
      }
      writeCoauthorSection(this.notebook, SUGGESTIONS_SECTION, next);
    }, BOOKKEEPING);
    if (upgrade) {
      this._formatUpgraded.emit({ from: [4, from], to: [4, 5] });
    }
  }

  /**
   * Emitted when saving a suggestion upgraded the notebook to nbformat 4.5
   * (so that its cell ids persist): the UI tells the user.
   */
  get formatUpgraded(): ISignal<
    SuggestionManager,
    { from: [number, number]; to: [number, number] }
  > {
    return this._formatUpgraded;
  }

  /**
   * Emitted when what this replica typed in a suggestion after a
   * collaborator rejected it could not be kept: the cells it was typed in
   * went with the reject (a rejected new cell). Say so to the user.
   */
  get keptLost(): ISignal<
    SuggestionManager,
    { branchId: string; cellIds: string[] }
  > {
    return this._keptLost;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    if (this._saveTimer) {
      clearTimeout(this._saveTimer);
    }
    this._root.unobserveDeep(this._onShared);
    this.notebook.ydoc.off('beforeObserverCalls', this._beforeObservers);
    this.notebook.ydoc.off('update', this._onNotebookUpdate);
    this.notebook.undoManager.off('stack-item-popped', this._onUndo);
    this.notebook.ydoc.off('afterAllTransactions', this._flushChanged);
    for (const branch of this._branches.values()) {
      branch.dispose();
    }
    this._branches.clear();
    Signal.clearData(this);
  }

  // --- review ---------------------------------------------------------------

  private _reviewHunk(
    changeId: string,
    hunk: number,
    accept: boolean
  ): IReviewResult {
    const [branchId, cellId] = split(changeId);
    const branch = this._branches.get(branchId);
    if (!branch) {
      return empty();
    }
    const result = reviewHunk(branch, cellId, hunk, accept, {
      drop: clients => {
        this._removeShared(branch, clients, true);
        branch.drop(clients);
      },
      accept: (id, records) => this._accept(branchId, [id], false, records),
      reject: id => this._reject(branchId, [id])
    });
    this._scheduleSave();
    return result;
  }

  private _accept(
    branchId: string,
    cellIds: string[],
    includeNotebook = false,
    undoRecords?: ICellRecord[]
  ): IReviewResult {
    const branch = this._branches.get(branchId);
    if (!branch) {
      return empty();
    }
    const cells = new Set(cellIds);
    if (includeNotebook) {
      cells.add(Branch.NOTEBOOK_CELL);
    }
    const { clients, cells: closure } = branch.closure(cells, 'dependencies');
    // One change set for the whole accept: it is the costly part.
    const all = branch.changes(true);
    const changes = all.filter(
      c => closure.has(c.cellId) || cells.has(c.cellId)
    );
    const refused = changes
      .filter(c => c.conflict)
      .map(c => ({ cellId: c.cellId, reason: c.conflict! }));
    if (refused.length || clients.size === 0) {
      return { cellIds: [], alsoCellIds: [], refused };
    }
    const records =
      undoRecords ??
      branchToRecord(
        branch,
        all.filter(c => c.kinds.length || c.conflict)
      ).cells.filter(r => closure.has(r.cellId));
    const update = branch.mergedUpdate(clients);
    const origin = this._undoOrigin(changes);
    const undo = origin === this.notebook ? this.notebook.undoManager : null;
    const cellUndo = undo ? null : (origin as any).undoManager;
    const manager: Y.UndoManager | null = undo ?? cellUndo ?? null;
    manager?.stopCapturing();
    const stale = changes.filter(c => c.staleCopy);
    const before = new Map(stale.map(c => [c.cellId, c.baseSource]));
    const onAdded = (event: { stackItem: any; origin: unknown }) => {
      if (event.origin === origin) {
        event.stackItem.meta.set(ACCEPTED, { branchId, records });
      }
    };
    manager?.on('stack-item-added', onAdded);
    if (manager && !this._hooked.has(manager)) {
      this._hooked.add(manager);
      if (manager !== this.notebook.undoManager) {
        manager.on('stack-item-popped', this._onUndo);
      }
    }
    this._accepting = true;
    this._pushing = true;
    try {
      // One transaction for the operations and the shared entries they
      // leave: each notebook transaction costs every cell's undo manager and
      // every branch's follow, in proportion to the notebook (at 10,000
      // cells the entries' own transaction was 15 ms of a 77 ms accept, CPU
      // profile of bench/run.mjs). The undo managers do not take the entries
      // along: an undo only reverts what lies in its scope, the cells.
      this.notebook.ydoc.transact(() => {
        Y.applyUpdate(this.notebook.ydoc, update);
        // A moved or retyped copy misses the notebook's edits made to the
        // original after the move: carry them over. (The index is built
        // afresh inside a transaction: only when there is a copy to mend.)
        const index = before.size ? indexCells(this.notebook.ydoc) : null;
        for (const [cellId, text] of before) {
          const cell = index!.get(cellId)?.cell;
          const source = cell?.get('source');
          if (source instanceof Y.Text && sourceOf(cell!) !== text) {
            source.delete(0, source.length);
            source.insert(0, text);
          }
        }
        this._removeShared(branch, clients);
      }, origin);
    } finally {
      this._accepting = false;
      this._pushing = false;
      manager?.off('stack-item-added', onAdded);
      manager?.stopCapturing();
    }
    if (this.notebook.ydoc.store.pendingStructs) {
      console.error(
        'jupyterlab-coauthor: an accepted suggestion left pending operations'
      );
    }
    branch.forget(branch.entries.filter(e => clients.has(e.client)));
    closure.delete(Branch.NOTEBOOK_CELL);
    return {
      cellIds: [...closure].filter(c => cells.has(c)),
      alsoCellIds: [...closure].filter(c => !cells.has(c)),
      refused: []
    };
  }

  private _reject(branchId: string, cellIds: string[]): IReviewResult {
    const branch = this._branches.get(branchId);
    if (!branch) {
      return empty();
    }
    const cells = new Set(cellIds);
    const { clients, cells: closure } = branch.closure(cells, 'dependents');
    for (const cellId of cells) {
      if (branch.replayConflicts.has(cellId)) {
        branch.clearReplayConflict(cellId);
      }
    }
    if (clients.size) {
      this._removeShared(branch, clients, true);
      branch.drop(clients);
    }
    this._scheduleSave();
    return {
      cellIds: [...closure].filter(c => cells.has(c)),
      alsoCellIds: [...closure].filter(c => !cells.has(c)),
      refused: []
    };
  }

  private _each(action: (b: Branch) => IReviewResult | null): IReviewResult {
    const out = empty();
    for (const branch of this.branches) {
      const result = action(branch);
      if (result) {
        out.cellIds.push(...result.cellIds);
        out.alsoCellIds.push(...result.alsoCellIds);
        out.refused.push(...result.refused);
      }
    }
    return out;
  }

  /**
   * The origin JupyterLab's undo managers track: the notebook's shared cell
   * for an accept that only edits the text or metadata of one existing cell
   * (its own undo manager, Ctrl+Z in the cell), the notebook itself
   * otherwise (undo of cell operations in command mode).
   */
  private _undoOrigin(changes: ICellChange[]): unknown {
    if (
      changes.length === 1 &&
      changes[0].kinds.every(k => k === 'source' || k === 'metadata') &&
      this.notebook.disableDocumentWideUndoRedo
    ) {
      const cell = this.notebook.cells.find(
        c => c.getId() === changes[0].cellId
      );
      if (cell) {
        return cell;
      }
    }
    return this.notebook;
  }

  /** Undoing an accept brings the suggestion back. */
  private _onUndo = (event: { stackItem: any; type: 'undo' | 'redo' }) => {
    const accepted = event.stackItem.meta.get(ACCEPTED) as
      { branchId: string; records: any[] } | undefined;
    if (!accepted || event.type !== 'undo') {
      return;
    }
    // After the undo's transaction has reached the branches.
    queueMicrotask(() => {
      const branch = this._branches.get(accepted.branchId);
      if (branch && !branch.isDisposed) {
        branch.replay(accepted.records);
      }
    });
  };

  // --- following the notebook ------------------------------------------------

  private _beforeObservers = (tr: Y.Transaction) => {
    for (const branch of [...this._branches.values()]) {
      branch.beforeNotebookObservers(tr);
    }
  };

  /**
   * Drive every branch with one notebook update. A copy of the list: a
   * branch may be disposed or added by what a follow sets off.
   */
  private _onNotebookUpdate = (
    update: Uint8Array,
    origin: unknown,
    doc: Y.Doc,
    tr: Y.Transaction
  ) => {
    for (const branch of [...this._branches.values()]) {
      if (!branch.isDisposed) {
        branch.follow(update, origin, doc, tr);
      }
    }
  };

  // --- sharing ----------------------------------------------------------------

  private _onShared = (events: Y.YEvent<any>[], tr: Y.Transaction) => {
    // Our own pushes and removals: in a bookkeeping transaction, or in the
    // accept's own (see `_accept`); the entries they change are handled by
    // the caller.
    if (
      tr.local &&
      this._pushing &&
      (tr.origin === BOOKKEEPING || this._accepting)
    ) {
      return;
    }
    this._syncFromShared();
  };

  /**
   * Bring the local branches in line with the shared entries.
   *
   * Entries are compared by identity: a Y.Array gives back the very objects
   * that were pushed or received, and a branch keeps those objects. Entries
   * that left the shared array were accepted (forgotten: the notebook has
   * their operations) or rejected (their chain is dropped and the branch
   * rebuilt). A rejected chain is remembered in the branch's `rejected`
   * array, so that entries of it that were in flight when it was rejected
   * are dropped on every peer, not applied on some.
   */
  private _syncFromShared(): void {
    const seen = new Set<string>();
    this._root.forEach((shared, id) => {
      seen.add(id);
      const all = (shared.get('entries') as Y.Array<IChainEntry>).toArray();
      const local0 = this._branches.get(id)?.entries ?? [];
      // Entries made before their author heard of a reject may build on the
      // rejected chain: they go with it, on every peer alike.
      const rejected = withDependents(
        notAccepted(rejectedClients(shared), this.notebook.ydoc),
        [...local0, ...all]
      );
      const entries = all.filter(e => !rejected.has(e.client));
      if (entries.length < all.length) {
        this._removeLater(id, rejected);
      }
      let branch = this._branches.get(id);
      if (!branch) {
        branch = new Branch({
          notebook: this.notebook,
          author: shared.get('author') as IAuthor,
          id,
          created: shared.get('created') as number,
          entries,
          onEntry: this._onLocalEntry,
          isLocal: tr => tr.local || this._accepting,
          driven: true
        });
        branch.changed.connect(this._onBranchChanged, this);
        this._branches.set(id, branch);
        return;
      }
      const inShared = new Set(entries);
      const local = branch.entries;
      const inLocal = new Set(local);
      const removed = local.filter(e => !inShared.has(e));
      const dropped = new Set(
        local.filter(e => rejected.has(e.client)).map(e => e.client)
      );
      const keep = unseenOwnEntries(branch, dropped, rejectedSeen(shared));
      const accepted = removed.filter(e => !dropped.has(e.client));
      if (accepted.length) {
        branch.forget(accepted);
      }
      if (dropped.size) {
        this._keepAfterDrop(branch, dropped, keep);
      }
      for (const entry of entries) {
        if (!inLocal.has(entry)) {
          branch.applyEntry(entry);
        }
      }
    });
    for (const [id, branch] of [...this._branches]) {
      if (!seen.has(id)) {
        branch.dispose();
        this._branches.delete(id);
        this._pendingChanged.add(id);
      }
    }
    this._branches.forEach((_, id) => this._pendingChanged.add(id));
    this._emitChanged();
  }

  /**
   * Drop rejected chains from a branch, keeping what this replica typed in
   * them after the reject was made (`keep`, see `unseenOwnEntries`): the
   * branch makes those edits again, on chains of their own, which reach the
   * other peers as new entries (pushed from inside the observer that found
   * the reject: Yjs runs that transaction after the current one, and its
   * observers see entries the branch holds already).
   */
  private _keepAfterDrop(
    branch: Branch,
    dropped: Set<number>,
    keep: IChainEntry[]
  ): void {
    const lost = branch.drop(dropped, keep);
    if (lost.length) {
      this._keptLost.emit({ branchId: branch.id, cellIds: lost });
    }
  }

  /** Remove entries of rejected chains that arrived after the reject. */
  private _removeLater(branchId: string, rejected: Set<number>): void {
    // Not from inside the observer that found them.
    queueMicrotask(() => {
      const branch = this._branches.get(branchId);
      if (branch && !this._isDisposed) {
        this._removeShared(branch, rejected, true);
      }
    });
  }

  private _onLocalEntry = (branch: Branch, entry: IChainEntry) => {
    const shared = this._root.get(branch.id);
    if (!shared) {
      return;
    }
    this._pushing = true;
    try {
      this.notebook.ydoc.transact(() => {
        (shared.get('entries') as Y.Array<IChainEntry>).push([entry]);
      }, BOOKKEEPING);
    } finally {
      this._pushing = false;
    }
  };

  /** Remove chains from the shared entries (and remember rejected ones). */
  private _removeShared(
    branch: Branch,
    clients: Set<number>,
    rejected = false
  ): void {
    const shared = this._root.get(branch.id);
    if (!shared) {
      return;
    }
    const array = shared.get('entries') as Y.Array<IChainEntry>;
    const pushing = this._pushing;
    this._pushing = true;
    try {
      this.notebook.ydoc.transact(() => {
        const items = array.toArray();
        for (let k = items.length - 1; k >= 0; k--) {
          if (clients.has(items[k].client)) {
            array.delete(k, 1);
          }
        }
        if (rejected) {
          let list = shared.get('rejected') as Y.Array<number> | undefined;
          if (!list) {
            // A branch shared before `rejected` existed.
            list = new Y.Array<number>();
            shared.set('rejected', list);
          }
          const known = new Set(list.toArray());
          const added = [...clients].filter(c => !known.has(c));
          list.push(added);
          // How many entries of each chain this reject saw: entries made
          // after them, before the reject reached their author, are not
          // part of it (see `unseenOwnEntries`).
          let seen = shared.get('rejectedSeen') as Y.Map<number> | undefined;
          if (!seen) {
            seen = new Y.Map<number>();
            shared.set('rejectedSeen', seen);
          }
          for (const client of added) {
            seen.set(
              String(client),
              items.filter(e => e.client === client).length
            );
          }
        }
      }, BOOKKEEPING);
    } finally {
      this._pushing = pushing;
    }
  }

  private _onBranchChanged(branch: Branch): void {
    if (this._versions.get(branch) === branch.version) {
      // It followed a notebook edit that leaves its change set as it was.
      return;
    }
    this._versions.set(branch, branch.version);
    this._scheduleSave();
    this._pendingChanged.add(branch.id);
    this._emitChanged();
  }

  /**
   * Emit `changed` now, or at the end of the notebook's transactions when
   * some are running: each branch follows a notebook update on its own, and
   * emitting for each one had every listener (the marks of every rendered
   * editor, the panel) do its work once per branch per keystroke.
   */
  private _emitChanged(): void {
    if (!isTransacting(this.notebook.ydoc)) {
      this._flushChanged();
    }
  }

  private _flushChanged = () => {
    if (this._pendingChanged.size === 0 || this._isDisposed) {
      return;
    }
    const branches = this._pendingChanged;
    this._pendingChanged = new Set();
    this._changed.emit({ branches });
  };

  // --- saving -----------------------------------------------------------------

  private _scheduleSave(): void {
    if (this._isDisposed) {
      return;
    }
    if (this._saveTimer) {
      clearTimeout(this._saveTimer);
    }
    this._saveTimer = setTimeout(() => {
      this._saveTimer = null;
      if (!this._isDisposed) {
        this.save();
      }
    }, this._saveDelay);
  }

  /** A new branch, shared through the notebook's document. */
  private _createBranch(id: string, author: IAuthor, created: number): Branch {
    this.notebook.ydoc.transact(() => {
      const entry = new Y.Map<any>();
      entry.set('author', { ...author });
      entry.set('created', created);
      entry.set('entries', new Y.Array());
      entry.set('rejected', new Y.Array());
      entry.set('rejectedSeen', new Y.Map());
      this._root.set(id, entry);
    }, BOOKKEEPING);
    return this._branches.get(id)!;
  }

  private _restore(): void {
    const section = readCoauthorSection<ISuggestionsSection>(
      this.notebook,
      SUGGESTIONS_SECTION
    );
    for (const record of section?.branches ?? []) {
      if (!record?.author || !Array.isArray(record.cells)) {
        continue;
      }
      // The saved id and time, so that change ids (`<branch>/<cell>`) stay
      // the same across a reload and saving again rewrites nothing.
      const branch =
        typeof record.id === 'string' &&
        record.id &&
        !this._branches.has(record.id)
          ? this._createBranch(
              record.id,
              record.author,
              typeof record.created === 'number' ? record.created : Date.now()
            )
          : this.branchFor(record.author);
      branch.replay(record.cells);
    }
  }

  private _root: Y.Map<Y.Map<any>>;
  private _branches = new Map<string, Branch>();
  private _hooked = new WeakSet<Y.UndoManager>();
  private _saveDelay: number;
  private _saveTimer: ReturnType<typeof setTimeout> | null = null;
  private _pushing = false;
  /** An accept is being applied (by this peer: see `Branch.IOptions.isLocal`). */
  private _accepting = false;
  private _isDisposed = false;
  private _changed = new Signal<SuggestionManager, SuggestionManager.IChanged>(
    this
  );
  /** The branches changed since the last `changed`. */
  private _pendingChanged = new Set<string>();
  /** Each branch's `version` when it was last passed on. */
  private _versions = new WeakMap<Branch, number>();
  private _formatUpgraded = new Signal<
    SuggestionManager,
    { from: [number, number]; to: [number, number] }
  >(this);
  private _keptLost = new Signal<
    SuggestionManager,
    { branchId: string; cellIds: string[] }
  >(this);
}

/**
 * The namespace of `SuggestionManager`.
 */
export namespace SuggestionManager {
  /** What a `changed` says. */
  export interface IChanged {
    /** The ids of the branches whose change sets may have changed. */
    branches: ReadonlySet<string>;
  }

  /** Where a branch's chains are in review (see `chainState`). */
  export interface IChainState {
    /** Clients whose entries are still shared: pending review. */
    pending: Set<number>;
    /** Clients whose chains were rejected. */
    rejected: Set<number>;
    /** Clients the notebook's document has operations of. */
    accepted: Set<number>;
    /** Cells the branch has a change on now. */
    changedCells: Set<string>;
  }

  /** The options of a `SuggestionManager`. */
  export interface IOptions {
    /** The notebook's shared model. */
    notebook: YNotebook;
    /** Milliseconds after the last change before records are saved. */
    saveDelay?: number;
  }
}

/** The undo stack item meta key of an accept. */
const ACCEPTED = 'coauthor:accepted';

function split(changeId: string): [string, string] {
  // At the last slash: nbformat cell ids have none, branch ids may (an
  // author id made from a path).
  const at = changeId.lastIndexOf('/');
  return [changeId.slice(0, at), changeId.slice(at + 1)];
}

/**
 * The cells a branch-wide review covers: those its operations touched, and
 * those whose saved records came back as conflicts (they have no operations,
 * but must be refused on accept and cleared on reject).
 */
function reviewedCells(branch: Branch): string[] {
  return [
    ...new Set([...branch.touchedCells(), ...branch.replayConflicts.keys()])
  ];
}

function empty(): IReviewResult {
  return { cellIds: [], alsoCellIds: [], refused: [] };
}

/**
 * How many entries of each rejected chain its reject saw, or null when the
 * reject was made by a peer that did not record it (before `rejectedSeen`
 * existed: the whole chain goes, as it did then).
 */
function rejectedSeen(shared: Y.Map<any>): Map<number, number> | null {
  const seen = shared.get('rejectedSeen') as Y.Map<number> | undefined;
  if (!seen) {
    return null;
  }
  const out = new Map<number, number>();
  seen.forEach((count, client) => out.set(Number(client), count));
  return out;
}

/**
 * The entries of dropped chains that this replica made after the reject
 * saw the chain: a chain's entries come from the one replica that made
 * them, in order, so those past the count the reject saw were typed after
 * it, before it arrived. A dropped chain the reject did not list (one that
 * builds on a rejected chain, found here) was not seen at all.
 */
function unseenOwnEntries(
  branch: Branch,
  dropped: ReadonlySet<number>,
  seen: ReadonlyMap<number, number> | null
): IChainEntry[] {
  if (!seen) {
    return [];
  }
  const counts = new Map<number, number>();
  const out: IChainEntry[] = [];
  for (const entry of branch.entries) {
    if (!dropped.has(entry.client)) {
      continue;
    }
    const k = counts.get(entry.client) ?? 0;
    counts.set(entry.client, k + 1);
    if (k >= (seen.get(entry.client) ?? 0) && branch.isOwnEntry(entry)) {
      out.push(entry);
    }
  }
  return out;
}

/**
 * Of some rejected clients, those whose operations are not in the notebook.
 * A chain that one peer accepted while another rejected it is in the
 * notebook (an accept cannot be taken back by a reject): what builds on it
 * stays on every peer. Left among the rejected, an entry made on top of it
 * by a peer that had seen the accept was kept there and dropped by the
 * others as a dependent of a rejected chain (random.spec seed 61596).
 */
function notAccepted(clients: Set<number>, notebook: Y.Doc): Set<number> {
  if (!clients.size) {
    return clients;
  }
  const inNotebook = clientsIn(notebook);
  return new Set([...clients].filter(c => !inNotebook.has(c)));
}

/** The clients a document has operations of (its state vector's keys). */
function clientsIn(doc: Y.Doc): Set<number> {
  return new Set(Y.decodeStateVector(Y.encodeStateVector(doc)).keys());
}

/** The clients whose chains were rejected in a shared branch. */
function rejectedClients(shared: Y.Map<any>): Set<number> {
  const list = shared.get('rejected') as Y.Array<number> | undefined;
  return new Set(list ? list.toArray() : []);
}
