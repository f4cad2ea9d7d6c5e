/**
 * Public interfaces of the AI co-author core. Plugins implement the runner
 * and the approver; the core implements the rest.
 */

/**
 * Where the agent's edits go.
 * - `suggest`: into its own suggestion branch, reviewed like anyone's.
 * - `direct`: straight into the notebook, each tool call one undoable step.
 */
export type AgentEditMode = 'suggest' | 'direct';

/**
 * The settings the agent runs with. The API key is deliberately not one of
 * them: it lives in the browser's storage and is passed to `createClient`
 * only.
 */
export interface IAgentSettings {
  /** The OpenAI-compatible base URL, e.g. http://localhost:11434/v1. */
  readonly baseUrl: string;
  /** The model name the endpoint serves; also the agent's name. */
  readonly model: string;
  /** Sampling temperature. */
  readonly temperature: number;
  /** Where the agent's edits go. */
  readonly editMode: AgentEditMode;
  /** Characters of one cell's outputs a read returns at most (default 4000). */
  readonly outputBudget?: number;
  /**
   * Characters of context (system prompt, notebook outline, conversation)
   * sent per request at most (default 48000); the oldest turns go first.
   */
  readonly contextBudget?: number;
  /** Model requests in one turn at most, tool loop included (default 12). */
  readonly maxSteps?: number;
}

/**
 * How the agent looks to others: the `user` field of its awareness state,
 * in the shape JupyterLab's `User.IIdentity` has, so that the collaborator
 * UI and the remote cursors show it like a person.
 */
export interface IAgentIdentity {
  /** A unique user name, e.g. `agent:gpt-4o-mini`. */
  readonly username: string;
  /** The name (the model's). */
  readonly name: string;
  /** The name shown next to its cursor. */
  readonly display_name: string;
  /** Up to two letters for its avatar. */
  readonly initials: string;
  /** Its CSS colour. */
  readonly color: string;
  /** No avatar picture. */
  readonly avatar_url: null;
}

/**
 * What the agent is doing, shown in presence.
 */
export type AgentActivity =
  'idle' | 'thinking' | 'reading' | 'editing' | 'running';

/**
 * A request to run a cell, as the approver and the runner see it.
 */
export interface IRunRequest {
  /** The nbformat id of the cell. */
  readonly cellId: string;
  /** Its source, as the agent sees it (in its branch, in suggest mode). */
  readonly source: string;
  /**
   * Whether the notebook itself has this cell with this source. False when
   * the cell exists only in the agent's suggestion, or differs there: the
   * runner then has to run `source` rather than the notebook's cell.
   */
  readonly inNotebook: boolean;
}

/**
 * The result of running a cell.
 */
export interface IRunResult {
  /** 'ok', or 'error' when the code raised. */
  readonly status: 'ok' | 'error';
  /** The outputs, in nbformat form (streams, results, errors). */
  readonly outputs: ReadonlyArray<Record<string, unknown>>;
  /** The execution count, when there is one. */
  readonly executionCount?: number | null;
}

/**
 * Runs a cell for the agent. Implemented by a plugin (with the notebook's
 * kernel); a fake in tests.
 */
export interface ICellRunner {
  /**
   * Run the cell and resolve with its outputs. Reject (or honour `signal`)
   * when it cannot run; the agent tells the model why.
   */
  run(request: IRunRequest, signal?: AbortSignal): Promise<IRunResult>;
}

/**
 * The user's answer to a run request.
 * - `once`: run this time.
 * - `session`: run, and do not ask again until the session ends.
 * - `deny`: do not run.
 */
export type RunApproval = 'once' | 'session' | 'deny';

/**
 * Asks the user whether the agent may run a cell. Implemented by a plugin
 * (a dialog); a fake in tests.
 */
export interface IRunApprover {
  /** Ask, and resolve with the answer. */
  approve(request: IRunRequest): Promise<RunApproval>;
}
