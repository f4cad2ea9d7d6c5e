/**
 * Errors in the shapes real servers send them, brought into the one shape
 * the `openai` client reports (`{"error": {"message": ...}}`), so that every
 * one reaches the user in words instead of as "the connection broke":
 *
 * - llama.cpp's server before it switched to `data:` errors wrote an SSE
 *   field named `error` (`error: {"code":500,"message":...}`), which SSE
 *   parsers ignore: the stream then ends with `data: [DONE]` and no finish
 *   (tools/server/server.cpp, `server_sent_event(sink, "error", ...)`).
 * - vLLM before 0.10 sends, inside a stream, a bare
 *   `{"object":"error","message":...,"code":400}` without the `error` key
 *   the client throws for (vllm/entrypoints/openai/protocol.py,
 *   ErrorResponse): the client yields it as a chunk (see `chunkError`). Over
 *   HTTP the same bare body is wrapped by the client itself (openai 6+).
 * - Gemini's OpenAI layer answers HTTP errors with a one-element array
 *   `[{"error": {...}}]`, and some servers with `{"error": "text"}`.
 */

/** A `fetch` function, as the `openai` client takes it. */
export type Fetch = (
  input: string | URL | Request,
  init?: RequestInit
) => Promise<Response>;

/**
 * Wrap `fetch` so that the errors of the dialects above reach the client
 * in OpenAI's shape. Successful non-streamed bodies pass untouched; event
 * streams pass line by line, with only `error:` lines rewritten (to an
 * `event: error` with the same data, which the client throws).
 */
export function withDialectErrors(fetch: Fetch): Fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok) {
      return Private.normalizeErrorBody(response);
    }
    if (type.includes('text/event-stream') && response.body) {
      return new Response(Private.rewriteErrorLines(response.body), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers
      });
    }
    return response;
  };
}

/**
 * The error object of a streamed chunk that the client yields instead of
 * throwing (vLLM's bare `{"object":"error", ...}`), or null.
 */
export function chunkError(chunk: unknown): Record<string, unknown> | null {
  const value = chunk as Record<string, unknown> | null;
  if (value && value.object === 'error') {
    return value;
  }
  return null;
}

/** An error the server sent inside a stream that the client let through. */
export class StreamError extends Error {
  constructor(readonly body: Record<string, unknown>) {
    super(typeof body.message === 'string' ? body.message : 'stream error');
  }
}

/**
 * Whether a server's words say the request is longer than the model's
 * context: OpenAI's `context_length_exceeded`, vLLM's "maximum context
 * length is N tokens", llama.cpp's `exceed_context_size_error` ("the request
 * exceeds the available context size"), LM Studio's MLX "Context size has
 * been exceeded", OpenRouter's "maximum context length".
 */
export function isContextLengthError(body: unknown, text: string): boolean {
  const error = (body ?? {}) as Record<string, unknown>;
  return (
    error.code === 'context_length_exceeded' ||
    error.type === 'exceed_context_size_error' ||
    /context length|context size|context window|too many tokens|exceeds? (the )?(available|maximum) context/i.test(
      text
    )
  );
}

/**
 * Whether a server's words say the model cannot call tools: Ollama's
 * "<model> does not support tools", vLLM's `"auto" tool choice requires
 * --enable-auto-tool-choice`, llama.cpp's "tools param requires --jinja".
 */
export function isToolsUnsupported(text: string): boolean {
  return /does not support tools|tool choice requires|requires --jinja|tools? (is|are) not supported|does not support (function|tool) calling/i.test(
    text
  );
}

/** The token counts a context error gives, in words, or ''. */
export function contextCounts(body: unknown): string {
  const error = (body ?? {}) as Record<string, unknown>;
  if (
    typeof error.n_prompt_tokens === 'number' &&
    typeof error.n_ctx === 'number'
  ) {
    return ` (${error.n_prompt_tokens} tokens for a context of ${error.n_ctx})`;
  }
  return '';
}

namespace Private {
  /** Re-make an error response with its body in OpenAI's shape. */
  export async function normalizeErrorBody(
    response: Response
  ): Promise<Response> {
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (Array.isArray(body) && body.length > 0) {
      body = body[0]; // Gemini
    }
    const value = body as Record<string, unknown> | undefined;
    let out = text;
    if (value && typeof value === 'object') {
      out = JSON.stringify(
        typeof value.error === 'string'
          ? { error: { message: value.error } }
          : value
      );
    }
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    headers.delete('content-encoding');
    return new Response(out, {
      status: response.status,
      statusText: response.statusText,
      headers
    });
  }

  /**
   * Pass an event stream through, whole lines at a time, rewriting the
   * lines of an SSE field named `error`. A line is held back only until its
   * end arrives, which for SSE (events end with a blank line) costs nothing.
   */
  export function rewriteErrorLines(
    body: ReadableStream<Uint8Array>
  ): ReadableStream<Uint8Array> {
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    let pending = '';
    const rewrite = (text: string) =>
      text.includes('error:')
        ? text.replace(
            /^error:[ ]?([^\r\n]*)(\r?)$/gm,
            'event: error$2\ndata: $1$2'
          )
        : text;
    return body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          pending += decoder.decode(chunk, { stream: true });
          const cut = pending.lastIndexOf('\n');
          if (cut < 0) {
            return;
          }
          const complete = pending.slice(0, cut + 1);
          pending = pending.slice(cut + 1);
          controller.enqueue(encoder.encode(rewrite(complete)));
        },
        flush(controller) {
          pending += decoder.decode();
          if (pending) {
            controller.enqueue(encoder.encode(rewrite(pending)));
          }
        }
      })
    );
  }
}
