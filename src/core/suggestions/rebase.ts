import { diffLines } from './linediff';

/** One text edit: replace `[from, to)` with `insert`. */
export interface ITextEdit {
  from: number;
  to: number;
  insert: string;
}

/**
 * The character edits that turn `a` into `b`: the line hunks of
 * `diffLines`, each narrowed to the characters that differ (typing a few
 * characters into a line is an edit of those characters, not of the line).
 */
export function textEdits(a: string, b: string): ITextEdit[] {
  return diffLines(a, b).map(h => {
    let from = h.baseFrom;
    let to = h.baseTo;
    let bFrom = h.proposedFrom;
    let bTo = h.proposedTo;
    while (from < to && bFrom < bTo && a[from] === b[bFrom]) {
      from++;
      bFrom++;
    }
    while (to > from && bTo > bFrom && a[to - 1] === b[bTo - 1]) {
      to--;
      bTo--;
    }
    return { from, to, insert: b.slice(bFrom, bTo) };
  });
}

/**
 * Re-express edits made on `base` (turning it into `ours`) on `theirs`, a
 * version of `base` that someone else changed meanwhile: the edits of
 * `ours`, with their positions moved through `theirs`'s own edits, in
 * descending order (apply them one after the other as they come).
 *
 * What it is for: a collaborator rejected part of a suggestion while its
 * author was still typing in it (branch.ts `drop`). `base` is what the
 * collaborator saw and rejected, `ours` the author's text with the later
 * typing, `theirs` the text with the rejected part gone. The later typing
 * was not part of what was rejected, and goes on top of what is left.
 * Where an edit of `ours` falls inside text that `theirs` removed, it is
 * placed where that text was: an insertion is kept; what it deleted of
 * the removed text is gone already.
 */
export function rebaseEdits(
  base: string,
  ours: string,
  theirs: string
): ITextEdit[] {
  const moved = textEdits(base, theirs);
  const map = (at: number, bias: 'start' | 'end'): number => {
    let shift = 0;
    for (const edit of moved) {
      if (at < edit.from || (at === edit.from && bias === 'start')) {
        break;
      }
      if (at >= edit.to && !(at === edit.to && edit.to === edit.from)) {
        shift += edit.insert.length - (edit.to - edit.from);
        continue;
      }
      // Inside text `theirs` replaced: at its start, or after its
      // replacement.
      return bias === 'start'
        ? edit.from + shift
        : edit.from + shift + edit.insert.length;
    }
    return at + shift;
  };
  const out: ITextEdit[] = [];
  for (const edit of textEdits(base, ours)) {
    const from = map(edit.from, 'start');
    const to = Math.max(from, map(edit.to, 'end'));
    if (from === to && !edit.insert) {
      continue;
    }
    out.push({ from, to, insert: edit.insert });
  }
  return out.sort((x, y) => y.from - x.from);
}

/** Apply edits in the order given (see `rebaseEdits`) to a string. */
export function applyEdits(text: string, edits: ITextEdit[]): string {
  for (const { from, to, insert } of edits) {
    text = text.slice(0, from) + insert + text.slice(to);
  }
  return text;
}
