import {
  applyAwarenessUpdate,
  Awareness,
  encodeAwarenessUpdate
} from 'y-protocols/awareness';
import * as Y from 'yjs';

/**
 * A state of our own in someone else's awareness: we keep it in an
 * awareness of ours (own client id, renewed before others time it out) and
 * forward its updates into the target, whose provider sends them to every
 * peer, as it does for any state it holds.
 *
 * This is how the agent appears in jupyter-collaboration's Online
 * Collaborators, which lists the states of the global awareness (the
 * `IGlobalAwareness` of `@jupyter/collaborative-drive`, room
 * `JupyterLab:globalAwareness`) rather than those of the documents. The
 * `AgentPeer` does the same into the notebook's awareness for its cursor.
 */
export class AwarenessListing {
  constructor(options: AwarenessListing.IOptions) {
    this._target = options.target;
    this._own = new Awareness(new Y.Doc());
    this._own.setLocalState(null);
    this._own.on('update', this._forward);
  }

  /** Our client id in the target. */
  get clientId(): number {
    return this._own.clientID;
  }

  /** Whether the state is shown. */
  get shown(): boolean {
    return this._own.getLocalState() !== null;
  }

  /** Show (or replace) our state in the target. */
  show(state: Record<string, unknown>): void {
    if (!this._isDisposed) {
      this._own.setLocalState(state);
    }
  }

  /** Remove our state from the target (and so from every peer). */
  hide(): void {
    if (!this._isDisposed && this.shown) {
      this._own.setLocalState(null);
    }
  }

  /** Hide and stop. */
  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this.hide();
    this._isDisposed = true;
    this._own.off('update', this._forward);
    this._own.destroy();
  }

  private _forward = (change: {
    added: number[];
    updated: number[];
    removed: number[];
  }): void => {
    const clients = [...change.added, ...change.updated, ...change.removed];
    if (clients.length > 0) {
      applyAwarenessUpdate(
        this._target,
        encodeAwarenessUpdate(this._own, clients),
        this
      );
    }
  };

  private _target: Awareness;
  private _own: Awareness;
  private _isDisposed = false;
}

/**
 * The namespace of `AwarenessListing`.
 */
export namespace AwarenessListing {
  /** The options of an awareness listing. */
  export interface IOptions {
    /** The awareness to appear in. */
    target: Awareness;
  }
}
