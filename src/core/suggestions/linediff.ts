import type { IHunk, SavedHunk } from './types';

/**
 * Split a text into lines, each keeping its line break, so that joining them
 * gives the text back exactly.
 */
export function splitLines(text: string): string[] {
  if (!text) {
    return [];
  }
  const lines = text.split(/(?<=\n)/);
  return lines;
}

/**
 * The line hunks that turn `base` into `proposed` (Myers' O(ND) diff over
 * lines, with a common prefix and suffix taken off first, since suggestions
 * usually touch a few lines of a cell).
 */
export function diffLines(base: string, proposed: string): IHunk[] {
  if (base === proposed) {
    return [];
  }
  const a = splitLines(base);
  const b = splitLines(proposed);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) {
    prefix++;
  }
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  const ops = myers(
    a.slice(prefix, a.length - suffix),
    b.slice(prefix, b.length - suffix)
  );

  // Group the edit script into hunks of consecutive changes.
  const hunks: IHunk[] = [];
  let i = prefix;
  let j = prefix;
  let current: { baseStart: number; proposedStart: number } | null = null;
  let baseLines: string[] = [];
  let proposedLines: string[] = [];
  const flush = () => {
    if (current) {
      hunks.push(
        makeHunk(
          a,
          b,
          current.baseStart,
          baseLines,
          current.proposedStart,
          proposedLines
        )
      );
    }
    current = null;
    baseLines = [];
    proposedLines = [];
  };
  for (const op of ops) {
    if (op === '=') {
      flush();
      i++;
      j++;
    } else {
      current ??= { baseStart: i, proposedStart: j };
      if (op === '-') {
        baseLines.push(a[i++]);
      } else {
        proposedLines.push(b[j++]);
      }
    }
  }
  flush();
  return hunks;
}

function makeHunk(
  a: string[],
  b: string[],
  baseStart: number,
  baseLines: string[],
  proposedStart: number,
  proposedLines: string[]
): IHunk {
  const baseFrom = offsetOf(a, baseStart);
  const proposedFrom = offsetOf(b, proposedStart);
  return {
    baseStart,
    baseLines,
    proposedStart,
    proposedLines,
    baseFrom,
    baseTo: baseFrom + baseLines.join('').length,
    proposedFrom,
    proposedTo: proposedFrom + proposedLines.join('').length
  };
}

function offsetOf(lines: string[], line: number): number {
  let offset = 0;
  for (let k = 0; k < line; k++) {
    offset += lines[k].length;
  }
  return offset;
}

/**
 * Myers' diff: the shortest edit script from `a` to `b`, as '=', '-', '+'.
 */
function myers(a: string[], b: string[]): string[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])) {
        x = v[offset + k + 1];
      } else {
        x = v[offset + k - 1] + 1;
      }
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  // Walk back through the trace to recover the script.
  const ops: string[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d];
    const k = x - y;
    let prevK: number;
    if (k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1])) {
      prevK = k + 1;
    } else {
      prevK = k - 1;
    }
    const prevX = vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('=');
      x--;
      y--;
    }
    if (d > 0) {
      ops.push(x === prevX ? '+' : '-');
      x = prevX;
      y = prevY;
    }
  }
  while (x > 0 && y > 0) {
    ops.push('=');
    x--;
    y--;
  }
  return ops.reverse();
}

/**
 * Apply hunks (in the saved `[baseStart, baseLineCount, proposedLines]` form)
 * to a text whose lines match the hunks' base lines. Returns null when the
 * text does not have the lines the hunks replace where they should be.
 */
export function applyLineHunks(
  text: string,
  hunks: [number, number, string[]][],
  expected?: string[][]
): string | null {
  const lines = splitLines(text);
  let shift = 0;
  for (let h = 0; h < hunks.length; h++) {
    const [start, count, replacement] = hunks[h];
    const at = start + shift;
    if (at < 0 || at + count > lines.length) {
      return null;
    }
    if (expected) {
      const want = expected[h];
      for (let k = 0; k < count; k++) {
        if (lines[at + k] !== want[k]) {
          return null;
        }
      }
    }
    lines.splice(at, count, ...replacement);
    shift += replacement.length - count;
  }
  return lines.join('');
}

/**
 * A short, stable hash of a text (FNV-1a, 32 bits, hex), to recognise the
 * base a saved record applies to without saving the text itself.
 */
export function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0') + ':' + text.length;
}

/**
 * The text a record's hunks make of `base`, or null when they do not apply:
 * exactly when the base hash matches, else by finding each hunk's replaced
 * lines near where they were.
 */
export function applySavedHunks(
  base: string,
  baseHash: string,
  hunks: SavedHunk[]
): string | null {
  const lines = splitLines(base);
  const exact = hashText(base) === baseHash;
  let shift = 0;
  let searchFrom = 0;
  const placed: { at: number; count: number; lines: string[] }[] = [];
  for (const [start, baseLines, proposedLines] of hunks) {
    let at = start;
    if (!exact) {
      if (baseLines.length === 0) {
        return null; // nothing to recognise the place by
      }
      at = findLines(lines, baseLines, start, searchFrom);
      if (at < 0) {
        return null;
      }
    } else if (!matches(lines, baseLines, at)) {
      return null;
    }
    placed.push({ at, count: baseLines.length, lines: proposedLines });
    searchFrom = at + baseLines.length;
  }
  for (const hunk of placed) {
    lines.splice(hunk.at + shift, hunk.count, ...hunk.lines);
    shift += hunk.lines.length - hunk.count;
  }
  return lines.join('');
}

function matches(lines: string[], want: string[], at: number): boolean {
  if (at < 0 || at + want.length > lines.length) {
    return false;
  }
  return want.every((line, k) => lines[at + k] === line);
}

/** The occurrence of `want` in `lines` closest to `near`, from `from` on. */
function findLines(
  lines: string[],
  want: string[],
  near: number,
  from: number
): number {
  let best = -1;
  for (let at = from; at + want.length <= lines.length; at++) {
    if (
      matches(lines, want, at) &&
      (best < 0 || Math.abs(at - near) < Math.abs(best - near))
    ) {
      best = at;
    }
  }
  return best;
}
