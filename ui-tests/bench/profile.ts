/**
 * A Chromium CPU profile (CDP `Profiler.stop`) summed for reading: the
 * functions with the most self time, the callers of the heaviest, and the
 * self time by script. Shared by the benches ($COAUTHOR_BENCH_PROFILE=1).
 */

/** How a profile node's function is named in the summary. */
function keyOf(f: any): string {
  return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
}

/** Which script a function is in, by its URL, grouped for reading. */
function scriptOf(url: string): string {
  if (!url) {
    return '(native, GC, idle)';
  }
  if (url.includes('jupyterlab-coauthor')) {
    return `jupyterlab-coauthor ${url.split('/').pop()}`;
  }
  return url.split('/').pop() || url;
}

/** The summary of a profile: the `top` functions by self time and more. */
export function topSelf(profile: any, top = 40): string {
  const dt = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    dt.set(samples[i], (dt.get(samples[i]) ?? 0) + timeDeltas[i] / 1000);
  }
  const byFn = new Map<string, number>();
  const byScript = new Map<string, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const self = dt.get(node.id) ?? 0;
    byFn.set(keyOf(f), (byFn.get(keyOf(f)) ?? 0) + self);
    const script =
      f.functionName === '(idle)' ? '(idle)' : scriptOf(f.url as string);
    byScript.set(script, (byScript.get(script) ?? 0) + self);
  }
  const heaviest = [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top);
  // Who calls the three largest: their callers' chains, heaviest first.
  const parent = new Map<number, any>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node);
    }
  }
  const chains: string[] = [];
  for (const [key] of heaviest.slice(0, 3)) {
    const byChain = new Map<string, number>();
    for (const node of profile.nodes) {
      if (keyOf(node.callFrame) !== key) {
        continue;
      }
      const chain: string[] = [];
      let p = parent.get(node.id);
      while (p && chain.length < 12) {
        chain.push(keyOf(p.callFrame));
        p = parent.get(p.id);
      }
      const c = chain.join(' < ');
      byChain.set(c, (byChain.get(c) ?? 0) + (dt.get(node.id) ?? 0));
    }
    chains.push(`\n== callers of ${key}`);
    for (const [c, v] of [...byChain].sort((a, b) => b[1] - a[1]).slice(0, 4)) {
      chains.push(`${v.toFixed(1).padStart(8)} ms  < ${c}`);
    }
  }
  const scripts = [...byScript]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([k, v]) => `${v.toFixed(1).padStart(8)} ms  ${k}`);
  return [
    '== self time by script',
    ...scripts,
    '\n== self time by function',
    ...heaviest.map(([k, v]) => `${v.toFixed(1).padStart(8)} ms  ${k}`),
    ...chains
  ].join('\n');
}

/**
 * The total time of each function (self and callees) whose name matches,
 * counted once per sample: where our code's time goes, below the callbacks.
 */
export function totalTime(profile: any, names: RegExp): string {
  const parent = new Map<number, any>();
  const byId = new Map<number, any>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) {
      parent.set(child, node);
    }
  }
  const total = new Map<string, number>();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const seen = new Set<string>();
    let node = byId.get(samples[i]);
    while (node) {
      const f = node.callFrame;
      if (f.functionName && names.test(f.functionName)) {
        const key = keyOf(f);
        if (!seen.has(key)) {
          seen.add(key);
          total.set(key, (total.get(key) ?? 0) + timeDeltas[i] / 1000);
        }
      }
      node = parent.get(node.id);
    }
  }
  return [...total]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 40)
    .map(([k, v]) => `${v.toFixed(1).padStart(8)} ms  ${k}`)
    .join('\n');
}
