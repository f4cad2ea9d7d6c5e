import type { YNotebook } from '@jupyter/ydoc';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import * as Y from 'yjs';

import { BranchNotebook } from './branchNotebook';
import { computeChanges } from './changeset';
import {
  cellIdOf,
  cellsOf,
  indexCells,
  metadataOf,
  owningCell,
  sameJson,
  sourceOf,
  writeMetadata
} from './cells';
import { firstItemOf, isTransacting } from '../internals/yjs';
import { diffLines } from './linediff';
import { FOLLOW, MIRROR, REBUILD } from './origins';
import { rebaseEdits } from './rebase';
import { replayRecords } from './replay';
import { onlyRunOutput } from './runOutput';
import type { IAuthor, ICellChange, ICellRecord } from './types';
import { freshClientId, referencedClients } from './updates';

/**
 * One recorded transaction of a branch: the exact CRDT update it made, the
 * client id it made it under, and the cells it touched.
 */
export interface IChainEntry {
  /** The client id of the operations (one per edited cell, or per structural edit). */
  client: number;
  /** The nbformat ids of the cells the transaction touched. */
  cells: string[];
  /** The Yjs update of the transaction. */
  update: Uint8Array;
  /** When it was made (ms since the epoch). */
  time: number;
  /**
   * The text of the cells this entry touched first, as the branch saw them
   * before its edit. Peers that apply the entry later may no longer have
   * that text in their notebook (edited or deleted meanwhile), and the base
   * decides which changes are conflicts: it must be the same everywhere.
   */
  bases?: Record<string, string>;
}

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
 * The branch starts as a plain `Y.Doc` (a fork costs what Yjs's own encode
 * and apply cost); `doc`, the `YNotebook` to edit it through, is built the
 * first time someone asks for it.
 */
export class Branch implements IDisposable {
  constructor(options: Branch.IOptions) {
    this.id = options.id ?? `branch-${freshClientId().toString(36)}`;
    this.author = options.author;
    this.created = options.created ?? Date.now();
    this._notebook = options.notebook;
    this._onEntry = options.onEntry ?? null;
    this._isLocal = options.isLocal ?? (tr => tr.local);
    this._ydoc = this._fork();
    this._notebook.ydoc.on('update', this._onNotebookUpdate);
    this._notebook.ydoc.on('beforeObserverCalls', this._invalidate);
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
    return this._ydoc;
  }

  /**
   * The branch as a `YNotebook`: edit it to suggest. Built on first use, and
   * replaced when the branch is rebuilt after a reject (`docReplaced`).
   */
  get doc(): YNotebook {
    if (!this._view) {
      this._materialize();
    }
    return this._view!;
  }

  /** Whether `doc` has been built (a UI or the agent is using the branch). */
  get hasView(): boolean {
    return this._view !== null;
  }

  /** Emitted when the branch's changes may have changed. */
  get changed(): ISignal<Branch, void> {
    return this._changed;
  }

  /** Emitted when `doc` is replaced by a rebuilt one. */
  get docReplaced(): ISignal<Branch, YNotebook> {
    return this._docReplaced;
  }

  /** The recorded chain entries, oldest first. */
  get entries(): readonly IChainEntry[] {
    return this._entries;
  }

  /** When the branch last changed. */
  get time(): number {
    return this._entries.reduce((t, e) => Math.max(t, e.time), this.created);
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

  /**
   * The text a branch's change of a cell started from: the notebook's text
   * of the cell when the branch first touched it, or the text of the cell
   * when the branch last moved or retyped it (recreating it as a copy).
   * Read from the oldest remaining entry that carries one, so every peer
   * that holds the same entries sees the same base.
   */
  baseSourceOf(cellId: string): string | undefined {
    if (!this._bases) {
      this._bases = new Map();
      for (const entry of this._entries) {
        for (const [id, text] of Object.entries(entry.bases ?? {})) {
          if (!this._bases.has(id)) {
            this._bases.set(id, text);
          }
        }
      }
    }
    return this._bases.get(cellId);
  }

  /** The cells the branch's operations touched. */
  touchedCells(): Set<string> {
    const out = new Set<string>();
    for (const entry of this._entries) {
      entry.cells.forEach(c => out.add(c));
    }
    return out;
  }

  /**
   * The entries to accept (or reject) for some cells: every client that
   * touched them, closed over the cells those clients also touched and, for
   * accepting, over the clients their operations build on (`dependencies`),
   * or, for rejecting, over the clients that build on them (`dependents`).
   */
  closure(
    cellIds: Iterable<string>,
    direction: 'dependencies' | 'dependents'
  ): { clients: Set<number>; cells: Set<string> } {
    const cells = new Set(cellIds);
    const clients = new Set<number>();
    // Notebook-level bookkeeping (the 'dirty' state JupyterLab's model sets
    // after edits) rides along with whatever client wrote it, but does not
    // link cells together: only an explicit request takes all of it.
    const add = (cell: string) => {
      if (cell !== Branch.NOTEBOOK_CELL) {
        cells.add(cell);
      }
    };
    const byClient = this._byClient();
    const refs = new Map<number, Set<number>>();
    const refsOf = (client: number) => {
      let out = refs.get(client);
      if (!out) {
        out = new Set();
        for (const entry of byClient.get(client) ?? []) {
          referencedClients(entry.update).forEach(c => {
            if (c !== client && byClient.has(c)) {
              out!.add(c);
            }
          });
        }
        refs.set(client, out);
      }
      return out;
    };
    let grew = true;
    while (grew) {
      grew = false;
      for (const [client, entries] of byClient) {
        if (clients.has(client)) {
          continue;
        }
        let take = entries.some(e => e.cells.some(c => cells.has(c)));
        if (!take && direction === 'dependents') {
          take = [...refsOf(client)].some(c => clients.has(c));
        }
        if (take) {
          clients.add(client);
          entries.forEach(e => e.cells.forEach(add));
          grew = true;
        }
      }
      if (direction === 'dependencies') {
        for (const client of [...clients]) {
          for (const dep of refsOf(client)) {
            if (!clients.has(dep)) {
              clients.add(dep);
              byClient.get(dep)!.forEach(e => e.cells.forEach(add));
              grew = true;
            }
          }
        }
      }
    }
    return { clients, cells };
  }

  /** The merged update of some clients' entries. */
  mergedUpdate(clients: Set<number>): Uint8Array {
    const updates = this._entries
      .filter(e => clients.has(e.client))
      .map(e => e.update);
    return Y.mergeUpdates(updates);
  }

  /**
   * Forget entries whose operations are now in the notebook (after an
   * accept): the branch keeps the items, the notebook has them.
   */
  forget(entries: Iterable<IChainEntry>): void {
    const gone = new Set(entries);
    const clients = new Set([...gone].map(e => e.client));
    this._entries = this._entries.filter(e => !gone.has(e));
    for (const [cell, client] of [...this._cellClient]) {
      if (clients.has(client)) {
        // The next edit of the cell starts a chain of its own.
        this._cellClient.delete(cell);
      }
    }
    this._bases = null;
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
   * operations (see `_keepTexts`); cells they edited that the reject
   * removed are returned.
   */
  drop(clients: Set<number>, keep: readonly IChainEntry[] = []): string[] {
    const texts = keep.length ? this._keepTexts(keep) : null;
    this._entries = this._entries.filter(e => !clients.has(e.client));
    for (const [cell, client] of [...this._cellClient]) {
      if (clients.has(client)) {
        this._cellClient.delete(cell);
      }
    }
    this._bases = null;
    this._invalidate();
    this._rebuild();
    return texts ? this._rewrite(texts) : [];
  }

  /** Whether an entry was made by this replica (not applied from elsewhere). */
  isOwnEntry(entry: IChainEntry): boolean {
    return this._ownEntries.has(entry);
  }

  /**
   * Apply an entry made elsewhere (the same branch on another peer, or a
   * saved chain), keeping it as an entry of this branch.
   */
  applyEntry(entry: IChainEntry): void {
    this._bases = null;
    this._invalidate();
    this._entries.push(entry);
    Y.applyUpdate(this._ydoc, entry.update, MIRROR);
    this._changed.emit();
  }

  /**
   * Replay saved cell records as new operations of this branch: after a
   * reload (the notebook's document is new, its Yjs items unknown to the
   * records) or after an undone accept. Records that no longer apply come
   * back as conflicts.
   */
  replay(records: ICellRecord[]): ICellRecord[] {
    return replayRecords(this, records);
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._notebook.ydoc.off('update', this._onNotebookUpdate);
    this._notebook.ydoc.off('beforeObserverCalls', this._invalidate);
    this._detach(this._ydoc);
    this._view?.dispose();
    this._view = null;
    if (!this._viewOwnsDoc) {
      this._ydoc.destroy();
    }
    Signal.clearData(this);
  }

  /** Conflicts recorded by replays that could not apply, by cell id. */
  get replayConflicts(): ReadonlyMap<string, ICellRecord> {
    return this._replayConflicts;
  }

  /** Keep (or, with null, clear) a conflicting record for a cell. */
  setReplayConflict(cellId: string, record: ICellRecord | null): void {
    if (record) {
      this._replayConflicts.set(cellId, record);
    } else {
      this._replayConflicts.delete(cellId);
    }
    this._invalidate();
    this._changed.emit();
  }

  // --- internals -----------------------------------------------------------

  /** A plain fork of the notebook. */
  private _fork(): Y.Doc {
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this._notebook.ydoc), FOLLOW);
    this._attach(doc);
    return doc;
  }

  /** Build the `YNotebook` view: a YNotebook with the branch's state. */
  private _materialize(): void {
    const view = new BranchNotebook({ notebook: this._notebook });
    view.ydoc.gc = false;
    Y.applyUpdate(view.ydoc, Y.encodeStateAsUpdate(this._ydoc), REBUILD);
    this._detach(this._ydoc);
    this._ydoc.destroy();
    this._ydoc = view.ydoc;
    this._view = view;
    this._viewOwnsDoc = true;
    this._attach(view.ydoc);
  }

  /** Rebuild from the notebook plus the remaining entries. */
  private _rebuild(): void {
    const hadView = this._view !== null;
    const oldView = this._view;
    this._detach(this._ydoc);
    let doc: Y.Doc;
    if (hadView) {
      const view = new BranchNotebook({ notebook: this._notebook });
      view.ydoc.gc = false;
      doc = view.ydoc;
      this._view = view;
    } else {
      this._ydoc.destroy();
      doc = new Y.Doc({ gc: false });
    }
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this._notebook.ydoc), FOLLOW);
    if (this._entries.length) {
      Y.applyUpdate(
        doc,
        Y.mergeUpdates(this._entries.map(e => e.update)),
        REBUILD
      );
    }
    this._ydoc = doc;
    this._attach(doc);
    if (hadView) {
      this._docReplaced.emit(this._view!);
      oldView?.dispose();
    }
    this._changed.emit();
  }

  private _attach(doc: Y.Doc): void {
    ignoreLocalState(doc);
    this._homeClient = doc.clientID;
    this._invalidate();
    // Before the observers of a change run: they may ask for the changes.
    doc.on('beforeObserverCalls', this._invalidate);
    doc.on('beforeTransaction', this._onBeforeTransaction);
    doc.on('afterTransaction', this._onAfterTransaction);
    doc.on('update', this._onUpdate);
    doc.on('afterAllTransactions', this._onAfterAllTransactions);
  }

  private _detach(doc: Y.Doc): void {
    doc.off('beforeObserverCalls', this._invalidate);
    doc.off('beforeTransaction', this._onBeforeTransaction);
    doc.off('afterTransaction', this._onAfterTransaction);
    doc.off('update', this._onUpdate);
    doc.off('afterAllTransactions', this._onAfterAllTransactions);
  }

  private _isOwn(origin: unknown): boolean {
    return origin !== FOLLOW && origin !== REBUILD && origin !== MIRROR;
  }

  /** Forget the cached changes: a document or the entries changed. */
  private _invalidate = () => {
    this._changesCache.clear();
  };

  /** Choose the client id of a local transaction: one per edited cell. */
  private _onBeforeTransaction = (tr: Y.Transaction, doc: Y.Doc) => {
    if (!this._isOwn(tr.origin)) {
      return;
    }
    let cellId: string | null | undefined = this._pendingCell;
    if (cellId === undefined) {
      const origin = tr.origin as any;
      if (origin && typeof origin.getId === 'function' && origin.ymodel) {
        // A YCell's own transaction (`cell.transact`).
        cellId = String(origin.getId());
      } else if (origin && typeof origin.insertCell === 'function') {
        // The notebook model's own transaction: a structural edit
        // (insert, delete, move, type change) of cells found afterwards.
        cellId = null;
      } else if (origin && typeof origin === 'object') {
        cellId = this._originCells.get(origin);
      }
    }
    let client = cellId ? this._cellClient.get(cellId) : undefined;
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
    const touched = new Set<string>();
    tr.changed.forEach((_keys, type) => {
      if (type === cells) {
        return;
      }
      const cell = owningCell(type as Y.AbstractType<any>, cells);
      if (cell) {
        touched.add(cellIdOf(cell));
      }
    });
    // Cells moved or retyped: YNotebook deletes them and inserts copies.
    const copies = new Map<string, Y.Map<any>>();
    if (tr.changed.has(cells as any)) {
      // Cells inserted or deleted: their maps are the items of the cells
      // array created or deleted in this transaction.
      const before = tr.beforeState.get(client) ?? 0;
      const created = new Map<string, Y.Map<any>>();
      const deleted = new Set<string>();
      let item: any = firstItemOf(cells);
      while (item) {
        const isNew = item.id.client === client && item.id.clock >= before;
        const isGone = tr.deleteSet.clients.has(item.id.client)
          ? Y.isDeleted(tr.deleteSet, item.id)
          : false;
        if ((isNew || isGone) && item.content?.type instanceof Y.Map) {
          const id = cellIdOf(item.content.type);
          touched.add(id);
          if (isNew && !isGone) {
            created.set(id, item.content.type);
          } else if (isGone && !isNew) {
            deleted.add(id);
          }
        }
        item = item.right;
      }
      for (const [id, cell] of created) {
        if (deleted.has(id)) {
          copies.set(id, cell);
        }
      }
    }
    if (touched.size === 0) {
      // Notebook-level changes (its metadata, its state): filed under a
      // pseudo cell so that accept-all carries them.
      touched.add(Branch.NOTEBOOK_CELL);
    }
    const cellId = this._decided.get(tr);
    if (touched.size === 1) {
      const only = [...touched][0];
      if (only !== Branch.NOTEBOOK_CELL && cellId !== null) {
        if (!this._cellClient.has(only)) {
          this._cellClient.set(only, client);
        }
        const origin = tr.origin as any;
        if (origin && typeof origin === 'object' && origin !== this) {
          this._originCells.set(origin, only);
        }
      }
    }
    this._touched.set(tr, {
      cells: [...touched],
      bases: this._newBases(touched, copies)
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
      cells: touched?.cells ?? [Branch.NOTEBOOK_CELL],
      update,
      time: this._pendingTime ?? Date.now()
    };
    if (touched && Object.keys(touched.bases).length) {
      entry.bases = touched.bases;
    }
    this._entries.push(entry);
    this._ownEntries.add(entry);
    this._bases = null;
    this._invalidate();
    this._onEntry?.(this, entry);
    this._changed.emit();
  };

  /** Forward the notebook's updates: the branch follows the notebook. */
  private _onNotebookUpdate = (
    update: Uint8Array,
    _origin: unknown,
    _doc: Y.Doc,
    tr: Y.Transaction
  ) => {
    // A cell moved or retyped by this peer (an edit in editing mode, an
    // accept, an undo): the branch carries its edits of that cell over.
    const recreates =
      this._isLocal(tr) && tr.changed.has(cellsOf(this._notebook.ydoc) as any);
    if (isTransacting(this._ydoc)) {
      // Transactions of the branch are open or still being cleaned up (the
      // notebook's update comes from a listener of one: the bookkeeping of
      // the branch's own entry). Applied now, the update would join one, or
      // land in the state a later one's update is computed from, and be
      // recorded as the branch's own. Apply it when they have all ended.
      this._followLater.push(update);
      this._followLaterRecreates ||= recreates;
      return;
    }
    this._follow(update, recreates);
  };

  /**
   * Apply the notebook's update to the branch, and when it may recreate
   * cells, carry the branch's edits of each recreated cell over.
   *
   * YNotebook moves and retypes a cell by deleting it and inserting a copy
   * of its JSON. Followed into the branch, the copy has the notebook's text:
   * the branch's operations stay in the deleted original, and the edit was
   * silently gone from the suggestion. The branch's text of the cell just
   * before is the notebook's plus the branch's edits (the branch follows
   * every notebook update), so its difference from the copy is exactly
   * those edits: they are written onto the copy as new operations of the
   * cell's chain, dated as the edits were.
   *
   * Only the peer whose transaction recreated the cell does this (`local`);
   * the others receive the new entry like any other, so exactly one copy of
   * the edits is made. (A cell recreated by a peer without this extension
   * leaves the edit in the original, as before.)
   */
  private _follow(update: Uint8Array, recreates: boolean): void {
    const before = recreates ? this._touchedCellsNow() : null;
    Y.applyUpdate(this._ydoc, update, FOLLOW);
    if (before?.size) {
      this._carryOver(before);
    }
    this._changed.emit();
  }

  /** The branch's cells its operations touched, as they are now. */
  private _touchedCellsNow(): Map<string, ICellNow> {
    const out = new Map<string, ICellNow>();
    const touched = this.touchedCells();
    if (touched.size === 0) {
      return out;
    }
    for (const [id, { cell }] of indexCells(this._ydoc)) {
      if (touched.has(id)) {
        out.set(id, {
          cell,
          source: sourceOf(cell),
          metadata: metadataOf(cell)
        });
      }
    }
    return out;
  }

  private _carryOver(before: Map<string, ICellNow>): void {
    const cells = cellsOf(this._ydoc);
    const all = cells.toArray();
    for (const [id, was] of before) {
      const copy = all.find(c => c !== was.cell && cellIdOf(c) === id);
      if (!copy) {
        continue; // not recreated (or deleted: a conflict, see changeset.ts)
      }
      // The branch had recreated the cell itself (moved or retyped it: its
      // own copy is still there) and now the notebook recreated its
      // original too, whose copy the branch just followed: the cell was
      // there twice in the branch, and so in the document shown while
      // suggesting (the random browser test's seed 11: a suggested move,
      // then a retype in editing mode). Fold the branch's copy onto the
      // notebook's: delete it, and write its text and metadata onto the
      // notebook's copy like any carried edit. The notebook's move or
      // retype stands; the branch's own move or retype of this cell yields
      // to it, its edits are kept.
      const folds = all.includes(was.cell);
      const text = copy.get('source');
      const metadata = copy.get('metadata');
      const sourceDiffers =
        text instanceof Y.Text && text.toString() !== was.source;
      const metadataDiffers =
        metadata instanceof Y.Map && !sameJson(metadata.toJSON(), was.metadata);
      if (!folds && !sourceDiffers && !metadataDiffers) {
        continue;
      }
      const times = this._entries
        .filter(e => e.cells.includes(id))
        .map(e => e.time);
      this._pendingTime = times.length ? Math.max(...times) : null;
      try {
        this._transact(this._ydoc, id, () => {
          if (folds) {
            // Found now: an earlier fold in this loop may have moved it.
            cells.delete(cells.toArray().indexOf(was.cell), 1);
          }
          if (sourceDiffers) {
            for (const hunk of diffLines(
              text.toString(),
              was.source
            ).reverse()) {
              text.delete(hunk.baseFrom, hunk.baseTo - hunk.baseFrom);
              text.insert(hunk.baseFrom, hunk.proposedLines.join(''));
            }
          }
          if (metadataDiffers) {
            writeMetadata(
              metadata,
              was.metadata,
              [...metadata.keys()].filter(k => !(k in was.metadata))
            );
          }
        });
      } finally {
        this._pendingTime = null;
      }
    }
  }

  /**
   * For each cell that entries to keep through a drop edited: its text
   * without them (what the reject saw) and with them (what the author
   * sees), both over the notebook as it is now, and when they were made.
   */
  private _keepTexts(keep: readonly IChainEntry[]): Map<string, IKeptText> {
    const kept = new Set(keep);
    const out = new Map<string, IKeptText>();
    const cells = new Set(
      keep.flatMap(e => e.cells).filter(c => c !== Branch.NOTEBOOK_CELL)
    );
    if (!cells.size) {
      return out;
    }
    const without = new Y.Doc({ gc: false });
    Y.applyUpdate(without, Y.encodeStateAsUpdate(this._notebook.ydoc), FOLLOW);
    const rest = this._entries.filter(e => !kept.has(e)).map(e => e.update);
    if (rest.length) {
      Y.applyUpdate(without, Y.mergeUpdates(rest), FOLLOW);
    }
    const seen = indexCells(without);
    const now = indexCells(this._ydoc);
    for (const id of cells) {
      const ours = now.get(id);
      const base = seen.get(id);
      if (ours && base && sourceOf(ours.cell) !== sourceOf(base.cell)) {
        out.set(id, {
          base: sourceOf(base.cell),
          ours: sourceOf(ours.cell),
          time: Math.max(
            ...keep.filter(e => e.cells.includes(id)).map(e => e.time)
          )
        });
      }
    }
    without.destroy();
    return out;
  }

  /**
   * Make kept text edits again on the rebuilt branch (see `drop`): each
   * cell's edits moved through what the drop removed (`rebaseEdits`), as a
   * new operation of the cell's chain, dated as they were made. Returns the
   * cells no longer in the branch.
   */
  private _rewrite(texts: Map<string, IKeptText>): string[] {
    const lost: string[] = [];
    for (const [id, { base, ours, time }] of texts) {
      const text = indexCells(this._ydoc).get(id)?.cell.get('source');
      if (!(text instanceof Y.Text)) {
        lost.push(id);
        continue;
      }
      const edits = rebaseEdits(base, ours, text.toString());
      if (!edits.length) {
        continue;
      }
      this._pendingTime = time;
      try {
        this._transact(this._ydoc, id, () => {
          for (const edit of edits) {
            text.delete(edit.from, edit.to - edit.from);
            text.insert(edit.from, edit.insert);
          }
        });
      } finally {
        this._pendingTime = null;
      }
    }
    return lost;
  }

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

  /**
   * Between transactions the document keeps the client id it was created
   * with, which is its awareness's id: editor extensions tell the local
   * user's presence from others' by comparing the two (jupyter-collaboration's
   * remote cursors: `clientID !== awareness.doc.clientID`). Left on a cell's
   * client, the user's own cursor counted as a remote one: drawn with an
   * "Anonymous" label in their own cell, and redrawn by a dispatch from
   * inside CodeMirror's update ("Calls to EditorView.update are not allowed
   * while an update is in progress", once per focused cell).
   */
  private _onAfterAllTransactions = (doc: Y.Doc) => {
    doc.clientID = this._homeClient;
    if (!this._followLater.length) {
      return;
    }
    const updates = this._followLater;
    const recreates = this._followLaterRecreates;
    this._followLater = [];
    this._followLaterRecreates = false;
    this._follow(Y.mergeUpdates(updates), recreates);
  };

  /**
   * The bases a new local entry carries: the notebook's text of the cells it
   * touches first, and the text of the cells it recreates (the copy's text,
   * which is the text it was made from).
   */
  private _newBases(
    touched: Set<string>,
    copies: Map<string, Y.Map<any>>
  ): Record<string, string> {
    const bases: Record<string, string> = {};
    let index: ReturnType<typeof indexCells> | null = null;
    for (const cellId of touched) {
      if (cellId === Branch.NOTEBOOK_CELL) {
        continue;
      }
      const copy = copies.get(cellId);
      if (copy) {
        bases[cellId] = sourceOf(copy);
      } else if (this.baseSourceOf(cellId) === undefined) {
        index ??= indexCells(this._notebook.ydoc);
        const found = index.get(cellId);
        if (found) {
          bases[cellId] = sourceOf(found.cell);
        }
      }
    }
    return bases;
  }

  private _byClient(): Map<number, IChainEntry[]> {
    const out = new Map<number, IChainEntry[]>();
    for (const entry of this._entries) {
      let list = out.get(entry.client);
      if (!list) {
        list = [];
        out.set(entry.client, list);
      }
      list.push(entry);
    }
    return out;
  }

  private _notebook: YNotebook;
  private _ydoc: Y.Doc;
  /** The client id `_ydoc` was created with (see `_onAfterAllTransactions`). */
  private _homeClient = 0;
  private _view: YNotebook | null = null;
  private _viewOwnsDoc = false;
  private _entries: IChainEntry[] = [];
  /** The entries this replica made (see `drop`'s `keep`). */
  private _ownEntries = new WeakSet<IChainEntry>();
  private _cellClient = new Map<string, number>();
  private _originCells = new WeakMap<object, string>();
  /** Cache of `baseSourceOf`, rebuilt when the entries change. */
  private _bases: Map<string, string> | null = null;
  /** Cache of `changes`, by `includeSilent`; see `_invalidate`. */
  private _changesCache = new Map<boolean, ICellChange[]>();
  private _touched = new WeakMap<
    Y.Transaction,
    { cells: string[]; bases: Record<string, string> }
  >();
  private _decided = new WeakMap<Y.Transaction, string | null | undefined>();
  /** Local transactions that only wrote a cell run's outputs. */
  private _runOutputs = new WeakSet<Y.Transaction>();
  private _clients = new WeakMap<Y.Transaction, number>();
  private _followLater: Uint8Array[] = [];
  private _followLaterRecreates = false;
  private _pendingTime: number | null = null;
  private _pendingCell: string | null | undefined = undefined;
  private _replayConflicts = new Map<string, ICellRecord>();
  private _onEntry: ((branch: Branch, entry: IChainEntry) => void) | null;
  private _isLocal: (tr: Y.Transaction) => boolean;
  private _isDisposed = false;
  private _changed = new Signal<Branch, void>(this);
  private _docReplaced = new Signal<Branch, YNotebook>(this);
}

/**
 * The namespace of `Branch`.
 */
/** A cell's text without and with entries kept through a drop. */
interface IKeptText {
  base: string;
  ours: string;
  time: number;
}

/** A cell of the branch as it was before the notebook's update. */
interface ICellNow {
  cell: Y.Map<any>;
  source: string;
  metadata: Record<string, unknown>;
}

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
  }

  /** The pseudo cell id under which notebook-level changes are filed. */
  export const NOTEBOOK_CELL = '__notebook__';
}

/**
 * Keep writes to a branch document's `state` map out of the suggestion. The
 * map (dirty, path, hash, document_id) is the notebook's session bookkeeping,
 * followed from the notebook. JupyterLab's editor binding sets `state.dirty`
 * in the transaction of every keystroke; recorded, each write of the key
 * builds on the one before, so the clients of different cells would depend on
 * each other: accepting one cell would take the others along, rejecting one
 * would drop the others. Updates from the notebook still arrive: they are
 * integrated by `Y.applyUpdate`, which does not call `set`.
 */
function ignoreLocalState(doc: Y.Doc): void {
  const state = doc.getMap('state');
  state.set = (<V>(_key: string, value: V): V => value) as typeof state.set;
}
