/** The range to change to turn `a` into `b`. */
export function diffRange(
  a: string,
  b: string
): { start: number; removed: number; inserted: string } {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a[start] === b[start]) {
    start++;
  }
  let end = 0;
  while (end < max - start && a[a.length - 1 - end] === b[b.length - 1 - end]) {
    end++;
  }
  return {
    start,
    removed: a.length - start - end,
    inserted: b.slice(start, b.length - end)
  };
}

/** Keep the head and the tail of a long text, saying what was cut. */
export function truncate(
  text: string,
  budget: number
): { text: string; truncated: boolean } {
  if (text.length <= budget) {
    return { text, truncated: false };
  }
  const head = Math.floor(budget * 0.4);
  const tail = Math.max(0, budget - head);
  const cut = text.length - head - tail;
  return {
    text:
      text.slice(0, head) +
      `\n… [${cut} characters truncated] …\n` +
      text.slice(text.length - tail),
    truncated: true
  };
}
