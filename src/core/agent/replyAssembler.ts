import type { IChatToolCall, ReasoningSource } from '../chat/types';
import { reasoningOfDelta, ThinkSplitter } from './reasoning';

/**
 * What one streamed chunk adds to the reply.
 */
export interface IReplyPiece {
  /** Answer text, to show. */
  content: string;
  /** Reasoning text, to show apart. */
  reasoning: string;
  /** Where the reasoning came from (when there is some). */
  reasoningSource: ReasoningSource | null;
  /**
   * The whole answer so far, when what was shown of it turned out to be
   * reasoning (a `</think>` without its opening tag) and it must be
   * replaced instead of appended to.
   */
  answer?: string;
}

/**
 * Assembles one streamed reply from its chunks, in any of the dialects the
 * OpenAI-compatible servers speak: the answer, the reasoning (a delta field
 * or a leading `<think>` block), and the tool calls, whose pieces come keyed
 * by `index` (OpenAI, vLLM, llama.cpp), without `index` one call per chunk
 * (Gemini, old Ollama), or all with `index: 0` however many calls there are
 * (Ollama's parallel calls, ollama/ollama#15457, and some proxies). A new id
 * at an index that already holds another id is a new call, so parallel
 * calls are never merged into one (`edit_cellinsert_cell`).
 *
 * Fields of a call we do not know (Gemini's `extra_content` with its
 * `thought_signature`) are kept, to be sent back unchanged.
 */
export class ReplyAssembler {
  /** Take one chunk; returns what it adds to show. */
  add(chunk: unknown): IReplyPiece {
    const piece: IReplyPiece = {
      content: '',
      reasoning: '',
      reasoningSource: null
    };
    const choice = (chunk as { choices?: any[] })?.choices?.[0];
    if (!choice) {
      return piece;
    }
    const delta = (choice.delta ?? {}) as Record<string, unknown>;
    const thought = reasoningOfDelta(delta);
    if (thought) {
      piece.reasoning += thought.text;
      piece.reasoningSource = thought.source;
    }
    if (typeof delta.content === 'string' && delta.content) {
      const split = this._think.push(delta.content);
      piece.content += split.content;
      if (split.reasoning) {
        piece.reasoning += split.reasoning;
        piece.reasoningSource = piece.reasoningSource ?? 'think';
      }
    }
    const calls = delta.tool_calls;
    if (Array.isArray(calls)) {
      for (const call of calls) {
        this._addCallPiece(call);
      }
    }
    if (choice.finish_reason) {
      this.finishReason = String(choice.finish_reason);
    }
    if (this._trimAnswer && piece.content) {
      piece.content = piece.content.replace(/^\s+/, '');
      this._trimAnswer = !piece.content;
    }
    this.text += piece.content;
    this._untaggedThink(piece);
    return piece;
  }

  /**
   * DeepSeek-R1's template (and QwQ's) opens `<think>` in the prompt, so
   * the reply has only the closing tag: what came before it was reasoning,
   * shown as the answer until the tag arrived. Once, and only when the
   * answer has no opening tag of its own.
   */
  private _untaggedThink(piece: IReplyPiece): void {
    if (this._untaggedDone || this._think.opened || !piece.content) {
      return;
    }
    // Only the new text (with the end of the previous, for a tag cut
    // across chunks) is searched: searching the whole answer at each chunk
    // flattened it each time, and a 20,000-chunk reply took 2.5 s instead
    // of 0.47 s to assemble (jest, this machine; 0.38 s unassembled).
    const window = this._tail + piece.content;
    this._tail = window.slice(-CLOSE.length);
    const at = window.indexOf(CLOSE);
    const open = window.indexOf('<think>');
    if (open >= 0 && (at < 0 || open < at)) {
      this._untaggedDone = true; // the answer writes about the tags
      return;
    }
    if (at < 0) {
      return;
    }
    this._untaggedDone = true;
    const end = this.text.length - window.length + at;
    piece.reasoning = this.text.slice(0, end) + piece.reasoning;
    piece.reasoningSource = piece.reasoningSource ?? 'think';
    this.text = this.text.slice(end + CLOSE.length).replace(/^\s+/, '');
    piece.content = '';
    piece.answer = this.text;
    this._trimAnswer = !this.text;
  }

  /** The stream ended: what was held back (a partial `<think>` tag). */
  end(): IReplyPiece {
    const rest = this._think.end();
    this.text += rest.content;
    return {
      content: rest.content,
      reasoning: rest.reasoning,
      reasoningSource: rest.reasoning ? 'think' : null
    };
  }

  /** The answer so far. */
  text = '';

  /** The finish reason, once the server gave one. */
  finishReason: string | null = null;

  /** The tool calls, in the order they started. */
  get toolCalls(): IChatToolCall[] {
    return this._calls.map(({ local, ...call }) => call);
  }

  private _addCallPiece(piece: Record<string, any>): void {
    const { index, id, type, function: fn, ...rest } = piece ?? {};
    // A call starts with its id and name; later pieces carry arguments. So
    // a piece with another id *and* a name is a new call, wherever it is
    // keyed, while a stray id on an argument piece does not split a call.
    const starts = (current: { id: string; local?: boolean } | undefined) =>
      !current || (!!id && !!fn?.name && !current.local && current.id !== id);
    let slot: number;
    if (typeof index === 'number') {
      slot = this._slotOf.get(index) ?? -1;
      if (starts(this._calls[slot])) {
        slot = this._newCall();
        this._slotOf.set(index, slot);
      }
    } else {
      // No index: one call at a time.
      slot = this._calls.length - 1;
      if (starts(this._calls[slot])) {
        slot = this._newCall();
      }
    }
    const call = this._calls[slot];
    if (typeof id === 'string' && id && call.local) {
      call.id = id;
      call.local = false;
    }
    const {
      name,
      arguments: args,
      ...fnRest
    } = (fn ?? {}) as Record<string, unknown>;
    // Names come whole; a server that repeats it in each piece of the
    // call must not make `edit_celledit_cell`.
    if (typeof name === 'string' && name !== call.name) {
      call.name += name;
    }
    if (typeof args === 'string') {
      call.arguments += args;
    }
    void type; // always "function"
    const extra = { ...rest };
    if (Object.keys(fnRest).length) {
      extra.function = fnRest;
    }
    if (Object.keys(extra).length) {
      call.extra = { ...(call.extra ?? {}), ...extra };
    }
  }

  private _newCall(): number {
    localCalls += 1;
    this._calls.push({
      id: `call_local_${localCalls}`,
      name: '',
      arguments: '',
      local: true
    });
    return this._calls.length - 1;
  }

  private _think = new ThinkSplitter();
  private _untaggedDone = false;
  private _trimAnswer = false;
  private _tail = '';
  private _calls: (IChatToolCall & { local?: boolean })[] = [];
  private _slotOf = new Map<number, number>();
}

const CLOSE = '</think>';

/** Ids for calls that came without one, unique in this page. */
let localCalls = 0;
