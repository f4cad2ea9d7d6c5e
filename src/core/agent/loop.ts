import type OpenAI from 'openai';
import { APIUserAbortError } from 'openai';
import { ISignal, Signal } from '@lumino/signaling';
import type { ChatModel } from '../chat/model';
import type { IChatAuthor, IChatToolCall } from '../chat/types';
import {
  completionRequest,
  describeError,
  IAgentError,
  setupHint
} from './client';
import { buildContext, notebookOutline } from './context';
import { asNotebookContent, NOTEBOOK_CONTENT_RULE } from './notebookContent';
import { AbortError, AgentTools } from './tools';
import type { IAgentSettings } from './types';

/**
 * The model loop of the agent: it sends the shared conversation (trimmed to
 * the context budget) to the model, streams the reply into the shared chat
 * as `Y.Text` inserts, executes the tool calls it assembles across chunks,
 * sends their results back, and goes on until the model answers without
 * calling a tool, the step limit is reached, or the user stops it.
 *
 * Whatever goes wrong ends as a message: tool failures go back to the
 * model (it can correct itself), HTTP and network failures go to the user,
 * and what was said so far is kept.
 */
export class AgentLoop {
  /**
   * Create the loop of one notebook's agent.
   */
  constructor(options: AgentLoop.IOptions) {
    this._chat = options.chat;
    this._tools = options.tools;
    this._client = options.client;
    this._settings = options.settings;
    this._author = options.author;
    this._presence = options.presence ?? null;
    this._instructions = options.instructions ?? '';
  }

  /** Whether the agent is working (streaming or running tools). */
  get busy(): boolean {
    return this._controller !== null;
  }

  /** Emitted when `busy` changes. */
  get busyChanged(): ISignal<AgentLoop, boolean> {
    return this._busyChanged;
  }

  /** The agent's author entry in the chat. */
  get author(): IChatAuthor {
    return this._author;
  }
  set author(value: IChatAuthor) {
    this._author = value;
  }

  /**
   * Add a person's message to the conversation and let the agent answer.
   * Rejects if the agent is already working (stop it first).
   */
  send(text: string, author: IChatAuthor): Promise<AgentLoop.IResult> {
    if (this.busy) {
      return Promise.reject(new Error('The agent is busy; stop it first.'));
    }
    this._chat.addMessage({ role: 'user', author, body: text });
    return this.run();
  }

  /**
   * Let the agent answer the conversation as it is (e.g. after an error,
   * or for a message a collaborator wrote).
   */
  async run(): Promise<AgentLoop.IResult> {
    if (this.busy) {
      throw new Error('The agent is busy; stop it first.');
    }
    const settings = this._currentSettings();
    const hint = setupHint(settings);
    if (hint) {
      this._chat.addMessage({
        role: 'notice',
        author: this._author,
        body: hint
      });
      return { status: 'not-configured', steps: 0 };
    }
    const controller = new AbortController();
    this._setBusy(controller);
    try {
      return await this._loop(settings, controller.signal);
    } finally {
      this._setBusy(null);
      this._presence?.setActivity('idle', null);
    }
  }

  /**
   * Stop at once: the reply being streamed ends (its text so far is kept),
   * a pending approval or run is abandoned, and no further step starts.
   */
  stop(): void {
    this._controller?.abort();
  }

  private async _loop(
    settings: IAgentSettings,
    signal: AbortSignal
  ): Promise<AgentLoop.IResult> {
    const maxSteps = Math.max(1, settings.maxSteps ?? 12);
    const client =
      typeof this._client === 'function' ? this._client() : this._client;
    for (let step = 1; step <= maxSteps; step++) {
      this._presence?.setActivity('thinking', null);
      const context = buildContext({
        system: this._systemPrompt(settings),
        conversation: this._chat.messages,
        budget: settings.contextBudget ?? 48000
      });
      const request = completionRequest(
        settings,
        context.messages,
        this._tools.definitions
      );
      const messageId = this._chat.addMessage({
        role: 'assistant',
        author: this._author,
        status: 'streaming'
      });
      const reply = await this._stream(client, request, messageId, signal);

      if (reply.aborted) {
        this._chat.setStatus(messageId, 'stopped');
        this._notice('Stopped.');
        return { status: 'stopped', steps: step };
      }
      if (reply.error) {
        this._chat.setStatus(messageId, 'error');
        const error = describeError(reply.error, {
          baseUrl: settings.baseUrl,
          model: settings.model,
          apiKey: Private.keyOf(client)
        });
        this._chat.addMessage({
          role: 'error',
          author: this._author,
          body: error.message
        });
        return { status: 'error', steps: step, error };
      }

      if (reply.toolCalls.length === 0) {
        if (!reply.text) {
          this._chat.appendText(
            messageId,
            '*(The model sent an empty reply.)*'
          );
        }
        this._chat.setStatus(messageId, 'done');
        if (reply.finishReason === 'length') {
          this._notice(
            "The reply was cut at the model's length limit. Ask it to go on."
          );
        }
        return { status: 'done', steps: step };
      }

      this._chat.setToolCalls(messageId, reply.toolCalls);
      this._chat.setStatus(messageId, 'done');
      for (const call of reply.toolCalls) {
        if (signal.aborted) {
          this._notice('Stopped.');
          return { status: 'stopped', steps: step };
        }
        let content: string;
        let notice: string | undefined;
        try {
          ({ content, notice } = await this._tools.execute(call, signal));
        } catch (error) {
          if (signal.aborted || error instanceof AbortError) {
            this._notice('Stopped.');
            return { status: 'stopped', steps: step };
          }
          content = JSON.stringify({ ok: false, error: String(error) });
        }
        this._chat.addMessage({
          role: 'tool',
          author: this._author,
          body: content,
          toolCallId: call.id,
          toolName: call.name
        });
        if (notice) {
          this._notice(notice);
        }
      }
      if (signal.aborted) {
        this._notice('Stopped.');
        return { status: 'stopped', steps: step };
      }
    }
    this._notice(
      `Paused after ${maxSteps} steps. Send a message to let the agent go on.`
    );
    return { status: 'max-steps', steps: maxSteps };
  }

  /**
   * Stream one reply into a chat message, assembling tool calls from their
   * pieces (a call's id and name come first, its arguments in fragments,
   * all keyed by index).
   */
  private async _stream(
    client: OpenAI,
    request: ReturnType<typeof completionRequest>,
    messageId: string,
    signal: AbortSignal
  ): Promise<Private.IReply> {
    const reply: Private.IReply = {
      text: '',
      toolCalls: [],
      finishReason: null,
      aborted: false,
      error: null
    };
    const calls = new Map<number, IChatToolCall>();
    try {
      const stream = await client.chat.completions.create(request, {
        signal
      });
      for await (const chunk of stream) {
        const choice = chunk.choices?.[0];
        if (!choice) {
          continue;
        }
        const delta = choice.delta ?? {};
        if (typeof delta.content === 'string' && delta.content) {
          reply.text += delta.content;
          this._chat.appendText(messageId, delta.content);
        }
        for (const piece of delta.tool_calls ?? []) {
          Private.addPiece(calls, piece);
        }
        if (choice.finish_reason) {
          reply.finishReason = choice.finish_reason;
        }
      }
    } catch (error) {
      if (signal.aborted || error instanceof APIUserAbortError) {
        reply.aborted = true;
      } else {
        reply.error = error;
      }
      return reply;
    }
    if (signal.aborted) {
      reply.aborted = true;
      return reply;
    }
    if (reply.finishReason === null) {
      // The body ended without the model finishing: a cut connection.
      reply.error = new Error('terminated: the stream ended early');
      return reply;
    }
    reply.toolCalls = [...calls.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, call]) => call);
    return reply;
  }

  private _systemPrompt(settings: IAgentSettings): string {
    const notebook = this._tools.target.notebook;
    const budget = settings.contextBudget ?? 48000;
    const mode =
      settings.editMode === 'suggest'
        ? 'Your edits become a suggestion that people review (accept or reject) before it reaches the notebook.'
        : 'Your edits go straight into the notebook; people can undo them.';
    return [
      'You are an AI co-author of a Jupyter notebook. People edit it with you at the same time.',
      'Use the tools to read and change cells. Address cells by their id, never by position: collaborators may insert or move cells meanwhile. When a tool reports an error, correct the call or explain the problem.',
      mode,
      'Running a cell shows the user its exact source and asks for approval; they may decline, and a run is refused if the cell changes before it runs.',
      NOTEBOOK_CONTENT_RULE,
      'Answer in Markdown, briefly.',
      this._instructions,
      `The notebook's cells now:\n${asNotebookContent(
        notebookOutline(notebook, Math.floor(budget / 5)),
        { part: 'outline' }
      )}`
    ]
      .filter(Boolean)
      .join('\n\n');
  }

  private _notice(body: string): void {
    this._chat.addMessage({ role: 'notice', author: this._author, body });
  }

  private _currentSettings(): IAgentSettings {
    return typeof this._settings === 'function'
      ? this._settings()
      : this._settings;
  }

  private _setBusy(controller: AbortController | null): void {
    this._controller = controller;
    this._busyChanged.emit(controller !== null);
  }

  private _chat: ChatModel;
  private _tools: AgentTools;
  private _client: OpenAI | (() => OpenAI);
  private _settings: IAgentSettings | (() => IAgentSettings);
  private _author: IChatAuthor;
  private _presence: AgentTools.IPresence | null;
  private _instructions: string;
  private _controller: AbortController | null = null;
  private _busyChanged = new Signal<AgentLoop, boolean>(this);
}

/**
 * The namespace of `AgentLoop`.
 */
export namespace AgentLoop {
  /** The options of the loop. */
  export interface IOptions {
    /** The shared conversation. */
    chat: ChatModel;
    /** The tools, on the current edit target. */
    tools: AgentTools;
    /** The `openai` client (see `createClient`), or a getter for it. */
    client: OpenAI | (() => OpenAI);
    /** The settings, or a getter for the current ones. */
    settings: IAgentSettings | (() => IAgentSettings);
    /** The agent's author entry in the chat (its name and colour). */
    author: IChatAuthor;
    /** Where to show the agent's activity (an `AgentPeer`). */
    presence?: AgentTools.IPresence;
    /** Extra instructions for the system prompt. */
    instructions?: string;
  }

  /** How a turn ended. */
  export interface IResult {
    /**
     * - `done`: the model answered.
     * - `stopped`: the user stopped it.
     * - `error`: a request failed; the message says why.
     * - `max-steps`: the tool loop reached the step limit.
     * - `not-configured`: no endpoint or model; a notice says how to set one.
     */
    status: 'done' | 'stopped' | 'error' | 'max-steps' | 'not-configured';
    /** Model requests made. */
    steps: number;
    /** The failure, for `error`. */
    error?: IAgentError;
  }
}

namespace Private {
  /** What one streamed reply gave. */
  export interface IReply {
    text: string;
    toolCalls: IChatToolCall[];
    finishReason: string | null;
    aborted: boolean;
    error: unknown;
  }

  let counter = 0;

  /** Add one streamed piece of a tool call. */
  export function addPiece(
    calls: Map<number, IChatToolCall>,
    piece: {
      index?: number;
      id?: string;
      function?: { name?: string; arguments?: string };
    }
  ): void {
    // Servers that omit `index` send one call at a time: a new id starts a
    // new call, pieces without an id continue the last one.
    let index = piece.index;
    if (typeof index !== 'number') {
      const last = Math.max(-1, ...calls.keys());
      const lastCall = calls.get(last);
      index =
        piece.id && lastCall && lastCall.id !== piece.id
          ? last + 1
          : Math.max(last, 0);
    }
    let call = calls.get(index);
    if (!call) {
      counter += 1;
      call = { id: `call_local_${counter}`, name: '', arguments: '' };
      calls.set(index, call);
    }
    if (piece.id) {
      call.id = piece.id;
    }
    if (piece.function?.name) {
      call.name += piece.function.name;
    }
    if (piece.function?.arguments) {
      call.arguments += piece.function.arguments;
    }
  }

  /** The client's API key, to remove it from error messages. */
  export function keyOf(client: OpenAI): string | undefined {
    const key = (client as { apiKey?: unknown }).apiKey;
    return typeof key === 'string' && key !== 'no-key' ? key : undefined;
  }
}
