/**
 * Tool calls that a model wrote into its answer as text, because the server
 * has no tool parser for it (vLLM without `--enable-auto-tool-choice`,
 * llama.cpp without `--jinja`, a template that does not render tools) or a
 * small model did not follow the format. The common forms:
 *
 * - Hermes / Qwen 2.5-3: `<tool_call>{"name": ..., "arguments": {...}}</tool_call>`,
 *   any number of them, possibly after some text (Qwen's function calling
 *   guide; vLLM's `hermes` parser reads exactly this).
 * - Llama 3.1-3.3 JSON: the whole answer is `{"name": ..., "parameters": {...}}`,
 *   maybe after `<|python_tag|>` (Meta's prompt format for Llama 3.1;
 *   vLLM's `llama3_json` parser).
 * - Mistral: `[TOOL_CALLS][{"name": ..., "arguments": {...}}, ...]`
 *   (vLLM's `mistral` parser).
 *
 * Ordinary JSON in an answer is not a call: bare JSON counts only when it
 * is the whole answer, has exactly a name and its arguments, and names one
 * of our tools; tags inside Markdown code are examples. Inside the tags,
 * everything counts, so that a malformed call is reported to the model
 * instead of shown as the answer.
 */

/** One call found in the text. */
export interface ITextToolCall {
  /** The tool's name ('' when it could not be read). */
  name: string;
  /** The arguments as a JSON object string ('{}' when unreadable). */
  arguments: string;
  /** What is wrong with it, for the model; null when it can be run. */
  problem: string | null;
}

/** What `findTextToolCalls` found. */
export interface ITextToolCalls {
  /** Which form the model used. */
  form: 'hermes' | 'llama' | 'mistral';
  /** The calls, in order. */
  calls: ITextToolCall[];
  /** The answer without the calls (trimmed). */
  text: string;
}

/**
 * Find tool calls written as text in a whole answer, or null if it has
 * none. `tools` are the names of the tools the model was given.
 */
export function findTextToolCalls(
  content: string,
  tools: readonly string[]
): ITextToolCalls | null {
  // A tag inside Markdown code is an example the model shows, not a call.
  const prose = content
    .replace(/```[\s\S]*?(```|$)/g, '')
    .replace(/`[^`\n]*`/g, '');
  return (
    (prose.includes('<tool_call>') ? Private.hermes(content, tools) : null) ??
    (prose.includes('[TOOL_CALLS]') ? Private.mistral(content, tools) : null) ??
    Private.llama(content, tools)
  );
}

/**
 * What to tell the model about a call it wrote as text that could not be
 * run, as the result of that call.
 */
export function textCallProblemResult(call: ITextToolCall): string {
  return JSON.stringify({
    ok: false,
    error:
      `Your tool call was written as text in the answer and could not be ` +
      `run: ${call.problem} Use the tool-calling interface, or write exactly ` +
      `<tool_call>{"name": "<tool>", "arguments": {...}}</tool_call>.`
  });
}

namespace Private {
  const HERMES = /<tool_call>([\s\S]*?)(?:<\/tool_call>|$)/g;

  export function hermes(
    content: string,
    tools: readonly string[]
  ): ITextToolCalls | null {
    if (!content.includes('<tool_call>')) {
      return null;
    }
    const calls: ITextToolCall[] = [];
    for (const match of content.matchAll(HERMES)) {
      calls.push(readCall(unfence(match[1]), tools));
    }
    return {
      form: 'hermes',
      calls,
      text: content.replace(HERMES, '').trim()
    };
  }

  export function mistral(
    content: string,
    tools: readonly string[]
  ): ITextToolCalls | null {
    const at = content.indexOf('[TOOL_CALLS]');
    if (at < 0) {
      return null;
    }
    const raw = content.slice(at + '[TOOL_CALLS]'.length).trim();
    const text = content.slice(0, at).trim();
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      return {
        form: 'mistral',
        calls: [
          {
            name: nameIn(raw),
            arguments: '{}',
            problem: `the calls after [TOOL_CALLS] are not valid JSON (${message(error)}).`
          }
        ],
        text
      };
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return {
      form: 'mistral',
      calls: list.map(item => checkCall(item, tools)),
      text
    };
  }

  export function llama(
    content: string,
    tools: readonly string[]
  ): ITextToolCalls | null {
    const raw = unfence(content.replace(/^\s*<\|python_tag\|>/, ''));
    if (!raw.startsWith('{') || !raw.endsWith('}')) {
      return null;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return null;
    }
    const value = parsed as Record<string, unknown>;
    const keys = Object.keys(value ?? {}).sort();
    const shaped =
      keys.length === 2 &&
      keys[0] === 'name' &&
      (keys[1] === 'parameters' || keys[1] === 'arguments');
    if (!shaped || !tools.includes(value.name as string)) {
      return null;
    }
    return { form: 'llama', calls: [checkCall(value, tools)], text: '' };
  }

  /** Read one call's JSON text. */
  function readCall(raw: string, tools: readonly string[]): ITextToolCall {
    try {
      return checkCall(JSON.parse(raw), tools);
    } catch (error) {
      return {
        name: nameIn(raw),
        arguments: '{}',
        problem: `the call is not valid JSON (${message(error)}).`
      };
    }
  }

  /** Check the shape of one parsed call. */
  function checkCall(value: unknown, tools: readonly string[]): ITextToolCall {
    const call = (value ?? {}) as Record<string, unknown>;
    const name = typeof call.name === 'string' ? call.name : '';
    let args = call.arguments ?? call.parameters ?? {};
    if (typeof args === 'string') {
      // Some models double-encode the arguments.
      try {
        args = JSON.parse(args);
      } catch {
        return {
          name,
          arguments: '{}',
          problem: `the arguments of '${name}' are a string that is not JSON.`
        };
      }
    }
    if (!name) {
      return {
        name: '',
        arguments: '{}',
        problem: 'the call has no "name".'
      };
    }
    if (!tools.includes(name)) {
      return {
        name,
        arguments: '{}',
        problem: `there is no tool '${name}'. The tools are: ${tools.join(', ')}.`
      };
    }
    if (!args || typeof args !== 'object' || Array.isArray(args)) {
      return {
        name,
        arguments: '{}',
        problem: `the arguments of '${name}' must be a JSON object.`
      };
    }
    return { name, arguments: JSON.stringify(args), problem: null };
  }

  /** The text inside a Markdown code fence, or the text itself. */
  function unfence(text: string): string {
    const trimmed = text.trim();
    const fenced = /^```[a-z]*\s*\n?([\s\S]*?)\n?```$/.exec(trimmed);
    return (fenced ? fenced[1] : trimmed).trim();
  }

  /** A tool name in broken JSON, to say which call failed. */
  function nameIn(raw: string): string {
    return /"name"\s*:\s*"([^"]*)"/.exec(raw)?.[1] ?? '';
  }

  function message(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }
}
