/**
 * Public types of the shared conversation.
 */

/**
 * Who wrote a message, as shown in the panel.
 */
export interface IChatAuthor {
  /** The display name (a person's name, or the model's for the agent). */
  name: string;
  /** A CSS colour. */
  color: string;
  /** A stable identity, when known (a user name, or 'agent'). */
  id?: string;
}

/**
 * What a message is.
 * - `user`: a person wrote it.
 * - `assistant`: the model's reply (text, and the tool calls it made).
 * - `tool`: the result of one tool call, sent back to the model.
 * - `error`: something went wrong; shown to people, never sent to the model.
 * - `notice`: information for people (e.g. "stopped"), never sent to the model.
 */
export type ChatRole = 'user' | 'assistant' | 'tool' | 'error' | 'notice';

/**
 * Where a message is in its life. Only `assistant` messages stream.
 */
export type ChatStatus = 'done' | 'streaming' | 'stopped' | 'error';

/**
 * One tool call of an assistant message, as the model made it.
 */
export interface IChatToolCall {
  /** The call id the model gave (or one we made up when it gave none). */
  id: string;
  /** The tool's name. */
  name: string;
  /** The arguments as the model sent them: a JSON string, maybe malformed. */
  arguments: string;
  /**
   * Fields of the call that we do not use but the server wants back
   * unchanged, e.g. Gemini's `extra_content.google.thought_signature`.
   */
  extra?: Record<string, unknown>;
}

/**
 * Where the reasoning of an assistant message came from, which decides
 * whether it is sent back:
 * - `reasoning_content`: the delta field of DeepSeek, llama.cpp, LM Studio
 *   and older vLLM; sent back on messages with tool calls, which DeepSeek's
 *   thinking mode requires (400 "Missing reasoning_content field" without).
 * - `reasoning`: the field of OpenRouter, Ollama and newer vLLM; never sent.
 * - `think`: a `<think>...</think>` block at the start of the content
 *   (servers without a reasoning parser); never sent.
 */
export type ReasoningSource = 'reasoning_content' | 'reasoning' | 'think';

/**
 * What one tool call did to one cell, recorded when it ran (see
 * `EditRecorder`): enough to say it in words, to tell whether its
 * suggestion was kept or undone, and to revert it.
 */
export interface IToolCellEdit {
  /** The cell's nbformat id. */
  id: string;
  /**
   * What happened to it: its source changed, it was inserted, deleted,
   * moved, or its type changed.
   */
  kind: 'source' | 'inserted' | 'deleted' | 'moved' | 'type';
  /** Its source before the call (null: it did not exist). */
  before: string | null;
  /** Its source after the call (null: it was deleted). */
  after: string | null;
  /** Its type before the call, when it existed. */
  typeBefore?: string;
  /** Its type after the call, when it still exists. */
  typeAfter?: string;
  /** Its 0-based position after the call (before it, for a deleted cell). */
  index: number | null;
}

/**
 * The edits one tool call made, as recorded on its `tool` message.
 */
export interface IToolEdit {
  /**
   * The suggestion branch the edits went to (suggest mode); absent when
   * they went straight into the notebook (direct mode).
   */
  branchId?: string;
  /**
   * The client ids of the branch's chain entries the call recorded: a
   * chain that is still shared is pending review, one in the branch's
   * `rejected` list was undone, one that left otherwise was accepted.
   */
  clients?: number[];
  /** The cells it changed. */
  cells: IToolCellEdit[];
}

/**
 * Context a person attached to their message: a cell, or lines of it.
 * The source is captured when the message is sent, so the conversation
 * says what the model was shown even after the cell changes.
 */
export interface IChatAttachment {
  /** The nbformat id of the cell. */
  cellId: string;
  /** What the chip said, e.g. "Cell 3" or "Cell 3, lines 2–4". */
  label: string;
  /** The attached text: the cell's source, or the selected lines of it. */
  source: string;
  /** For a selection: the first and last line (1-based, inclusive). */
  lines?: [number, number];
}

/**
 * A snapshot of one message (plain data, safe to keep).
 */
export interface IChatMessage {
  /** A unique id (stable across peers and reloads). */
  id: string;
  /** What it is. */
  role: ChatRole;
  /** Who wrote it. */
  author: IChatAuthor;
  /** When it was created (ms since the epoch). */
  time: number;
  /** The Markdown body; it grows while the message streams. */
  body: string;
  /** Where it is in its life. */
  status: ChatStatus;
  /** For `assistant` messages: the tool calls the model made. */
  toolCalls?: IChatToolCall[];
  /** For `tool` messages: the call this answers. */
  toolCallId?: string;
  /** For `tool` messages: the tool's name. */
  toolName?: string;
  /** For `tool` messages: what the call changed, when it changed something. */
  toolEdit?: IToolEdit;
  /** For `assistant` messages: the model's reasoning, apart from the answer. */
  reasoning?: string;
  /** Where `reasoning` came from (see `ReasoningSource`). */
  reasoningSource?: ReasoningSource;
  /** How long the model reasoned, in ms (from its first to last thought). */
  reasoningMs?: number;
  /** For `user` messages: the context attached to it. */
  attachments?: IChatAttachment[];
}

/**
 * What to create a message with.
 */
export interface IChatMessageInit {
  /** What it is. */
  role: ChatRole;
  /** Who writes it. */
  author: IChatAuthor;
  /** The initial body ('' by default). */
  body?: string;
  /** The initial status ('done' by default). */
  status?: ChatStatus;
  /** For `assistant` messages. */
  toolCalls?: IChatToolCall[];
  /** For `tool` messages. */
  toolCallId?: string;
  /** For `tool` messages. */
  toolName?: string;
  /** For `tool` messages. */
  toolEdit?: IToolEdit;
  /** For `assistant` messages. */
  reasoning?: string;
  /** For `assistant` messages. */
  reasoningSource?: ReasoningSource;
  /** For `assistant` messages. */
  reasoningMs?: number;
  /** For `user` messages: the context attached to it. */
  attachments?: IChatAttachment[];
  /** An id to use (restoring); a fresh one by default. */
  id?: string;
  /** A creation time to use (restoring); now by default. */
  time?: number;
}

/**
 * The saved form of the conversation, under `metadata.coauthor.chat` of
 * the .ipynb. Bump `version` only with a migration.
 */
export interface IChatSection {
  /** The version of this section's format (currently 1). */
  version: number;
  /** The messages, oldest first, with their bodies as plain strings. */
  messages: IChatMessage[];
}
