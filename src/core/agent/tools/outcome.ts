import type { IToolEdit } from '../../chat/types';

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

/** A failed call: the error tells the model what happened and what to do. */
export function fail(error: string, cellId?: string): IToolOutcome {
  return {
    ok: false,
    cellId,
    content: JSON.stringify({ ok: false, error })
  };
}

/** A call that did what was asked, with what it returns to the model. */
export function succeed(
  result: Record<string, unknown>,
  cellId?: string
): IToolOutcome {
  return { ok: true, cellId, content: JSON.stringify({ ok: true, ...result }) };
}
