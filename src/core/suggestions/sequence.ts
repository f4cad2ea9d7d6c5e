/**
 * The longest common subsequence of two lists, as pairs [a, b], with `same`
 * saying which items match. Quadratic in time and space: it is run over the
 * recreated cells of one slot (moves.ts) and the cells a notebook diff
 * pairs (notebookDiff.ts), never over a cell's characters.
 */
export function commonRun<A, B>(
  a: A[],
  b: B[],
  same: (x: A, y: B) => boolean
): [A, B][] {
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = same(a[i], b[j])
        ? table[i + 1][j + 1] + 1
        : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const out: [A, B][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (same(a[i], b[j]) && table[i][j] === table[i + 1][j + 1] + 1) {
      out.push([a[i], b[j]]);
      i++;
      j++;
    } else if (table[i + 1][j] >= table[i][j + 1]) {
      i++;
    } else {
      j++;
    }
  }
  return out;
}
