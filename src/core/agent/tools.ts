import type { YCellType, YNotebook } from '@jupyter/ydoc';
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import {
  changedSinceRequest,
  IApprovalScope,
  RunRefusedError,
  SessionApproval
} from './approval';
import type { IToolEdit } from '../chat/types';
import type { IEditor } from './editors';
import { EditRecorder } from './editRecorder';
import { asNotebookContent, escapeNotebookContent } from './notebookContent';
import type { IEditTarget } from './target';
import type {
  AgentActivity,
  ICellRunner,
  IRunApprover,
  IRunRequest,
  IRunResult
} from './types';

/**
 * The outcome of one tool call: what goes back to the model.
 */
export interface IToolOutcome {
  /** Whether the tool did what was asked. */
  readonly ok: boolean;
  /** The tool message content sent to the model (JSON text). */
  readonly content: string;
  /** The cell the call was about, when there is one. */
  readonly cellId?: string;
  /**
   * What the people in the chat must be told besides the model (e.g. why an
   * approved run was refused), when there is something.
   */
  readonly notice?: string;
  /** What the call changed, when it changed something (see `EditRecorder`). */
  readonly edit?: IToolEdit;
}

/**
 * A tool call as the model made it.
 */
export interface IToolCallRequest {
  /** The tool's name. */
  readonly name: string;
  /** The arguments as the model sent them: JSON text, maybe malformed. */
  readonly arguments: string;
}

/**
 * The agent's tools: their JSON schemas (OpenAI function calling) and their
 * executors. Every read is from `target.notebook`, every edit is wrapped in
 * `target.transact(cellId, fn)`, and cells are addressed by nbformat id.
 * Whatever goes wrong comes back as a tool result that tells the model what
 * happened and what to do, never as an exception.
 */
export class AgentTools {
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
    this.outputBudget = options.outputBudget ?? 4000;
    this.sourceBudget = options.sourceBudget ?? 12000;
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
    const tool = Private.TOOLS[call.name];
    if (!tool) {
      return fail(
        `Unknown tool '${call.name}'. The tools are: ${Object.keys(
          Private.TOOLS
        ).join(', ')}.`
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
          `(${Private.message(error)}). Call it again with a JSON object ` +
          `matching its schema.`
      );
    }
    const problem = Private.checkArgs(call.name, args);
    if (problem) {
      return fail(`Invalid arguments for '${call.name}': ${problem}`);
    }
    const recorder = new EditRecorder(this.target);
    this._recorder = recorder;
    try {
      const outcome = await tool.call(this, args, signal);
      const edit = recorder.result();
      return edit ? { ...outcome, edit } : outcome;
    } catch (error) {
      // A stop is not a failure of the tool: the loop ends the turn.
      if (signal?.aborted || error instanceof AbortError) {
        throw error;
      }
      return fail(`'${call.name}' failed: ${Private.message(error)}`);
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

  /**
   * @internal Run a cell, asking for approval unless given for the session;
   * exactly the source asked about runs, and only if the cell still has it.
   */
  async _run(
    cellId: string,
    signal: AbortSignal | undefined
  ): Promise<IToolOutcome> {
    const found = this._find(cellId);
    if (!found) {
      return this._missing(cellId);
    }
    if (found.cell.cell_type !== 'code') {
      return fail(
        `Cell '${cellId}' is a ${found.cell.cell_type} cell; only code cells run.`,
        cellId
      );
    }
    if (!this._runner) {
      return fail('Running cells is not available here.', cellId);
    }
    const request = this._request(cellId, found.cell.getSource(), found.index);
    const scope = this.scope;
    if (!this.session.covers(scope)) {
      if (!this._approver) {
        return fail(
          'Running cells needs the approval of the user, and no one can ' +
            'approve here. Ask the user to run it.',
          cellId
        );
      }
      const answer = await Private.raceAbort(
        this._approver.approve(request, {
          offerSession: this.session.offered
        }),
        signal
      );
      if (answer === 'deny') {
        return fail(
          `The user declined to run cell '${cellId}'. Do not run it again ` +
            `unless they ask; you may ask them why.`,
          cellId
        );
      }
      if (answer === 'session') {
        this.session.grant(scope);
      }
    }
    // Someone may have changed the cell while the user was deciding.
    const why = changedSinceRequest(
      request,
      this._find(cellId)?.cell.getSource() ?? null,
      this._notebookSource(cellId)
    );
    if (why) {
      return Private.refused(request, why);
    }
    this._activity('running', cellId);
    let result: IRunResult;
    try {
      result = await Private.raceAbort(
        this._runner.run(request, signal),
        signal
      );
    } catch (error) {
      if (signal?.aborted) {
        throw error;
      }
      if (error instanceof RunRefusedError) {
        return Private.refused(request, error.message);
      }
      return fail(
        `Cell '${cellId}' could not run: ${Private.message(error)}`,
        cellId
      );
    }
    const outputs = Private.formatOutputs(
      result.outputs as Record<string, any>[],
      this.outputBudget
    );
    return {
      ok: result.status === 'ok',
      cellId,
      content: JSON.stringify({
        ok: result.status === 'ok',
        cell_id: cellId,
        status: result.status,
        execution_count: result.executionCount ?? null,
        ...(result.landedInCell === false
          ? {
              outputs_in_cell: false,
              note: 'The cell was edited while it ran: these outputs are of the code you ran, and were not written into the cell.'
            }
          : {}),
        outputs: outputs.text
          ? asNotebookContent(outputs.text, { cell: cellId, part: 'outputs' })
          : '',
        errors: outputs.errors,
        ...(outputs.truncated ? { truncated: true } : {})
      })
    };
  }

  /** The request to run a cell with this source, with what the dialog shows. */
  private _request(cellId: string, source: string, index: number): IRunRequest {
    const notebook = this._notebook;
    const ownIndex = notebook
      ? notebook.cells.findIndex(c => c.getId() === cellId)
      : -1;
    const own = ownIndex >= 0 ? notebook!.cells[ownIndex].getSource() : null;
    const lastEditedBy = this._lastEditedBy(cellId);
    return {
      cellId,
      source,
      inNotebook: own !== null && own === source,
      index: ownIndex >= 0 ? ownIndex : index,
      cellCount: (ownIndex >= 0 ? notebook! : this.target.notebook).cells
        .length,
      ...(notebook && own !== source ? { notebookSource: own } : {}),
      ...(lastEditedBy !== 'unknown' ? { lastEditedBy } : {})
    };
  }

  /** The notebook's own source of a cell, null when it has none. */
  private _notebookSource(cellId: string): string | null {
    const notebook = this._notebook ?? this.target.notebook;
    const cell = notebook.cells.find(c => c.getId() === cellId);
    return cell ? cell.getSource() : null;
  }

  private _recorder: EditRecorder | null = null;
  private _notebook: YNotebook | null;
  private _runner: ICellRunner | null;
  private _approver: IRunApprover | null;
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
    /** Characters of outputs a read returns at most (default 4000). */
    outputBudget?: number;
    /** Characters of source a read returns at most (default 12000). */
    sourceBudget?: number;
  }

  /** The names of the tools. */
  export const names = [
    'list_cells',
    'read_cell',
    'insert_cell',
    'edit_cell',
    'delete_cell',
    'move_cell',
    'set_cell_type',
    'run_cell'
  ] as const;

  /** The JSON schemas of the tools, for the `tools` request parameter. */
  export const definitions: ChatCompletionFunctionTool[] = [
    fn(
      'list_cells',
      'List the notebook cells in order: id, type, first line, whether ' +
        'it has outputs or an error. Cells are addressed by id, never by ' +
        'index, since collaborators may insert or move cells meanwhile.',
      {
        start: int('Index of the first cell to list (default 0).'),
        limit: int('How many cells to list at most (default 200).')
      },
      []
    ),
    fn(
      'read_cell',
      'Read one cell: its source, type, and (for code) its outputs and errors, truncated to a budget.',
      { cell_id: str('The id of the cell.') },
      ['cell_id']
    ),
    fn(
      'insert_cell',
      'Insert a new cell. Give after_cell_id or before_cell_id to place it; with neither it goes at the end. Returns the new cell id.',
      {
        source: str('The source of the new cell.'),
        cell_type: cellType(),
        after_cell_id: str('Insert after this cell.'),
        before_cell_id: str('Insert before this cell.')
      },
      ['source']
    ),
    fn(
      'edit_cell',
      "Change a cell's source: either give the whole new `source`, or replace one exact, unique occurrence of `old_text` with `new_text`.",
      {
        cell_id: str('The id of the cell.'),
        source: str('The whole new source.'),
        old_text: str('Exact text to replace (must occur once).'),
        new_text: str('What to put instead of old_text.')
      },
      ['cell_id']
    ),
    fn(
      'delete_cell',
      'Delete a cell.',
      { cell_id: str('The id of the cell.') },
      ['cell_id']
    ),
    fn(
      'move_cell',
      'Move a cell after or before another cell (give exactly one of after_cell_id, before_cell_id).',
      {
        cell_id: str('The id of the cell to move.'),
        after_cell_id: str('Put it right after this cell.'),
        before_cell_id: str('Put it right before this cell.')
      },
      ['cell_id']
    ),
    fn(
      'set_cell_type',
      "Change a cell's type (code, markdown or raw), keeping its source.",
      { cell_id: str('The id of the cell.'), cell_type: cellType() },
      ['cell_id', 'cell_type']
    ),
    fn(
      'run_cell',
      'Run a code cell and return its outputs and errors. The user is shown its exact source and asked to approve; they may decline. If the cell changes before it runs, nothing runs and you are told: read it again and ask again if it should still run.',
      { cell_id: str('The id of the cell.') },
      ['cell_id']
    )
  ];

  function fn(
    name: string,
    description: string,
    properties: Record<string, unknown>,
    required: string[]
  ): ChatCompletionFunctionTool {
    return {
      type: 'function',
      function: {
        name,
        description,
        parameters: { type: 'object', properties, required }
      }
    };
  }
  function str(description: string) {
    return { type: 'string', description };
  }
  function int(description: string) {
    return { type: 'integer', description };
  }
  function cellType() {
    return {
      type: 'string',
      enum: ['code', 'markdown', 'raw'],
      description: 'The cell type (default code).'
    };
  }
}

function fail(error: string, cellId?: string): IToolOutcome {
  return {
    ok: false,
    cellId,
    content: JSON.stringify({ ok: false, error })
  };
}

function succeed(
  result: Record<string, unknown>,
  cellId?: string
): IToolOutcome {
  return { ok: true, cellId, content: JSON.stringify({ ok: true, ...result }) };
}

namespace Private {
  type Args = Record<string, any>;

  /** The scope of tools given no scope (tests, one agent, one notebook). */
  export const DEFAULT_SCOPE: IApprovalScope = {
    notebook: 'notebook',
    agent: 'agent'
  };

  /** A run refused because the cell is no longer what was approved. */
  export function refused(request: IRunRequest, why: string): IToolOutcome {
    const cellId = request.cellId;
    const where =
      request.index !== undefined
        ? `cell ${request.index + 1} (${cellId})`
        : `cell ${cellId}`;
    return {
      ok: false,
      cellId,
      content: JSON.stringify({
        ok: false,
        refused: true,
        error:
          `Nothing ran: ${why} after you asked to run cell '${cellId}', so ` +
          `it is no longer the code the user approved. Read the cell again; ` +
          `if it should still run, call run_cell again (the user is asked ` +
          `again, with the new source).`
      }),
      notice: `The co-author's run of ${where} was refused: ${why} after the run was requested, so it is not the code that was approved. Nothing ran.`
    };
  }

  interface ITool {
    call(
      tools: AgentTools,
      args: Args,
      signal?: AbortSignal
    ): Promise<IToolOutcome> | IToolOutcome;
  }

  const CELL_TYPES = ['code', 'markdown', 'raw'];

  /** What each tool's arguments must be, beyond being an object. */
  const SCHEMAS: Record<
    string,
    Record<string, 'string' | 'integer' | 'type'>
  > = {
    list_cells: { start: 'integer', limit: 'integer' },
    read_cell: { cell_id: 'string' },
    insert_cell: {
      source: 'string',
      cell_type: 'type',
      after_cell_id: 'string',
      before_cell_id: 'string'
    },
    edit_cell: {
      cell_id: 'string',
      source: 'string',
      old_text: 'string',
      new_text: 'string'
    },
    delete_cell: { cell_id: 'string' },
    move_cell: {
      cell_id: 'string',
      after_cell_id: 'string',
      before_cell_id: 'string'
    },
    set_cell_type: { cell_id: 'string', cell_type: 'type' },
    run_cell: { cell_id: 'string' }
  };

  /** A sentence saying what is wrong with the arguments, or null. */
  export function checkArgs(name: string, args: Args): string | null {
    const definition = AgentTools.definitions.find(
      d => d.function.name === name
    );
    const required =
      (definition?.function.parameters?.required as string[]) ?? [];
    for (const key of required) {
      if (args[key] === undefined || args[key] === null) {
        return `'${key}' is required.`;
      }
    }
    const schema = SCHEMAS[name] ?? {};
    for (const [key, value] of Object.entries(args)) {
      const kind = schema[key];
      if (value === undefined || value === null) {
        continue;
      }
      if (!kind) {
        return `unknown argument '${key}'; the arguments are: ${Object.keys(
          schema
        ).join(', ')}.`;
      }
      if (kind === 'string' && typeof value !== 'string') {
        return `'${key}' must be a string.`;
      }
      if (kind === 'integer' && !Number.isInteger(value)) {
        return `'${key}' must be an integer.`;
      }
      if (kind === 'type' && !CELL_TYPES.includes(value)) {
        return `'${key}' must be one of ${CELL_TYPES.join(', ')}.`;
      }
    }
    return null;
  }

  /** The tools. */
  export const TOOLS: Record<string, ITool> = {
    list_cells: {
      call(tools, args) {
        const cells = tools.target.notebook.cells;
        const start = Math.max(0, args.start ?? 0);
        const limit = Math.max(1, Math.min(args.limit ?? 200, 500));
        tools._activity('reading', null);
        const listed = cells.slice(start, start + limit).map((cell, i) => {
          const source = cell.getSource();
          const firstLine = source.split('\n', 1)[0];
          const id = cell.getId();
          const shown =
            firstLine.length > 80 ? firstLine.slice(0, 80) + '…' : firstLine;
          const entry: Record<string, unknown> = {
            index: start + i,
            id,
            type: cell.cell_type,
            lines: source ? source.split('\n').length : 0,
            first_line: shown
              ? asNotebookContent(shown, {
                  part: 'first-line',
                  lastEditedBy: tools._lastEditedBy(id)
                })
              : ''
          };
          if (cell.cell_type === 'code') {
            const outputs = (cell as any).getOutputs() as any[];
            entry.outputs = outputs.length;
            if (outputs.some(o => o.output_type === 'error')) {
              entry.has_error = true;
            }
          }
          return entry;
        });
        return succeed({
          total: cells.length,
          cells: listed,
          ...(start + limit < cells.length
            ? { more: `call again with start=${start + limit}` }
            : {})
        });
      }
    },

    read_cell: {
      call(tools, args) {
        const found = tools._find(args.cell_id);
        if (!found) {
          return tools._missing(args.cell_id);
        }
        const { cell, index } = found;
        tools._activity('reading', args.cell_id);
        const source = truncate(cell.getSource(), tools.sourceBudget);
        const lastEditedBy = tools._lastEditedBy(args.cell_id);
        const result: Record<string, unknown> = {
          id: args.cell_id,
          index,
          type: cell.cell_type,
          last_edited_by: lastEditedBy,
          source: asNotebookContent(source.text, {
            cell: args.cell_id,
            part: 'source',
            lastEditedBy
          })
        };
        if (source.truncated) {
          result.source_truncated = true;
        }
        if (cell.cell_type === 'code') {
          const outputs = formatOutputs(
            (cell as any).getOutputs(),
            tools.outputBudget
          );
          result.execution_count = (cell as any).execution_count ?? null;
          result.outputs = outputs.text
            ? asNotebookContent(outputs.text, {
                cell: args.cell_id,
                part: 'outputs'
              })
            : '';
          result.errors = outputs.errors;
          if (outputs.truncated) {
            result.outputs_truncated = true;
          }
        }
        return succeed(result, args.cell_id);
      }
    },

    insert_cell: {
      call(tools, args) {
        const notebook = tools.target.notebook;
        let index = notebook.cells.length;
        const anchor = args.after_cell_id ?? args.before_cell_id;
        if (
          args.after_cell_id !== undefined &&
          args.before_cell_id !== undefined
        ) {
          return fail('Give after_cell_id or before_cell_id, not both.');
        }
        if (anchor !== undefined) {
          const found = tools._find(anchor);
          if (!found) {
            return tools._missing(anchor);
          }
          index = found.index + (args.after_cell_id !== undefined ? 1 : 0);
        }
        const type = args.cell_type ?? 'code';
        let id = '';
        tools._transact(null, () => {
          const cell = notebook.insertCell(index, {
            cell_type: type,
            source: args.source,
            metadata: {}
          } as any);
          id = cell.getId();
        });
        tools._activity('editing', id);
        return succeed({ cell_id: id, index, type }, id);
      }
    },

    edit_cell: {
      call(tools, args) {
        const found = tools._find(args.cell_id);
        if (!found) {
          return tools._missing(args.cell_id);
        }
        const text = found.cell.ysource;
        const current = text.toString();
        let next: string;
        if (args.source !== undefined) {
          if (args.old_text !== undefined || args.new_text !== undefined) {
            return fail(
              'Give either source, or old_text and new_text, not both.',
              args.cell_id
            );
          }
          next = args.source;
        } else if (args.old_text !== undefined && args.new_text !== undefined) {
          const at = current.indexOf(args.old_text);
          if (!args.old_text || at < 0) {
            return fail(
              `old_text does not occur in cell '${args.cell_id}'; read_cell to see its source.`,
              args.cell_id
            );
          }
          if (current.indexOf(args.old_text, at + 1) >= 0) {
            return fail(
              `old_text occurs more than once in cell '${args.cell_id}'; give more context so it is unique.`,
              args.cell_id
            );
          }
          next =
            current.slice(0, at) +
            args.new_text +
            current.slice(at + args.old_text.length);
        } else {
          return fail(
            'Give source, or both old_text and new_text.',
            args.cell_id
          );
        }
        // Change only the part that differs, so that what collaborators
        // type elsewhere in the cell at the same time is kept.
        const { start, removed, inserted } = diffRange(current, next);
        if (removed > 0 || inserted) {
          tools._transact(args.cell_id, () => {
            if (removed > 0) {
              text.delete(start, removed);
            }
            if (inserted) {
              text.insert(start, inserted);
            }
          });
        }
        tools._activity('editing', args.cell_id);
        return succeed(
          { cell_id: args.cell_id, changed: removed > 0 || !!inserted },
          args.cell_id
        );
      }
    },

    delete_cell: {
      call(tools, args) {
        const found = tools._find(args.cell_id);
        if (!found) {
          return tools._missing(args.cell_id);
        }
        tools._transact(null, () => {
          tools.target.notebook.deleteCell(found.index);
        });
        tools._activity('editing', null);
        return succeed({ deleted: args.cell_id }, args.cell_id);
      }
    },

    move_cell: {
      call(tools, args) {
        const hasAfter = args.after_cell_id !== undefined;
        const hasBefore = args.before_cell_id !== undefined;
        if (hasAfter === hasBefore) {
          return fail(
            'Give exactly one of after_cell_id, before_cell_id.',
            args.cell_id
          );
        }
        const found = tools._find(args.cell_id);
        if (!found) {
          return tools._missing(args.cell_id);
        }
        const anchorId = hasAfter ? args.after_cell_id : args.before_cell_id;
        if (anchorId === args.cell_id) {
          return fail('A cell cannot move relative to itself.', args.cell_id);
        }
        if (!tools._find(anchorId)) {
          return tools._missing(anchorId);
        }
        // The destination in the list without the moved cell, which is the
        // final index that `moveCell` expects.
        const others = tools.target.notebook.cells
          .map(c => c.getId())
          .filter((_, i) => i !== found.index);
        const anchor = others.indexOf(anchorId);
        const to = hasAfter ? anchor + 1 : anchor;
        if (to !== found.index) {
          tools._transact(
            null,
            () => {
              tools.target.notebook.moveCell(found.index, to);
            },
            args.cell_id
          );
        }
        tools._activity('editing', args.cell_id);
        return succeed({ cell_id: args.cell_id, index: to }, args.cell_id);
      }
    },

    set_cell_type: {
      call(tools, args) {
        const found = tools._find(args.cell_id);
        if (!found) {
          return tools._missing(args.cell_id);
        }
        const { cell, index } = found;
        if (cell.cell_type === args.cell_type) {
          return succeed(
            { cell_id: args.cell_id, type: args.cell_type, changed: false },
            args.cell_id
          );
        }
        const json = cell.toJSON() as Record<string, any>;
        const next: Record<string, any> = {
          id: args.cell_id,
          cell_type: args.cell_type,
          source: json.source,
          metadata: json.metadata ?? {}
        };
        if (args.cell_type === 'code') {
          next.outputs = [];
          next.execution_count = null;
        } else if (json.attachments) {
          next.attachments = json.attachments;
        }
        // A cell's type cannot change in place: replace it, same id, same
        // place, in one edit.
        tools._transact(null, () => {
          const notebook = tools.target.notebook;
          notebook.deleteCell(index);
          notebook.insertCell(index, next as any);
        });
        tools._activity('editing', args.cell_id);
        return succeed(
          { cell_id: args.cell_id, type: args.cell_type, changed: true },
          args.cell_id
        );
      }
    },

    run_cell: {
      call(tools, args, signal) {
        return tools._run(args.cell_id, signal);
      }
    }
  };

  /** The range to change to turn `a` into `b`. */
  export function diffRange(
    a: string,
    b: string
  ): { start: number; removed: number; inserted: string } {
    let start = 0;
    const max = Math.min(a.length, b.length);
    while (start < max && a[start] === b[start]) {
      start++;
    }
    let end = 0;
    while (
      end < max - start &&
      a[a.length - 1 - end] === b[b.length - 1 - end]
    ) {
      end++;
    }
    return {
      start,
      removed: a.length - start - end,
      inserted: b.slice(start, b.length - end)
    };
  }

  /** Keep the head and the tail of a long text, saying what was cut. */
  export function truncate(
    text: string,
    budget: number
  ): { text: string; truncated: boolean } {
    if (text.length <= budget) {
      return { text, truncated: false };
    }
    const head = Math.floor(budget * 0.4);
    const tail = Math.max(0, budget - head);
    const cut = text.length - head - tail;
    return {
      text:
        text.slice(0, head) +
        `\n… [${cut} characters truncated] …\n` +
        text.slice(text.length - tail),
      truncated: true
    };
  }

  // eslint-disable-next-line no-control-regex
  const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

  /** Outputs as text for the model, errors apart, within a budget. */
  export function formatOutputs(
    outputs: Record<string, any>[],
    budget: number
  ): {
    text: string;
    errors: { ename: string; evalue: string }[];
    truncated: boolean;
  } {
    const parts: string[] = [];
    const errors: { ename: string; evalue: string }[] = [];
    for (const output of outputs ?? []) {
      switch (output.output_type) {
        case 'stream':
          parts.push(join(output.text));
          break;
        case 'execute_result':
        case 'display_data': {
          const data = output.data ?? {};
          if (data['text/plain'] !== undefined) {
            parts.push(join(data['text/plain']));
          }
          const others = Object.keys(data).filter(k => k !== 'text/plain');
          if (others.length) {
            parts.push(`[${others.join(', ')} output not shown]`);
          }
          break;
        }
        case 'error':
          // Raised by the notebook's code: content, made inert like it.
          errors.push({
            ename: escapeNotebookContent(String(output.ename ?? '')),
            evalue: escapeNotebookContent(String(output.evalue ?? ''))
          });
          parts.push(
            join(output.traceback ?? []).replace(ANSI, '') ||
              `${output.ename}: ${output.evalue}`
          );
          break;
        default:
          break;
      }
    }
    const { text, truncated } = truncate(parts.join('\n'), budget);
    return { text, errors, truncated };
  }

  function join(value: unknown): string {
    return Array.isArray(value)
      ? value.join(value.length && String(value[0]).endsWith('\n') ? '' : '\n')
      : String(value ?? '');
  }

  /** An error's message. */
  export function message(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }

  /** Settle with the promise, or reject as soon as the signal aborts. */
  export function raceAbort<T>(
    promise: Promise<T>,
    signal: AbortSignal | undefined
  ): Promise<T> {
    if (!signal) {
      return promise;
    }
    if (signal.aborted) {
      return Promise.reject(new AbortError());
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new AbortError());
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        value => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        error => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        }
      );
    });
  }
}

/**
 * Thrown by a tool that the user stopped.
 */
export class AbortError extends Error {
  /** Create an abort error. */
  constructor() {
    super('Stopped by the user.');
    this.name = 'AbortError';
  }
}

/** Helpers exposed for tests and for the loop. */
export const toolHelpers = {
  /** Keep the head and tail of a long text within a budget. */
  truncate: Private.truncate,
  /** Format outputs for the model. */
  formatOutputs: Private.formatOutputs,
  /** The minimal range to change to turn a into b. */
  diffRange: Private.diffRange
};
