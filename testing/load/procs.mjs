/**
 * Processes of the load test: starting the Jupyter server, and the memory
 * (resident set) of process trees, from `ps`.
 */
import { execFileSync, spawn } from 'node:child_process';

/** Every process: pid → { ppid, rssKb, cpuS (CPU seconds so far), args }. */
export function processTable() {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss=,times=,args='], {
    encoding: 'utf8'
  });
  const table = new Map();
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (m) {
      table.set(Number(m[1]), {
        ppid: Number(m[2]),
        rssKb: Number(m[3]),
        cpuS: Number(m[4]),
        args: m[5]
      });
    }
  }
  return table;
}

/** The summed CPU seconds of some pids. */
export function cpuSeconds(table, pids) {
  let s = 0;
  for (const pid of pids) {
    s += table.get(pid)?.cpuS ?? 0;
  }
  return s;
}

/** The pids of a process and all its descendants. */
export function treeOf(table, pid) {
  const result = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    if (!table.has(p)) {
      continue;
    }
    result.push(p);
    for (const [child, info] of table) {
      if (info.ppid === p) {
        stack.push(child);
      }
    }
  }
  return result;
}

/** The summed resident set of some pids, in MB. */
export function rssMb(table, pids) {
  let kb = 0;
  for (const pid of pids) {
    kb += table.get(pid)?.rssKb ?? 0;
  }
  return kb / 1024;
}

/** Start JupyterLab with collaboration on 127.0.0.1 only; resolve once up. */
export async function startJupyter({ jupyter, root, port, token, log }) {
  const child = spawn(
    jupyter,
    [
      'lab',
      '--allow-root',
      '--no-browser',
      `--port=${port}`,
      '--ip=127.0.0.1',
      '--ServerApp.port_retries=0',
      `--IdentityProvider.token=${token}`,
      '--LabApp.expose_app_in_browser=True',
      `--ServerApp.root_dir=${root}`
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // Nothing of the user's own Jupyter configuration or workspaces.
        JUPYTER_CONFIG_DIR: `${root}/../jupyter-config`,
        JUPYTERLAB_WORKSPACES_DIR: `${root}/../workspaces`
      }
    }
  );
  child.stdout.on('data', log);
  child.stderr.on('data', log);
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 90000;
  while (Date.now() < until) {
    if (child.exitCode !== null) {
      throw new Error(`jupyter lab exited with ${child.exitCode}`);
    }
    try {
      const res = await fetch(`${base}/api/status`, {
        headers: { Authorization: `token ${token}` }
      });
      if (res.ok) {
        return child;
      }
    } catch {
      // not up yet
    }
    await new Promise(resolve => setTimeout(resolve, 300));
  }
  child.kill('SIGKILL');
  throw new Error('jupyter lab did not answer within 90 s');
}

/** Percentiles of a list of numbers (nearest rank). */
export function percentiles(values) {
  if (values.length === 0) {
    return { count: 0, p50: null, p95: null, max: null };
  }
  const sorted = [...values].sort((a, b) => a - b);
  const at = q =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return {
    count: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    max: sorted[sorted.length - 1]
  };
}
