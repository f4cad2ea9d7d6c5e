import type { YCellType, YNotebook } from '@jupyter/ydoc';
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import type { IApprovalScope, SessionApproval } from '../approval';
import type { IEditTarget } from '../target';
import type { AgentActivity, ICellRunner, IRunApprover } from '../types';
import type { IToolOutcome } from './outcome';

/** The arguments of a call, once checked against the tool's parameters. */
export type ToolArgs = Record<string, any>;

/** The JSON schema of one argument: the subset the tools use. */
export interface IParameter {
  /** Its JSON type. */
  readonly type: 'string' | 'integer';
  /** What the model is told it is. */
  readonly description: string;
  /** The only values it may have, when it has a fixed set. */
  readonly enum?: readonly string[];
}

/**
 * What a tool's `run` uses of the tools that run it (`AgentTools`
 * implements it). Declared here, not imported from agentTools.ts, so that
 * the tools and the catalog that lists them do not import back the class
 * that imports the catalog: no import cycle, type imports included.
 */
export interface IToolHost {
  /** Where the tools read and edit. */
  readonly target: IEditTarget;
  /** Characters of a cell's outputs a read returns at most. */
  readonly outputBudget: number;
  /** Characters of a cell's source a read returns at most. */
  readonly sourceBudget: number;
  /** The user's "allow for this session". */
  readonly session: SessionApproval;
  /** What a session approval given here is for. */
  readonly scope: IApprovalScope;
  /** The notebook itself, when the target is not it. */
  readonly _notebook: YNotebook | null;
  /** Runs cells (`run_cell`). */
  readonly _runner: ICellRunner | null;
  /** Asks the user before a run (`run_cell`). */
  readonly _approver: IRunApprover | null;
  /** Make one edit through the target, recorded for the call's chat card. */
  _transact(cellId: string | null, fn: () => void, moving?: string): void;
  /** The cells of the target, by id. */
  _find(cellId: string): { cell: YCellType; index: number } | null;
  /** A clear error for a cell id that is not (or no longer) there. */
  _missing(cellId: string): IToolOutcome;
  /** Who made the last edit of a cell's source, for the model. */
  _lastEditedBy(cellId: string): string;
  /** Tell presence what the agent does. */
  _activity(activity: AgentActivity, cellId: string | null): void;
}

/**
 * One tool of the agent: everything about it in one record. The definition
 * sent to the model and the check of a call's arguments are both derived
 * from `parameters`, so that they cannot disagree.
 */
export interface IAgentTool {
  /** The function name the model calls. */
  readonly name: string;
  /** What the model is told the tool does. */
  readonly description: string;
  /** Its arguments, in the order the model is shown them. */
  readonly parameters: Readonly<Record<string, IParameter>>;
  /** The arguments a call must give. */
  readonly required: readonly string[];
  /**
   * Do the call, with arguments that passed `checkArgs`. Failures are
   * outcomes (see `fail`); it throws only when `signal` aborts.
   */
  run(
    tools: IToolHost,
    args: ToolArgs,
    signal?: AbortSignal
  ): Promise<IToolOutcome> | IToolOutcome;
}

/** A string argument. */
export function str(description: string): IParameter {
  return { type: 'string', description };
}

/** An integer argument. */
export function int(description: string): IParameter {
  return { type: 'integer', description };
}

/** The argument naming the cell a call is about, by nbformat id. */
export const CELL_ID: IParameter = str('The id of the cell.');

/** The cell types a cell may be given. */
export const CELL_TYPES = ['code', 'markdown', 'raw'] as const;

/** A cell type argument. */
export function cellType(): IParameter {
  // Key order as the model has always been shown it (type, enum, description).
  return {
    type: 'string',
    enum: CELL_TYPES,
    description: 'The cell type (default code).'
  } as IParameter;
}

/** The definition of a tool for the `tools` request parameter. */
export function toDefinition(tool: IAgentTool): ChatCompletionFunctionTool {
  return {
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description,
      parameters: {
        type: 'object',
        properties: tool.parameters as Record<string, unknown>,
        required: [...tool.required]
      }
    }
  };
}

/** A sentence saying what is wrong with a call's arguments, or null. */
export function checkArgs(tool: IAgentTool, args: ToolArgs): string | null {
  for (const key of tool.required) {
    if (args[key] === undefined || args[key] === null) {
      return `'${key}' is required.`;
    }
  }
  const parameters = tool.parameters;
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined || value === null) {
      continue;
    }
    const parameter = parameters[key];
    if (!parameter) {
      return `unknown argument '${key}'; the arguments are: ${Object.keys(
        parameters
      ).join(', ')}.`;
    }
    if (parameter.enum) {
      if (!parameter.enum.includes(value)) {
        return `'${key}' must be one of ${parameter.enum.join(', ')}.`;
      }
    } else if (parameter.type === 'string' && typeof value !== 'string') {
      return `'${key}' must be a string.`;
    } else if (parameter.type === 'integer' && !Number.isInteger(value)) {
      return `'${key}' must be an integer.`;
    }
  }
  return null;
}
