import type { YNotebook } from '@jupyter/ydoc';
import { IDisposable } from '@lumino/disposable';
import * as Y from 'yjs';

import { isTransacting } from './internals/yjs';

/**
 * A replica of a notebook's shared document that follows it: forked from
 * the notebook's state, then every update of the notebook is applied to it
 * too (`follow`, called by whoever listens to the notebook, or by the
 * replica's own listener after `listen`), so that its difference from the notebook is only what is written in
 * it. Used by suggestion branches (`Branch`) and by the agent's peer
 * (`AgentPeer`).
 *
 * - It starts as a plain `Y.Doc` (a fork costs what Yjs's own encode and
 *   apply cost) and **materialises** a `YNotebook` on request, or at once
 *   (`eager`).
 * - It is **rebuilt** from the notebook plus some updates (a branch after a
 *   reject), as a new document.
 * - It **defers** a notebook update that arrives while a transaction of the
 *   replica is open or still being cleaned up (the update comes from a
 *   listener of one: a branch's bookkeeping of its own entry, the agent's
 *   edit forwarded to the notebook and answered by an observer there).
 *   Applied then, the update would join that transaction, or land in the
 *   state a later one's update is computed from, and be taken for the
 *   replica's own; it is applied when they have all ended.
 */
export class Replica implements IDisposable {
  constructor(options: Replica.IOptions) {
    this._notebook = options.notebook;
    this._createView = options.createView;
    this._gc = options.gc ?? false;
    this._origin = options.origin;
    this._rebuildOrigin = options.rebuildOrigin ?? options.origin;
    this._accepts = options.accepts ?? (() => true);
    this._mark = options.mark ?? (() => false);
    this._onFollow = options.follow ?? (apply => apply());
    this._onAttach = options.attach ?? null;
    this._onDetach = options.detach ?? null;
    let doc: Y.Doc;
    if (options.eager) {
      this._view = this._newView();
      this._viewOwnsDoc = true;
      doc = this._view.ydoc;
    } else {
      doc = new Y.Doc({ gc: this._gc });
    }
    Y.applyUpdate(
      doc,
      Y.encodeStateAsUpdate(this._notebook.ydoc),
      this._origin
    );
    this._doc = doc;
    this._attach(doc);
  }

  /**
   * Follow the notebook on its own: listen to its updates. For a replica
   * that nothing else drives (the agent's peer). A branch does not: its
   * manager is the one listener of the notebook and calls `follow` for each
   * of its branches, so that N branches cost one listener, not N.
   */
  listen(): void {
    if (!this._listening && !this._isDisposed) {
      this._listening = true;
      this._notebook.ydoc.on('update', this.follow);
    }
  }

  /**
   * Follow one update of the notebook (an 'update' event's arguments): apply
   * it, or keep it for the end of the replica's open transactions.
   */
  follow = (
    update: Uint8Array,
    origin: unknown,
    _doc?: Y.Doc,
    tr?: Y.Transaction
  ): void => {
    if (this._isDisposed || !this._accepts(origin)) {
      return;
    }
    const marked = tr ? this._mark(tr) : false;
    if (isTransacting(this._doc)) {
      this._later.push(update);
      this._laterMarked ||= marked;
      return;
    }
    this._follow(update, marked);
  };

  /** The notebook the replica follows. */
  get notebook(): YNotebook {
    return this._notebook;
  }

  /** The replica's document; replaced when it is materialised or rebuilt. */
  get ydoc(): Y.Doc {
    return this._doc;
  }

  /** The replica as a `YNotebook`, if it has been materialised. */
  get view(): YNotebook | null {
    return this._view;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * The replica as a `YNotebook`: on first call, a new one made with the
   * state of the plain document, which it replaces.
   */
  materialize(): YNotebook {
    if (this._view) {
      return this._view;
    }
    const view = this._newView();
    Y.applyUpdate(
      view.ydoc,
      Y.encodeStateAsUpdate(this._doc),
      this._rebuildOrigin
    );
    this._detach(this._doc);
    this._doc.destroy();
    this._doc = view.ydoc;
    this._view = view;
    this._viewOwnsDoc = true;
    this._attach(view.ydoc);
    return view;
  }

  /**
   * Replace the document by a new one made of the notebook's state plus
   * `updates` (applied as one, with `rebuildOrigin`). A materialised
   * replica gets a new `YNotebook`: `replaced` is called with it before the
   * old one is disposed.
   */
  rebuild(
    updates: readonly Uint8Array[],
    replaced?: (view: YNotebook) => void
  ): void {
    const oldView = this._view;
    this._detach(this._doc);
    let doc: Y.Doc;
    if (oldView) {
      this._view = this._newView();
      doc = this._view.ydoc;
    } else {
      this._doc.destroy();
      doc = new Y.Doc({ gc: this._gc });
    }
    Y.applyUpdate(
      doc,
      Y.encodeStateAsUpdate(this._notebook.ydoc),
      this._origin
    );
    if (updates.length) {
      Y.applyUpdate(doc, Y.mergeUpdates([...updates]), this._rebuildOrigin);
    }
    this._doc = doc;
    this._attach(doc);
    if (oldView) {
      replaced?.(this._view!);
      oldView.dispose();
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    if (this._listening) {
      this._notebook.ydoc.off('update', this.follow);
    }
    this._detach(this._doc);
    this._view?.dispose();
    this._view = null;
    if (!this._viewOwnsDoc) {
      this._doc.destroy();
    }
  }

  private _newView(): YNotebook {
    const view = this._createView();
    view.ydoc.gc = this._gc;
    return view;
  }

  private _attach(doc: Y.Doc): void {
    this._homeClient = doc.clientID;
    this._onAttach?.(doc);
    doc.on('afterAllTransactions', this._onAfterAllTransactions);
  }

  private _detach(doc: Y.Doc): void {
    this._onDetach?.(doc);
    doc.off('afterAllTransactions', this._onAfterAllTransactions);
  }

  private _follow(update: Uint8Array, marked: boolean): void {
    this._onFollow(
      () => Y.applyUpdate(this._doc, update, this._origin),
      marked
    );
  }

  /**
   * Between transactions the document keeps the client id it was created
   * with, which is its awareness's id: editor extensions tell the local
   * user's presence from others' by comparing the two (jupyter-collaboration's
   * remote cursors: `clientID !== awareness.doc.clientID`). A branch switches
   * the id to a cell's client for each of its transactions; left on it, the
   * user's own cursor counted as a remote one: drawn with an "Anonymous"
   * label in their own cell, and redrawn by a dispatch from inside
   * CodeMirror's update ("Calls to EditorView.update are not allowed while
   * an update is in progress", once per focused cell).
   *
   * Then the notebook's updates deferred meanwhile are followed.
   */
  private _onAfterAllTransactions = (doc: Y.Doc) => {
    doc.clientID = this._homeClient;
    if (!this._later.length) {
      return;
    }
    const updates = this._later;
    const marked = this._laterMarked;
    this._later = [];
    this._laterMarked = false;
    this._follow(Y.mergeUpdates(updates), marked);
  };

  private _notebook: YNotebook;
  private _doc: Y.Doc;
  /** The client id `_doc` was created with (see `_onAfterAllTransactions`). */
  private _homeClient = 0;
  private _view: YNotebook | null = null;
  private _viewOwnsDoc = false;
  private _createView: () => YNotebook;
  private _gc: boolean;
  private _origin: unknown;
  private _rebuildOrigin: unknown;
  private _accepts: (origin: unknown) => boolean;
  private _mark: (tr: Y.Transaction) => boolean;
  private _onFollow: (apply: () => void, marked: boolean) => void;
  private _onAttach: ((doc: Y.Doc) => void) | null;
  private _onDetach: ((doc: Y.Doc) => void) | null;
  private _later: Uint8Array[] = [];
  private _laterMarked = false;
  private _listening = false;
  private _isDisposed = false;
}

/** The namespace of `Replica`. */
export namespace Replica {
  /** The options of a `Replica`. */
  export interface IOptions {
    /** The notebook to fork and follow. */
    notebook: YNotebook;
    /** Make the (empty) `YNotebook` a materialised replica is. */
    createView: () => YNotebook;
    /** Materialise at once instead of on the first `materialize`. */
    eager?: boolean;
    /**
     * Whether the replica's documents are garbage-collected (default false:
     * a branch reads deleted items to file and compare its changes).
     */
    gc?: boolean;
    /** The origin of the notebook's updates applied to the replica. */
    origin: unknown;
    /**
     * The origin of the state copied into a materialised or rebuilt
     * document beyond the notebook's (default `origin`).
     */
    rebuildOrigin?: unknown;
    /** Whether to follow an update of this origin (default: all). */
    accepts?: (origin: unknown) => boolean;
    /**
     * Whether a notebook transaction needs `follow`'s attention; or-ed over
     * the updates deferred and followed together.
     */
    mark?: (tr: Y.Transaction) => boolean;
    /**
     * Follow an update: call `apply` (default: just that). A branch looks
     * at its cells before and after it.
     */
    follow?: (apply: () => void, marked: boolean) => void;
    /** Called with each document the replica starts using. */
    attach?: (doc: Y.Doc) => void;
    /** Called with each document the replica stops using. */
    detach?: (doc: Y.Doc) => void;
  }
}
