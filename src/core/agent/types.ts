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
 * The settings of the AI agent: in JupyterLab, `schema/agent.json`'s with
 * the preset resolved (the `IAgentSettingsProvider`'s); their defaults are
 * `AGENT_DEFAULTS`. The API key is deliberately not one of them: it lives in
 * the browser's storage (or the headless agent's environment) and is passed
 * to `createClient` only.
 */
export interface IAgentSettings {
  /** The preset the base URL came from ('custom' when none). */
  readonly preset: string;
  /**
   * The OpenAI-compatible base URL, e.g. http://localhost:11434/v1 ('' when
   * no endpoint is configured).
   */
  readonly baseUrl: string;
  /** The model name the endpoint serves; also the agent's name. */
  readonly model: string;
  /** Sampling temperature. */
  readonly temperature: number;
  /** Where the agent's edits go. */
  readonly editMode: AgentEditMode;
  /** Whether chats are written into the notebook file. */
  readonly saveChats: boolean;
  /** Characters of one cell's outputs a read returns at most. */
  readonly outputBudget: number;
  /**
   * Characters of context (system prompt, notebook outline, conversation)
   * sent per request at most; the oldest turns go first.
   */
  readonly contextBudget: number;
  /** Model requests in one turn at most, tool loop included. */
  readonly maxSteps?: number;
  /**
   * Whether the run approval offers "allow for this session" (false: every
   * run of the agent's code asks).
   */
  readonly offerSessionApproval: boolean;
}

/**
 * What the model loop reads of `IAgentSettings`: the endpoint, the model and
 * where edits go; the limits it is not given are `AGENT_DEFAULTS`'. The
 * headless agent runs with these.
 */
export type AgentRunSettings = Pick<
  IAgentSettings,
  'baseUrl' | 'model' | 'temperature' | 'editMode'
> &
  Partial<Pick<IAgentSettings, 'outputBudget' | 'contextBudget' | 'maxSteps'>>;

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
  /**
   * Its source, as the agent sees it (in its branch, in suggest mode): what
   * the user is shown and approves, and exactly what runs.
   */
  readonly source: string;
  /**
   * Whether the notebook itself has this cell with this source. False when
   * the cell exists only in the agent's suggestion, or differs there: its
   * outputs then go to the agent only.
   */
  readonly inNotebook: boolean;
  /** The cell's index (0-based), in the notebook when it has the cell. */
  readonly index?: number;
  /** How many cells the notebook (or the agent's suggestion) has. */
  readonly cellCount?: number;
  /**
   * The notebook's own source of the cell when it differs from `source`
   * (the agent's suggestion changed it), null when the notebook has no such
   * cell; undefined when it is the same.
   */
  readonly notebookSource?: string | null;
  /** Who made the last edit of the cell's source, when known. */
  readonly lastEditedBy?: string;
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
  /**
   * False when the outputs did not (all) land in the notebook's cell: it was
   * edited while the code ran, so they went to the agent only.
   */
  readonly landedInCell?: boolean;
}

/**
 * Runs a cell for the agent. Implemented by a plugin (with the notebook's
 * kernel); a fake in tests.
 */
export interface ICellRunner {
  /**
   * Run exactly `request.source` (never the cell as it is when the kernel
   * gets to it) and resolve with its outputs. Reject with a
   * `RunRefusedError` when the notebook's cell no longer has that source, or
   * any error when it cannot run; the agent tells the model why. Outputs
   * land in the notebook's cell only while its source is the one that ran.
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
 * What the approver may offer besides running once or not at all.
 */
export interface IApprovalOptions {
  /** Whether to offer "allow for this session" (a setting can forbid it). */
  readonly offerSession: boolean;
}

/**
 * Asks a person whether the agent may run a cell: the one seam through
 * which any run is approved. The browser's is a dialog; a headless agent
 * has to implement it with a person present in the room, or with an
 * explicit, documented flag (see the README). A fake in tests.
 */
export interface IRunApprover {
  /**
   * Ask, showing `request.source` exactly, and resolve with the answer:
   * approving means that exactly this source may run, once or (`session`)
   * until revoked.
   */
  approve(
    request: IRunRequest,
    options?: IApprovalOptions
  ): Promise<RunApproval>;
}
