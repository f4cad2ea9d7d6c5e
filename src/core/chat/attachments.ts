import type { IChatAttachment } from './types';

/**
 * The lines `from` to `to` (1-based, inclusive) of a text; out-of-range
 * bounds are clamped, so a selection made before the cell shrank still
 * gives what is left of it.
 */
export function sliceLines(text: string, from: number, to: number): string {
  const lines = text.split('\n');
  const first = Math.max(1, Math.min(from, lines.length));
  const last = Math.max(first, Math.min(to, lines.length));
  return lines.slice(first - 1, last).join('\n');
}

/**
 * The lines (1-based, inclusive) that a selection between two offsets of a
 * text covers, or null for an empty selection. A selection that ends at the
 * very start of a line does not take that line (as editors count it).
 */
export function selectedLines(
  text: string,
  start: number,
  end: number
): [number, number] | null {
  const from = Math.max(0, Math.min(start, end));
  const to = Math.min(text.length, Math.max(start, end));
  if (from === to) {
    return null;
  }
  const lineAt = (offset: number): number =>
    text.slice(0, offset).split('\n').length;
  const first = lineAt(from);
  let last = lineAt(to);
  if (last > first && text[to - 1] === '\n') {
    last -= 1;
  }
  return [first, last];
}

/**
 * A user message as the model reads it: the text, then each attachment as
 * a fenced block that names its cell, so that the model can act on it with
 * its tools (which take cell ids).
 */
export function messageWithAttachments(
  body: string,
  attachments: readonly IChatAttachment[] | undefined
): string {
  if (!attachments?.length) {
    return body;
  }
  const blocks = attachments.map(attachment => {
    // A fence longer than any run of backticks in the source, so that the
    // source cannot close it.
    const longest = Math.max(
      2,
      ...(attachment.source.match(/`+/g) ?? []).map(run => run.length)
    );
    const fence = '`'.repeat(longest + 1);
    return `Attached: ${attachment.label} (cell id ${attachment.cellId}):\n${fence}\n${attachment.source}\n${fence}`;
  });
  return [body, ...blocks].join('\n\n');
}
