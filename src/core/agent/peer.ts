import { YNotebook } from '@jupyter/ydoc';
import {
  applyAwarenessUpdate,
  Awareness,
  encodeAwarenessUpdate
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { Replica } from '../replica';
import { DirectTarget } from './target';
import type { AgentActivity, IAgentIdentity } from './types';

/**
 * The agent as one more CRDT peer of a notebook.
 *
 * It has its own replica of the notebook (a `YNotebook` on its own Y.Doc,
 * hence its own Yjs client id), kept in sync with the notebook both ways by
 * Yjs updates: the notebook's updates are applied to the replica (a
 * `Replica`, ../replica.ts, as a branch's document is, deferred while a
 * transaction of the replica is open), and the replica's (the agent's
 * edits) to the notebook, each with a marked origin. The agent reads and
 * writes the notebook only through this replica.
 *
 * It also has its own awareness, whose updates are forwarded into the
 * notebook's awareness, so that JupyterLab's presence shows the agent like
 * a collaborator: a name, a colour, a cursor in the cell it works on. The
 * awareness renews its state before others time it out, and removes it on
 * dispose.
 */
export class AgentPeer {
  /**
   * Join a notebook as the agent: copy its state into a new replica, start
   * syncing, and appear in its awareness.
   */
  constructor(options: AgentPeer.IOptions) {
    this.notebook = options.notebook;
    this._replica = new Replica({
      notebook: this.notebook,
      createView: () => new YNotebook(),
      eager: true,
      // A YNotebook's own default: the agent reads no deleted items.
      gc: true,
      origin: AgentPeer.fromNotebook,
      // Its own edits, forwarded to the notebook, are there already.
      accepts: origin => origin !== this
    });
    // Nothing else drives the agent's replica: it listens itself.
    this._replica.listen();
    this.replica = this._replica.view!;
    this.identity = AgentPeer.identity(options.name, options.color);
    this._owner = options.owner ?? null;
    this.replica.ydoc.on('update', this._onReplicaUpdate);

    this.awareness = new Awareness(this.replica.ydoc);
    this.awareness.on('update', this._onAwarenessUpdate);
    this.awareness.setLocalState({
      user: { ...this.identity },
      agent: {
        activity: 'idle' as AgentActivity,
        cellId: null,
        owner: this._owner
      }
    });
    this.direct = new DirectTarget({ notebook: this.replica });
  }

  /** The notebook the agent joined. */
  readonly notebook: YNotebook;

  /** The agent's replica of the notebook: what its tools read and edit. */
  readonly replica: YNotebook;

  /** The agent's awareness (its own state only). */
  readonly awareness: Awareness;

  /** How the agent appears in presence. */
  readonly identity: IAgentIdentity;

  /** The direct-mode edit target on the replica (undo per tool call). */
  readonly direct: DirectTarget;

  /** The agent's Yjs client id (that of its replica). */
  get clientId(): number {
    return this.replica.ydoc.clientID;
  }

  /**
   * The transaction origin with which the agent's edits are applied to the
   * notebook, so that observers (and undo managers) can tell them apart.
   */
  get origin(): AgentPeer {
    return this;
  }

  /** Whether the peer is disposed. */
  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The cell the agent is working on, if any. */
  get activeCellId(): string | null {
    return this._cellId;
  }

  /**
   * Say in presence what the agent does and where. With a cell id, the
   * agent's cursor is put in that cell (at `index`, or the end of its
   * source) and the cell is named in `activeCellId`; with null, it has no
   * cursor.
   */
  setActivity(
    activity: AgentActivity,
    cellId: string | null = this._cellId,
    index?: number
  ): void {
    if (this._isDisposed) {
      return;
    }
    this._cellId = cellId;
    const cell = cellId
      ? this.replica.cells.find(c => c.getId() === cellId)
      : undefined;
    let cursors: unknown[] = [];
    if (cell) {
      const text = cell.ysource;
      const at = Math.max(0, Math.min(index ?? text.length, text.length));
      // A `Y.RelativePosition` itself, as JupyterLab's collaborative editors
      // publish theirs: it reaches others as JSON with all of its fields,
      // which jupyter-collaboration's cursors pass straight to
      // `createAbsolutePositionFromRelativePosition`. Not
      // `relativePositionToJSON`, which leaves out the null fields (`item`
      // at the end of a text) that this call then reads as set.
      const position = Y.createRelativePositionFromTypeIndex(text, at);
      cursors = [
        { anchor: position, head: position, primary: true, empty: true }
      ];
    }
    this.awareness.setLocalState({
      ...(this.awareness.getLocalState() ?? {}),
      user: { ...this.identity },
      cursors,
      // The cell may exist only in the agent's suggestion (no cursor then).
      activeCellId: cellId,
      agent: { activity, cellId, owner: this._owner }
    });
  }

  /**
   * Leave: remove the agent from the notebook's awareness and stop syncing.
   */
  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    // Clearing the local state emits an update that removes the agent from
    // the notebook's awareness (and, through its provider, from everyone's).
    this.awareness.setLocalState(null);
    this._isDisposed = true;
    this.awareness.off('update', this._onAwarenessUpdate);
    this.awareness.destroy();
    this.replica.ydoc.off('update', this._onReplicaUpdate);
    this.direct.dispose();
    this._replica.dispose();
  }

  private _onReplicaUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin !== AgentPeer.fromNotebook) {
      Y.applyUpdate(this.notebook.ydoc, update, this);
    }
  };

  private _onAwarenessUpdate = (change: {
    added: number[];
    updated: number[];
    removed: number[];
  }): void => {
    const clients = [...change.added, ...change.updated, ...change.removed];
    const target = this.notebook.awareness;
    if (!target || clients.length === 0) {
      return;
    }
    applyAwarenessUpdate(
      target,
      encodeAwarenessUpdate(this.awareness, clients),
      this
    );
  };

  /** The replica's follower; `replica` is its `YNotebook`. */
  private _replica: Replica;
  private _cellId: string | null = null;
  private _owner: string | null;
  private _isDisposed = false;
}

/**
 * The namespace of `AgentPeer`.
 */
export namespace AgentPeer {
  /** The options of an agent peer. */
  export interface IOptions {
    /** The notebook to join. */
    notebook: YNotebook;
    /** The agent's name: the model's. */
    name: string;
    /** Its colour (a default violet otherwise). */
    color?: string;
    /**
     * The person whose browser runs it, published with its activity so
     * that everyone's chat can say who is talking to it.
     */
    owner?: string;
  }

  /** The origin of the notebook's updates applied to the replica. */
  export const fromNotebook = Symbol('coauthor:agent-from-notebook');

  /** The agent's default colour. */
  export const defaultColor = '#7c4dff';

  /** The presence identity of an agent named after its model. */
  export function identity(name: string, color?: string): IAgentIdentity {
    const clean = name.trim() || 'AI agent';
    const words = clean
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .slice(0, 2);
    const initials =
      words
        .map(w => w[0])
        .join('')
        .toUpperCase() || 'AI';
    return {
      username: `agent:${clean}`,
      name: clean,
      display_name: clean,
      initials,
      color: color ?? defaultColor,
      avatar_url: null
    };
  }
}
