import { ISignal, Signal } from '@lumino/signaling';
import type { IRunRequest } from './types';

/**
 * What a session approval is for: one notebook and one agent. An approval
 * given for one scope never covers another (another notebook, another model
 * or endpoint, another instance of the agent).
 */
export interface IApprovalScope {
  /** The notebook (its shared document's guid). */
  readonly notebook: string;
  /** The agent: its instance (Yjs client id), endpoint and model. */
  readonly agent: string;
}

/**
 * "Allow for this session": the user's answer that lets the agent run cells
 * without asking again, held in memory only (a reload ends it), for one
 * scope, until it is revoked. It says when it changes, so that the chat can
 * show it while it is on and offer to take it back.
 */
export class SessionApproval {
  /**
   * Create a session approval, off.
   */
  constructor(options: SessionApproval.IOptions = {}) {
    this._offered = options.offered ?? (() => true);
  }

  /** Whether the user may be offered a session approval at all (a setting). */
  get offered(): boolean {
    return this._offered();
  }

  /** The scope it was given for, while it is on; null when off. */
  get scope(): IApprovalScope | null {
    return this._scope;
  }

  /** Whether it is on (for some scope). */
  get active(): boolean {
    return this._scope !== null;
  }

  /** Emitted when it is given or revoked, with whether it is now on. */
  get changed(): ISignal<SessionApproval, boolean> {
    return this._changed;
  }

  /** Whether runs in `scope` may go without asking. */
  covers(scope: IApprovalScope): boolean {
    return (
      this._scope !== null &&
      this.offered &&
      this._scope.notebook === scope.notebook &&
      this._scope.agent === scope.agent
    );
  }

  /**
   * Turn it on for `scope`; refused (false) when the setting says never to
   * offer it.
   */
  grant(scope: IApprovalScope): boolean {
    if (!this.offered) {
      return false;
    }
    this._scope = { notebook: scope.notebook, agent: scope.agent };
    this._changed.emit(true);
    return true;
  }

  /** Turn it off: the next run asks again. */
  revoke(): void {
    if (this._scope === null) {
      return;
    }
    this._scope = null;
    this._changed.emit(false);
  }

  private _offered: () => boolean;
  private _scope: IApprovalScope | null = null;
  private _changed = new Signal<SessionApproval, boolean>(this);
}

/**
 * The namespace of `SessionApproval`.
 */
export namespace SessionApproval {
  /** The options of a session approval. */
  export interface IOptions {
    /**
     * Whether to offer it (the `offerSessionApproval` setting); when false,
     * every run asks and a running approval covers nothing.
     */
    offered?: () => boolean;
  }
}

/**
 * Thrown by a runner that will not run a request: the cell is no longer
 * what the user approved. Nothing ran.
 */
export class RunRefusedError extends Error {
  /** Create a refusal, saying why. */
  constructor(message: string) {
    super(message);
    this.name = 'RunRefusedError';
  }
}

/**
 * Why a run approved for `request` must not go ahead now, or null when the
 * cell is still what was approved: `current` is the cell's source where the
 * agent works now (null: the cell is gone), `notebookNow` the notebook's
 * own (null: it has no such cell).
 */
export function changedSinceRequest(
  request: IRunRequest,
  current: string | null,
  notebookNow: string | null
): string | null {
  if (current === null || (request.inNotebook && notebookNow === null)) {
    return 'the cell was deleted';
  }
  if (current !== request.source) {
    return 'the cell was edited';
  }
  if (request.inNotebook && notebookNow !== request.source) {
    return "the notebook's cell was edited";
  }
  return null;
}
