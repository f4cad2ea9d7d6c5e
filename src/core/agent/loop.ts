/*
 * Over 500 lines (510): one class, the model loop; what it assembles from a
 * stream is already apart (replyAssembler.ts, streamErrors.ts,
 * textToolCalls.ts, context.ts), and about 80 lines are its namespace's
 * options and doc comments.
 */
import type OpenAI from 'openai';
import { APIUserAbortError } from 'openai';
import { ISignal, Signal } from '@lumino/signaling';
import type { ChatModel } from '../chat/model';
import type {
  IChatAttachment,
  IChatAuthor,
  IChatMessage,
  IChatToolCall,
  IToolEdit
} from '../chat/types';
import {
  completionRequest,
  describeError,
  IAgentError,
  setupHint
} from './client';
import { buildContext, notebookOutline } from './context';
import { IReplyPiece, ReplyAssembler } from './replyAssembler';
import { chunkError, StreamError } from './streamErrors';
import { findTextToolCalls, textCallProblemResult } from './textToolCalls';
import { asNotebookContent, NOTEBOOK_CONTENT_RULE } from './notebookContent';
import { AGENT_DEFAULTS } from './defaults';
import { AbortError, AgentTools } from './tools';
import type { AgentRunSettings } from './types';

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
    this._conversation = options.conversation ?? (messages => messages);
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
  send(
    text: string,
    author: IChatAuthor,
    attachments?: IChatAttachment[]
  ): Promise<AgentLoop.IResult> {
    if (this.busy) {
      return Promise.reject(new Error('The agent is busy; stop it first.'));
    }
    this._chat.addMessage({ role: 'user', author, body: text, attachments });
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
    settings: AgentRunSettings,
    signal: AbortSignal
  ): Promise<AgentLoop.IResult> {
    const maxSteps = Math.max(1, settings.maxSteps ?? AGENT_DEFAULTS.maxSteps);
    const client =
      typeof this._client === 'function' ? this._client() : this._client;
    for (let step = 1; step <= maxSteps; step++) {
      // Between tool calls the agent's cursor stays in the cell it last
      // worked on, so that others see where it is for the whole turn (a
      // cursor shown only while a tool runs lasts a few milliseconds).
      if (step === 1) {
        this._presence?.setActivity('thinking', null);
      } else {
        this._presence?.setActivity(
          'thinking',
          this._presence.activeCellId ?? null
        );
      }
      const context = buildContext({
        system: this._systemPrompt(settings),
        conversation: this._conversation(this._chat.messages),
        budget: settings.contextBudget ?? AGENT_DEFAULTS.contextBudget
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

      const textCalls =
        reply.toolCalls.length === 0 ? this._textCalls(reply, messageId) : null;
      if (textCalls) {
        reply.toolCalls = textCalls.calls;
      }
      if (textCalls?.results) {
        this._chat.setToolCalls(messageId, textCalls.calls);
        this._chat.setStatus(messageId, 'done');
        textCalls.calls.forEach((call, i) =>
          this._chat.addMessage({
            role: 'tool',
            author: this._author,
            body: textCalls.results![i],
            toolCallId: call.id,
            toolName: call.name
          })
        );
        continue;
      }

      if (reply.toolCalls.length === 0) {
        if (!reply.text && !this._chat.getMessage(messageId)?.reasoning) {
          // LM Studio answers so when the prompt exceeds the loaded
          // context (lmstudio-bug-tracker#2339): say what may be the cause.
          this._chat.appendText(
            messageId,
            "*(The model sent an empty reply. Some servers do so when the conversation is longer than the model's context: clear the chat or lower the context budget.)*"
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
        let edit: IToolEdit | undefined;
        try {
          ({ content, notice, edit } = await this._tools.execute(call, signal));
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
          toolName: call.name,
          ...(edit ? { toolEdit: edit } : {})
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
   * Stream one reply into a chat message: the answer into its body, the
   * reasoning apart, and the tool calls assembled from their pieces (see
   * `ReplyAssembler` for the dialects).
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
    const assembler = new ReplyAssembler();
    const thinking = { first: 0, last: 0 };
    const show = (piece: IReplyPiece) => {
      if (piece.reasoning && piece.reasoningSource) {
        this._chat.appendReasoning(
          messageId,
          piece.reasoning,
          piece.reasoningSource
        );
        thinking.last = Date.now();
        thinking.first = thinking.first || thinking.last;
      }
      if (piece.answer !== undefined) {
        this._chat.setBody(messageId, piece.answer);
      } else if (piece.content) {
        this._chat.appendText(messageId, piece.content);
      }
    };
    try {
      const stream = await client.chat.completions.create(request, {
        signal
      });
      for await (const chunk of stream) {
        const problem = chunkError(chunk);
        if (problem) {
          throw new StreamError(problem);
        }
        show(assembler.add(chunk));
      }
      show(assembler.end());
    } catch (error) {
      show(assembler.end());
      if (signal.aborted || error instanceof APIUserAbortError) {
        reply.aborted = true;
      } else {
        reply.error = error;
      }
      return Private.finish(reply, assembler, thinking, this._chat, messageId);
    }
    if (signal.aborted) {
      reply.aborted = true;
    } else if (assembler.finishReason === null) {
      // The body ended without the model finishing: a cut connection.
      reply.error = new Error('terminated: the stream ended early');
    }
    return Private.finish(reply, assembler, thinking, this._chat, messageId);
  }

  /**
   * A reply without tool calls whose text holds calls written as text: take
   * them out of the answer and say so. When every one names a tool with
   * readable arguments they become the reply's calls and run; otherwise
   * none runs (nothing half-applied), and each call's result tells the
   * model what was wrong, so it can call again properly. Null when the text
   * has no calls.
   */
  private _textCalls(
    reply: Private.IReply,
    messageId: string
  ): { calls: IChatToolCall[]; results: string[] | null } | null {
    const found = findTextToolCalls(reply.text, AgentTools.names);
    if (!found || found.calls.length === 0) {
      return null;
    }
    this._chat.setBody(messageId, found.text);
    const calls = found.calls.map((call, i) => ({
      id: `call_text_${Date.now().toString(36)}_${i}`,
      name: call.name,
      arguments: call.arguments
    }));
    const names = found.calls.map(c => c.name || '(no name)').join(', ');
    const broken = found.calls.filter(c => c.problem);
    if (broken.length === 0) {
      this._notice(
        `The model wrote its tool call as text (${Private.FORMS[found.form]}) instead of calling it; ` +
          `it was read and run: ${names}. If this happens often, enable the server's tool parser ` +
          `(see "Connecting a model" in the README).`
      );
      return { calls, results: null };
    }
    this._notice(
      `The model wrote a tool call as text (${Private.FORMS[found.form]}) that could not be run: ` +
        `${broken.map(c => c.problem).join(' ')} Nothing of that reply was run; the model was told ` +
        `and asked to call again.`
    );
    const results = found.calls.map(call =>
      call.problem
        ? textCallProblemResult(call)
        : JSON.stringify({
            ok: false,
            error:
              'Not run: another tool call of the same reply could not be read. Call the tools again.'
          })
    );
    return { calls, results };
  }

  private _systemPrompt(settings: AgentRunSettings): string {
    const notebook = this._tools.target.notebook;
    const budget = settings.contextBudget ?? AGENT_DEFAULTS.contextBudget;
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

  private _currentSettings(): AgentRunSettings {
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
  private _settings: AgentRunSettings | (() => AgentRunSettings);
  private _author: IChatAuthor;
  private _presence: AgentTools.IPresence | null;
  private _instructions: string;
  private _conversation: (messages: IChatMessage[]) => IChatMessage[];
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
    settings: AgentRunSettings | (() => AgentRunSettings);
    /** The agent's author entry in the chat (its name and colour). */
    author: IChatAuthor;
    /** Where to show the agent's activity (an `AgentPeer`). */
    presence?: AgentTools.IPresence;
    /** Extra instructions for the system prompt. */
    instructions?: string;
    /**
     * What of the shared conversation this agent's model is sent (all of
     * it by default; `conversationFor` when several agents share the chat).
     */
    conversation?: (messages: IChatMessage[]) => IChatMessage[];
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

  /** How the forms of text tool calls are named for people. */
  export const FORMS = {
    hermes: '<tool_call> tags',
    llama: 'a JSON object',
    mistral: '[TOOL_CALLS]'
  } as const;

  /** Complete a reply from its assembler, and record the thinking time. */
  export function finish(
    reply: IReply,
    assembler: ReplyAssembler,
    thinking: { first: number; last: number },
    chat: ChatModel,
    messageId: string
  ): IReply {
    reply.text = assembler.text;
    reply.finishReason = assembler.finishReason;
    if (!reply.error && !reply.aborted) {
      reply.toolCalls = assembler.toolCalls;
    }
    if (thinking.first) {
      chat.setReasoningTime(messageId, thinking.last - thinking.first);
    }
    return reply;
  }

  /** The client's API key, to remove it from error messages. */
  export function keyOf(client: OpenAI): string | undefined {
    const key = (client as { apiKey?: unknown }).apiKey;
    return typeof key === 'string' && key !== 'no-key' ? key : undefined;
  }
}
