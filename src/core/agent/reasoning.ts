import type { ReasoningSource } from '../chat/types';

/**
 * The reasoning piece of one streamed delta, from the field its server
 * uses: `reasoning_content` (DeepSeek, llama.cpp, LM Studio, vLLM before
 * 0.10) or `reasoning` (OpenRouter, Ollama, newer vLLM). Null when the
 * delta has none.
 */
export function reasoningOfDelta(
  delta: Record<string, unknown>
): { text: string; source: ReasoningSource } | null {
  for (const field of ['reasoning_content', 'reasoning'] as const) {
    const value = delta[field];
    if (typeof value === 'string' && value) {
      return { text: value, source: field };
    }
  }
  return null;
}

/**
 * Splits a `<think>...</think>` block at the start of streamed content from
 * the answer, for reasoning models served without a reasoning parser
 * (Qwen3, DeepSeek-R1, QwQ through llama.cpp without `--reasoning-format`,
 * vLLM without `--reasoning-parser`, LM Studio with reasoning separation
 * off). Only a block that opens the content counts: a `<think>` later in an
 * answer is text the model meant to show (e.g. about the tag itself).
 *
 * Tags may arrive cut across deltas (`<thi` + `nk>`), so a piece that could
 * be the start of a tag is held back until the next one decides it.
 */
export class ThinkSplitter {
  /**
   * Take one piece of content; returns what is answer and what is
   * reasoning in it (either may be '').
   */
  push(text: string): { content: string; reasoning: string } {
    this._pending += text;
    const out = { content: '', reasoning: '' };
    for (;;) {
      if (this._state === 'start') {
        const trimmed = this._pending.replace(/^\s+/, '');
        if (trimmed.startsWith(OPEN)) {
          this._pending = trimmed.slice(OPEN.length);
          this._state = 'thinking';
          this.opened = true;
          continue;
        }
        if (trimmed.length < OPEN.length && OPEN.startsWith(trimmed)) {
          return out; // maybe a tag: wait for more
        }
        this._state = 'answer';
        continue;
      }
      if (this._state === 'thinking') {
        const end = this._pending.indexOf(CLOSE);
        if (end >= 0) {
          out.reasoning += this._pending.slice(0, end);
          // The answer usually starts after a blank line: drop it.
          this._pending = this._pending
            .slice(end + CLOSE.length)
            .replace(/^\s+/, '');
          this._state = 'answer';
          this._trimStart = this._pending.length === 0;
          continue;
        }
        const keep = partialSuffix(this._pending, CLOSE);
        out.reasoning += this._pending.slice(0, this._pending.length - keep);
        this._pending = this._pending.slice(this._pending.length - keep);
        return out;
      }
      // The answer.
      let content = this._pending;
      if (this._trimStart) {
        content = content.replace(/^\s+/, '');
        this._trimStart = content.length === 0;
      }
      out.content += content;
      this._pending = '';
      return out;
    }
  }

  /**
   * The stream ended: what is still held back. An unclosed `<think>` (a
   * reply cut while reasoning) stays reasoning.
   */
  end(): { content: string; reasoning: string } {
    const rest = this._pending;
    this._pending = '';
    if (this._state === 'thinking') {
      return { content: '', reasoning: rest };
    }
    return { content: rest, reasoning: '' };
  }

  /** Whether the content opened with a `<think>` block. */
  opened = false;

  private _state: 'start' | 'thinking' | 'answer' = 'start';
  private _pending = '';
  private _trimStart = false;
}

const OPEN = '<think>';
const CLOSE = '</think>';

/** How many characters at the end of `text` could begin `tag`. */
function partialSuffix(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (tag.startsWith(text.slice(text.length - n))) {
      return n;
    }
  }
  return 0;
}
