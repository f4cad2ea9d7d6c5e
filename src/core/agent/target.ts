import type { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';

/**
 * Where the agent's tools read and write: a notebook replica, and how to
 * wrap one edit. The tools only touch `notebook` and wrap each edit in
 * `transact(cellId, fn)`: the id of the cell whose source changes, or null
 * for structural edits (insert, delete, move, type change).
 *
 * Two implementations: `DirectTarget` (the agent's own replica, whose edits
 * flow into the notebook) and `branchTarget` (the agent's suggestion
 * branch, reviewed before anything reaches the notebook).
 */
export interface IEditTarget {
  /** The notebook the tools read and edit. */
  readonly notebook: YNotebook;
  /** Make one edit. */
  transact(cellId: string | null, fn: () => void): void;
  /**
   * The suggestion branch the edits are recorded in, when they are
   * (suggest mode): its id and its chain entries, so that each tool call
   * can say which entries it made (see `EditRecorder`).
   */
  readonly branch?: IRecordedBranch;
}

/**
 * What a tool call needs to know of the branch it edits: its id and its
 * recorded entries (the branch core's `Branch` has this shape).
 */
export interface IRecordedBranch {
  /** The branch's id. */
  readonly id: string;
  /** Its chain entries, oldest first: new ones are pushed at the end. */
  readonly entries: readonly { client: number; cells: string[] }[];
}

/**
 * Direct mode: edits go into the agent's replica, and from there into the
 * notebook as Yjs updates from the agent's own peer. Each `transact` is one
 * undoable step (a tool call makes exactly one).
 */
export class DirectTarget implements IEditTarget {
  /**
   * Create a direct target on a replica (usually `AgentPeer.replica`).
   */
  constructor(options: DirectTarget.IOptions) {
    this.notebook = options.notebook;
    this.undoManager = new Y.UndoManager(
      [this.notebook.ydoc.getArray('cells'), this.notebook.ydoc.getMap('meta')],
      {
        trackedOrigins: new Set([DirectTarget.origin]),
        // Steps are delimited by `stopCapturing`, not by time.
        captureTimeout: Number.MAX_SAFE_INTEGER
      }
    );
  }

  /** The replica the tools edit. */
  readonly notebook: YNotebook;

  /** The undo history of the agent's edits, one item per tool call. */
  readonly undoManager: Y.UndoManager;

  /** Make one edit as one undoable step. */
  transact(cellId: string | null, fn: () => void): void {
    this.undoManager.stopCapturing();
    this.notebook.ydoc.transact(fn, DirectTarget.origin);
    this.undoManager.stopCapturing();
  }

  /** Whether the agent has a step to undo. */
  get canUndo(): boolean {
    return this.undoManager.canUndo();
  }

  /**
   * Undo the agent's last step (its last tool call's edit), leaving other
   * people's edits made since in place. Returns whether there was one.
   */
  undoLastStep(): boolean {
    return this.undoManager.undo() !== null;
  }

  /** Stop tracking. */
  dispose(): void {
    this.undoManager.destroy();
  }
}

/**
 * The namespace of `DirectTarget`.
 */
export namespace DirectTarget {
  /** The options of a direct target. */
  export interface IOptions {
    /** The replica to edit. */
    notebook: YNotebook;
  }

  /** The transaction origin of the agent's tool edits in its replica. */
  export const origin = Symbol('coauthor:agent-tool');
}

/**
 * What the adapter needs of a suggestion branch: the branch core's `Branch`
 * has this shape (its forked replica and its per-cell transaction).
 */
export interface IBranchLike {
  /** The branch's forked replica of the notebook. */
  readonly doc: YNotebook;
  /** Make one edit in the branch, attributed to a cell (null: structure). */
  transactCell(cellId: string | null, fn: () => void): void;
  /** The branch's id (with `entries`: tool calls record their entries). */
  readonly id?: string;
  /** The branch's chain entries, oldest first. */
  readonly entries?: readonly { client: number; cells: string[] }[];
}

/**
 * Suggest mode: an edit target on the agent's suggestion branch.
 */
export function branchTarget(branch: IBranchLike): IEditTarget {
  return {
    get notebook() {
      return branch.doc;
    },
    transact(cellId: string | null, fn: () => void): void {
      branch.transactCell(cellId, fn);
    },
    get branch(): IRecordedBranch | undefined {
      return branch.id !== undefined && branch.entries !== undefined
        ? { id: branch.id, entries: branch.entries }
        : undefined;
    }
  };
}
