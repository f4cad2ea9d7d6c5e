import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError
} from 'openai';
import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool
} from 'openai/resources/chat/completions';
import {
  contextCounts,
  isContextLengthError,
  isToolsUnsupported,
  StreamError,
  withDialectErrors
} from './streamErrors';
import { normalizeBaseUrl } from './endpoint';
import type { IAgentSettings } from './types';

/**
 * How to build the client.
 */
export interface IClientOptions {
  /** The OpenAI-compatible base URL. */
  baseUrl: string;
  /**
   * The API key, from the browser's storage; '' for local servers that
   * need none (then no Authorization header is sent).
   */
  apiKey: string;
  /** Retries on 429, 5xx and network errors (default 1). */
  maxRetries?: number;
  /** Request timeout in ms (default 120000). */
  timeoutMs?: number;
  /** The `fetch` to use (the global one by default). */
  fetch?: typeof fetch;
}

/**
 * Build the `openai` client for an OpenAI-compatible endpoint. It runs in
 * the browser on purpose: the key stays in this user's browser and is sent
 * only to the endpoint, in the Authorization header.
 */
export function createClient(options: IClientOptions): OpenAI {
  const apiKey = options.apiKey.trim();
  return new OpenAI({
    baseURL: normalizeBaseUrl(options.baseUrl),
    // The client requires a key; local servers need none, so give it a
    // placeholder and remove the header it would make.
    apiKey: apiKey || 'no-key',
    defaultHeaders: apiKey ? undefined : { Authorization: null },
    dangerouslyAllowBrowser: true,
    maxRetries: options.maxRetries ?? 1,
    timeout: options.timeoutMs ?? 120000,
    // Errors in the shapes of llama.cpp, vLLM and Gemini, brought into the
    // one the client reports (see streamErrors.ts).
    fetch: withDialectErrors(
      options.fetch ?? ((input, init) => globalThis.fetch(input, init))
    )
  });
}

/**
 * The body of a streamed chat completion request. `tool_choice` is never
 * sent: its default is what we want, and vLLM rejects `tool_choice: null`;
 * `tools` is left out when there are none.
 */
export function completionRequest(
  settings: Pick<IAgentSettings, 'model' | 'temperature'>,
  messages: ChatCompletionMessageParam[],
  tools: ChatCompletionTool[]
): ChatCompletionCreateParamsStreaming {
  const request: ChatCompletionCreateParamsStreaming = {
    model: settings.model,
    messages,
    stream: true
  };
  if (Number.isFinite(settings.temperature)) {
    request.temperature = settings.temperature;
  }
  if (tools.length > 0) {
    request.tools = tools;
  }
  return request;
}

/**
 * When no endpoint or model is configured: what to tell the user instead of
 * failing. Null when the settings are enough to try.
 */
export function setupHint(
  settings: Pick<IAgentSettings, 'baseUrl' | 'model'>
): string | null {
  const missing: string[] = [];
  if (!settings.baseUrl.trim()) {
    missing.push('an endpoint (base URL)');
  }
  if (!settings.model.trim()) {
    missing.push('a model');
  }
  if (missing.length === 0) {
    return null;
  }
  return (
    `The AI co-author needs ${missing.join(' and ')}. Open Settings → ` +
    `Settings Editor → "Co-author: AI agent", pick a preset (OpenAI, ` +
    `Ollama, vLLM, llama.cpp, LM Studio) or enter a base URL such as ` +
    `http://localhost:11434/v1, and the model name it serves. For OpenAI, ` +
    `set your API key with the key button in this panel; it stays in this ` +
    `browser. The README ("Connecting a model") lists the flags each local ` +
    `server needs for browser access and tool calling.`
  );
}

/**
 * What kind of failure an error is.
 */
export type AgentErrorKind =
  | 'auth'
  | 'model'
  | 'rate-limit'
  | 'server'
  | 'bad-request'
  | 'context'
  | 'tools-unsupported'
  | 'stream'
  | 'network'
  | 'cut'
  | 'aborted'
  | 'unknown';

/**
 * A failure, described for people.
 */
export interface IAgentError {
  /** What kind of failure. */
  readonly kind: AgentErrorKind;
  /** The HTTP status, when there was one. */
  readonly status?: number;
  /** An English message for the user, with what to do. It never holds the key. */
  readonly message: string;
}

/**
 * Describe an error of the client for the user. The API key is removed
 * from anything the server said, since the message goes into the shared
 * conversation.
 */
export function describeError(
  error: unknown,
  context: { baseUrl: string; model: string; apiKey?: string }
): IAgentError {
  const redact = (text: string) => redactKey(text, context.apiKey);
  const where = context.baseUrl || 'the endpoint';
  if (error instanceof APIUserAbortError) {
    return { kind: 'aborted', message: 'Stopped.' };
  }
  if (error instanceof APIConnectionTimeoutError) {
    return {
      kind: 'network',
      message: `${where} did not answer in time. Is the server busy or the model still loading? Try again.`
    };
  }
  if (error instanceof APIConnectionError) {
    return {
      kind: 'network',
      message:
        `Could not reach ${where}. Is the server running, and does it ` +
        `allow requests from this page (CORS)? See "Connecting a model" ` +
        `in the README.`
    };
  }
  if (error instanceof StreamError) {
    const said = redact(error.message);
    return {
      kind: 'stream',
      message: `${where} reported an error during the reply; what arrived is kept, and no tool call of this reply was run. The server said: ${said}`
    };
  }
  if (error instanceof APIError) {
    const status = error.status;
    const said = redact(serverMessage(error));
    const detail = said ? ` The server said: ${said}` : '';
    if (isContextLengthError(error.error, said)) {
      return {
        kind: 'context',
        status,
        message:
          `The conversation is too long for the context of '${context.model}' at ${where}${contextCounts(error.error)}. ` +
          `Lower "Context budget" in the settings, clear the chat, or give the server a larger context ` +
          `(llama.cpp: -c; Ollama: num_ctx; vLLM: --max-model-len).${detail}`
      };
    }
    if (isToolsUnsupported(said)) {
      return {
        kind: 'tools-unsupported',
        status,
        message:
          `${where} cannot give '${context.model}' the co-author's tools, which it needs to read and edit cells. ` +
          `Pick a model with tool support, or enable tool calling on the server (vLLM: --enable-auto-tool-choice ` +
          `--tool-call-parser; llama.cpp: --jinja); see "Connecting a model" in the README.${detail}`
      };
    }
    if (status === undefined) {
      // An error object inside a stream that had started (OpenRouter,
      // vLLM, llama.cpp's `error:` line): the reply so far is kept.
      return {
        kind: 'stream',
        message: `${where} reported an error during the reply; what arrived is kept, and no tool call of this reply was run.${detail || ' It gave no reason.'}`
      };
    }
    if (status === 401 || status === 403) {
      return {
        kind: 'auth',
        status,
        message: `${where} refused the API key (${status}). Set the key with the key button in the chat panel.${detail}`
      };
    }
    if (status === 404) {
      return {
        kind: 'model',
        status,
        message: `${where} has no model '${context.model}' (404). Check the model name in the settings (for Ollama, pull it first).${detail}`
      };
    }
    if (status === 429) {
      return {
        kind: 'rate-limit',
        status,
        message: `${where} is rate limiting requests (429). Wait a moment and send again.${detail}`
      };
    }
    if (status !== undefined && status >= 500) {
      return {
        kind: 'server',
        status,
        message: `${where} failed (${status}). Try again; if it persists, look at the server's log.${detail}`
      };
    }
    if (status === 400 || status === 422) {
      return {
        kind: 'bad-request',
        status,
        message: `${where} rejected the request (${status}). If it mentions tools, the server may need tool calling enabled (see the README).${detail}`
      };
    }
    return {
      kind: 'unknown',
      status,
      message: `The request to ${where} failed${status ? ` (${status})` : ''}.${detail}`
    };
  }
  const text = redact(error instanceof Error ? error.message : String(error));
  if (/terminated|socket|ECONNRESET|network|fetch failed/i.test(text)) {
    return {
      kind: 'cut',
      message: `The connection to ${where} broke during the reply; what arrived is kept. Send again to continue.`
    };
  }
  return { kind: 'unknown', message: `Something went wrong: ${text}` };
}

/** Remove a key (and anything that looks like an OpenAI key) from a text. */
export function redactKey(text: string, apiKey?: string): string {
  let out = text;
  const key = apiKey?.trim();
  if (key && key.length >= 4) {
    out = out.split(key).join('[key]');
    // Servers echo a shortened key ("sk-ab***yz" or its last characters).
    if (key.length >= 8) {
      out = out.split(key.slice(-4)).join('[key]');
    }
  }
  return out.replace(/\bsk-[A-Za-z0-9_*.-]{6,}/g, '[key]');
}

function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | string | undefined;
  if (typeof body === 'string') {
    return body;
  }
  if (body && typeof body.message === 'string') {
    return body.message;
  }
  if (body && body.message !== undefined) {
    return JSON.stringify(body.message);
  }
  return '';
}
