import type { YNotebook } from '@jupyter/ydoc';
import type {
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam
} from 'openai/resources/chat/completions';
import { messageWithAttachments } from '../chat/attachments';
import type { IChatMessage, IChatToolCall } from '../chat/types';

/**
 * What `buildContext` made.
 */
export interface IContext {
  /** The messages to send, system prompt first. */
  readonly messages: ChatCompletionMessageParam[];
  /** How many conversation messages were left out to fit the budget. */
  readonly trimmed: number;
  /** Roughly how many characters are sent. */
  readonly size: number;
}

/**
 * Turn the shared conversation into the messages of a request, within a
 * budget of characters: the oldest turns go first, then (within the last
 * turn) the oldest tool results are shortened, and the request never fails
 * for being long.
 *
 * Only `user`, `assistant` and `tool` messages are sent. A tool call that
 * has no result (stopped before it ran) gets one saying so, since the API
 * requires an answer to each call.
 */
export function buildContext(options: {
  system: string;
  conversation: IChatMessage[];
  budget: number;
}): IContext {
  const turns = Private.turns(Private.toParams(options.conversation));
  const system = options.system;
  const budget = Math.max(options.budget, 1000);
  let total = Private.size({ role: 'system', content: system });
  const sizes = turns.map(turn =>
    turn.reduce((sum, m) => sum + Private.size(m), 0)
  );
  total += sizes.reduce((a, b) => a + b, 0);

  // Drop whole turns, oldest first, keeping the last one.
  let trimmed = 0;
  while (turns.length > 1 && total > budget) {
    const dropped = turns.shift()!;
    total -= sizes.shift()!;
    trimmed += dropped.length;
  }
  const kept = turns.flat();

  // Still too long: shorten old tool results and replies of the last turn.
  for (const message of kept) {
    if (total <= budget) {
      break;
    }
    if (message.role === 'tool' || message.role === 'assistant') {
      const content =
        typeof message.content === 'string' ? message.content : '';
      if (content.length > 200) {
        const stub = `[${content.length} characters left out to fit the context]`;
        total -= content.length - stub.length;
        message.content = stub;
      }
    }
  }
  // Last resort: cut the middle of the longest messages.
  if (total > budget) {
    const room = Math.max(500, Math.floor(budget / Math.max(kept.length, 1)));
    for (const message of kept) {
      if (
        typeof message.content === 'string' &&
        message.content.length > room
      ) {
        const content = message.content;
        const cut = `\n… [${content.length - room} characters left out] …\n`;
        message.content =
          content.slice(0, Math.floor(room / 2)) +
          cut +
          content.slice(content.length - Math.floor(room / 2));
        total -= content.length - message.content.length;
      }
    }
  }

  const note = trimmed
    ? `\n\n(${trimmed} earlier messages of this conversation were left out to fit the context.)`
    : '';
  return {
    messages: [{ role: 'system', content: system + note }, ...kept],
    trimmed,
    size: total + note.length
  };
}

/**
 * A compact outline of a notebook for the system prompt: one line per
 * cell (id, type, first line), within a budget of characters.
 */
export function notebookOutline(notebook: YNotebook, budget: number): string {
  const lines: string[] = [];
  let used = 0;
  const cells = notebook.cells;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const first = cell.getSource().split('\n', 1)[0].slice(0, 60);
    const line = `${i}. [${cell.cell_type}] id=${cell.getId()}: ${first}`;
    if (used + line.length > budget) {
      lines.push(`… and ${cells.length - i} more cells (use list_cells).`);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.length ? lines.join('\n') : '(the notebook is empty)';
}

namespace Private {
  /** The API messages of a conversation. */
  export function toParams(
    conversation: IChatMessage[]
  ): ChatCompletionMessageParam[] {
    // Results by call id; each is placed right after the message that made
    // the call, in call order, as the API requires.
    const results = new Map<string, string>();
    for (const message of conversation) {
      if (message.role === 'tool' && message.toolCallId) {
        results.set(message.toolCallId, message.body);
      }
    }
    // DeepSeek's thinking mode answers 400 "Missing reasoning_content
    // field" for a tool-calling assistant message without it, even when its
    // reasoning was empty: once the server reasons in that field, each such
    // message carries it.
    const reasoningContent = conversation.some(
      m => m.reasoningSource === 'reasoning_content'
    );
    const params: ChatCompletionMessageParam[] = [];
    for (const message of conversation) {
      if (message.role === 'user') {
        params.push({
          role: 'user',
          content: messageWithAttachments(message.body, message.attachments)
        });
      } else if (message.role === 'assistant') {
        const calls = message.toolCalls ?? [];
        if (!message.body && calls.length === 0) {
          continue;
        }
        const param: ChatCompletionMessageParam = {
          role: 'assistant',
          content: message.body || null
        };
        if (calls.length) {
          param.tool_calls = calls.map(call => toolCallParam(call));
          if (reasoningContent) {
            // Reasoning goes back only here, where the server needs it;
            // other reasoning (`reasoning`, `<think>`) stays for people.
            (param as { reasoning_content?: string }).reasoning_content =
              message.reasoningSource === 'reasoning_content'
                ? (message.reasoning ?? '')
                : '';
          }
        }
        params.push(param);
        for (const call of calls) {
          params.push({
            role: 'tool',
            tool_call_id: call.id,
            content:
              results.get(call.id) ??
              JSON.stringify({
                ok: false,
                error: 'Not run: the user stopped the agent first.'
              })
          });
        }
      }
      // Tool results were placed above; errors and notices are for people.
    }
    return params;
  }

  /**
   * A tool call as the API takes it, with the fields the server added that
   * we do not use (Gemini's `extra_content.google.thought_signature`, which
   * it requires back or answers 400) sent back unchanged.
   */
  function toolCallParam(
    call: IChatToolCall
  ): ChatCompletionMessageFunctionToolCall {
    const { function: fnExtra, ...extra } = (call.extra ?? {}) as {
      function?: Record<string, unknown>;
    };
    return {
      ...extra,
      id: call.id,
      type: 'function',
      function: {
        ...(fnExtra ?? {}),
        name: call.name,
        arguments: jsonArguments(call.arguments)
      }
    };
  }

  /**
   * Arguments that are not JSON (a small model's broken call) go back as
   * `{}`: Ollama (`FromChatRequest`) and vLLM's templates parse them and
   * would answer every later request 400, ending the conversation; the
   * call's result already tells the model what was wrong.
   */
  function jsonArguments(text: string): string {
    try {
      JSON.parse(text);
      return text;
    } catch {
      return '{}';
    }
  }

  /** Group messages into turns, each starting at a user message. */
  export function turns(
    params: ChatCompletionMessageParam[]
  ): ChatCompletionMessageParam[][] {
    const result: ChatCompletionMessageParam[][] = [];
    for (const param of params) {
      if (param.role === 'user' || result.length === 0) {
        result.push([param]);
      } else {
        result[result.length - 1].push(param);
      }
    }
    return result;
  }

  /** Roughly the characters a message costs. */
  export function size(message: ChatCompletionMessageParam): number {
    let n = 16;
    if (typeof message.content === 'string') {
      n += message.content.length;
    }
    const reasoning = (message as { reasoning_content?: unknown })
      .reasoning_content;
    if (typeof reasoning === 'string') {
      n += reasoning.length;
    }
    if (message.role === 'assistant' && message.tool_calls) {
      for (const call of message.tool_calls) {
        if (call.type === 'function') {
          n += call.function.name.length + call.function.arguments.length + 32;
        }
      }
    }
    return n;
  }
}
