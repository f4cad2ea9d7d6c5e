import type { YCellType, YNotebook } from '@jupyter/ydoc';
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { IApprovalScope, SessionApproval } from '../approval';
import { AGENT_DEFAULTS } from '../defaults';
import type { IEditor } from '../editors';
import { EditRecorder } from '../editRecorder';
import type { IEditTarget } from '../target';
import type { AgentActivity, ICellRunner, IRunApprover } from '../types';
import { AbortError, message } from './abort';
import { TOOL_LIST, TOOLS_BY_NAME } from './catalog';
import { fail, IToolCallRequest, IToolOutcome } from './outcome';
import { checkArgs, IToolHost, toDefinition } from './tool';

/**
 * The agent's tools (one record each, see `catalog.ts`), run against an
 * edit target. Every read is from `target.notebook`, every edit is wrapped in
 * `target.transact(cellId, fn)`, and cells are addressed by nbformat id.
 * Whatever goes wrong comes back as a tool result that tells the model what
 * happened and what to do, never as an exception.
 */
export class AgentTools implements IToolHost {
  /**
   * Create the tools for an edit target.
   */
  constructor(options: AgentTools.IOptions) {
    this.target = options.target;
    this._notebook = options.notebook ?? null;
    this._runner = options.runner ?? null;
    this._approver = options.approver ?? null;
    this._presence = options.presence ?? null;
    this.session = options.session ?? new SessionApproval();
    this._scope = options.scope ?? Private.DEFAULT_SCOPE;
    this._editors = options.editors ?? null;
    this.outputBudget = options.outputBudget ?? AGENT_DEFAULTS.outputBudget;
    this.sourceBudget = options.sourceBudget ?? AGENT_DEFAULTS.sourceBudget;
  }

  /**
   * Where the tools read and edit. It may be swapped (the edit mode
   * changed) between tool calls.
   */
  target: IEditTarget;

  /** Characters of a cell's outputs a read returns at most. */
  outputBudget: number;

  /** Characters of a cell's source a read returns at most. */
  sourceBudget: number;

  /** The user's "allow for this session", shared with the chat's indicator. */
  readonly session: SessionApproval;

  /** Whether runs of this agent in this notebook go without asking now. */
  get runAllowedForSession(): boolean {
    return this.session.covers(this.scope);
  }

  /** What a session approval given here is for. */
  get scope(): IApprovalScope {
    return typeof this._scope === 'function' ? this._scope() : this._scope;
  }

  /** Ask again before the next run (a new session). */
  resetSession(): void {
    this.session.revoke();
  }

  /** The tool definitions to send with each request. */
  get definitions(): ChatCompletionFunctionTool[] {
    return AgentTools.definitions;
  }

  /**
   * Execute one tool call. Failures are results for the model; it throws
   * only when `signal` aborts (the user stopped the agent).
   */
  async execute(
    call: IToolCallRequest,
    signal?: AbortSignal
  ): Promise<IToolOutcome> {
    const tool = TOOLS_BY_NAME.get(call.name);
    if (!tool) {
      return fail(
        `Unknown tool '${call.name}'. The tools are: ${AgentTools.names.join(
          ', '
        )}.`
      );
    }
    let args: Record<string, unknown>;
    try {
      const parsed = call.arguments.trim() ? JSON.parse(call.arguments) : {};
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error('the arguments must be a JSON object');
      }
      args = parsed;
    } catch (error) {
      return fail(
        `The arguments of '${call.name}' are not a valid JSON object ` +
          `(${message(error)}). Call it again with a JSON object ` +
          `matching its schema.`
      );
    }
    const problem = checkArgs(tool, args);
    if (problem) {
      return fail(`Invalid arguments for '${call.name}': ${problem}`);
    }
    const recorder = new EditRecorder(this.target);
    this._recorder = recorder;
    try {
      const outcome = await tool.run(this, args, signal);
      const edit = recorder.result();
      return edit ? { ...outcome, edit } : outcome;
    } catch (error) {
      // A stop is not a failure of the tool: the loop ends the turn.
      if (signal?.aborted || error instanceof AbortError) {
        throw error;
      }
      return fail(`'${call.name}' failed: ${message(error)}`);
    } finally {
      if (this._recorder === recorder) {
        this._recorder = null;
      }
    }
  }

  /**
   * @internal Make one edit through the target, recorded for the call's
   * chat card; `moving` names the cell a structural edit moves.
   */
  _transact(cellId: string | null, fn: () => void, moving?: string): void {
    const recorder = this._recorder;
    if (!recorder) {
      this.target.transact(cellId, fn);
      return;
    }
    if (moving) {
      recorder.moving(moving);
    }
    recorder.transact(cellId, fn);
  }

  /** @internal The cells of the target, by id. */
  _find(cellId: string): { cell: YCellType; index: number } | null {
    const cells = this.target.notebook.cells;
    const index = cells.findIndex(c => c.getId() === cellId);
    return index < 0 ? null : { cell: cells[index], index };
  }

  /** @internal A clear error for a cell id that is not (or no longer) there. */
  _missing(cellId: string): IToolOutcome {
    return fail(
      `No cell has id '${cellId}'. It may have been deleted or replaced by ` +
        `a collaborator; call list_cells to see the current cells.`,
      cellId
    );
  }

  /**
   * @internal Who made the last edit of a cell's source, for the model:
   * `unknown` when this browser could not tell.
   */
  _lastEditedBy(cellId: string): string {
    const inTarget = this._find(cellId)?.cell.getSource();
    const notebook = this._notebook;
    if (notebook && notebook !== this.target.notebook) {
      const own = notebook.cells.find(c => c.getId() === cellId);
      if (!own || own.getSource() !== inTarget) {
        return 'you (the co-author), in your suggestion';
      }
    }
    const editor: IEditor | null = this._editors?.lastEditor(cellId) ?? null;
    if (!editor) {
      return 'unknown';
    }
    return editor.self ? 'you (the co-author)' : editor.name;
  }

  /** @internal Tell presence what the agent does. */
  _activity(activity: AgentActivity, cellId: string | null): void {
    this._presence?.setActivity(activity, cellId);
  }

  /** @internal The notebook itself, when the target is not it. */
  readonly _notebook: YNotebook | null;
  /** @internal Runs cells (`run_cell`). */
  readonly _runner: ICellRunner | null;
  /** @internal Asks the user before a run (`run_cell`). */
  readonly _approver: IRunApprover | null;

  private _recorder: EditRecorder | null = null;
  private _presence: AgentTools.IPresence | null;
  private _scope: IApprovalScope | (() => IApprovalScope);
  private _editors: AgentTools.IEditors | null;
}

/**
 * The namespace of `AgentTools`.
 */
export namespace AgentTools {
  /** Where the tools say what the agent does (an `AgentPeer`). */
  export interface IPresence {
    /** Show an activity on a cell. */
    setActivity(activity: AgentActivity, cellId: string | null): void;
    /** The cell it shows the agent in, if any. */
    readonly activeCellId?: string | null;
  }

  /** Who last edited each cell (a `CellEditors`). */
  export interface IEditors {
    /** The last editor of a cell's source, or null when unknown. */
    lastEditor(cellId: string): IEditor | null;
  }

  /** The options of the tools. */
  export interface IOptions {
    /** Where to read and edit. */
    target: IEditTarget;
    /**
     * The notebook itself (not the target), to tell the runner whether a
     * cell to run is the notebook's own.
     */
    notebook?: YNotebook;
    /** Runs cells; without one, `run_cell` says it is not available. */
    runner?: ICellRunner;
    /** Asks the user before each run. */
    approver?: IRunApprover;
    /**
     * The session approval to honour and give (one per notebook's agent,
     * shown by the chat); a private one by default.
     */
    session?: SessionApproval;
    /** What a session approval given by these tools is for. */
    scope?: IApprovalScope | (() => IApprovalScope);
    /** Who last edited each cell, to say whose content a result carries. */
    editors?: IEditors;
    /** Shows the agent's activity. */
    presence?: IPresence;
    /** Characters of outputs a read returns at most (default `AGENT_DEFAULTS.outputBudget`). */
    outputBudget?: number;
    /** Characters of source a read returns at most (default `AGENT_DEFAULTS.sourceBudget`). */
    sourceBudget?: number;
  }

  /** The names of the tools, in the order the model is shown them. */
  export const names: readonly string[] = TOOL_LIST.map(tool => tool.name);

  /** The JSON schemas of the tools, for the `tools` request parameter. */
  export const definitions: ChatCompletionFunctionTool[] =
    TOOL_LIST.map(toDefinition);
}

namespace Private {
  /** The scope of tools given no scope (tests, one agent, one notebook). */
  export const DEFAULT_SCOPE: IApprovalScope = {
    notebook: 'notebook',
    agent: 'agent'
  };
}
