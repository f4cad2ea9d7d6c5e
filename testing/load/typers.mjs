/**
 * The typing peers' process (testing/load/typers.py) seen from the
 * orchestrator: start it, wait for every typer to sync, stop them, ask for
 * their replicas' digests.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { REPO } from './core.mjs';

export class Typers {
  constructor(options) {
    this.options = options;
    this.synced = new Set();
    this.written = new Map();
    this.digests = new Map();
    this.errors = [];
    this.waiters = [];
  }

  start() {
    const { python, server, notebookPath, count, cellIds, rate } = this.options;
    this.child = spawn(
      python,
      [
        path.join(REPO, 'testing', 'load', 'typers.py'),
        '--server',
        server.baseUrl,
        '--token',
        server.token,
        '--path',
        notebookPath,
        '--count',
        String(count),
        '--cells',
        cellIds.join(','),
        '--rate',
        String(rate)
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] }
    );
    this.child.stderr.on('data', data => {
      this.errors.push(String(data).trim());
    });
    readline.createInterface({ input: this.child.stdout }).on('line', line => {
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        return;
      }
      if (event.event === 'synced') {
        this.synced.add(event.typer);
      } else if (event.event === 'stopped') {
        this.written.set(event.typer, event.written);
      } else if (event.event === 'digest') {
        this.digests.set(event.typer, event.digest);
      } else if (event.event === 'latency') {
        this.latency = event.seen;
      } else if (event.event === 'error') {
        this.errors.push(`typer ${event.typer}: ${event.message}`);
      }
      for (const waiter of this.waiters.splice(0)) {
        waiter();
      }
    });
  }

  get pid() {
    return this.child?.pid;
  }

  async _until(predicate, timeoutMs, what) {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (this.child.exitCode !== null) {
        throw new Error(
          `the typers' process exited (${this.child.exitCode}): ${this.errors.join(' ').slice(-800)}`
        );
      }
      if (Date.now() > until) {
        throw new Error(`typers: ${what} not within ${timeoutMs} ms`);
      }
      await new Promise(resolve => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  whenSynced() {
    return this._until(
      () => this.synced.size === this.options.count,
      60000,
      'all synced'
    );
  }

  /** Stop typing; resolves with the markers each typer wrote. */
  async stop() {
    this.child.stdin.write('stop\n');
    await this._until(
      () => this.written.size === this.options.count,
      30000,
      'all stopped'
    );
    return this.written;
  }

  /** Each typer's replica digest, fresh. */
  async digestsNow() {
    this.digests.clear();
    this.child.stdin.write('digest\n');
    await this._until(
      () => this.digests.size === this.options.count,
      10000,
      'digests'
    );
    return [...this.digests.values()];
  }

  /** Typer 0's (marker time, latency) pairs of the others' markers. */
  async latencies() {
    this.latency = null;
    this.child.stdin.write('latency\n');
    await this._until(() => this.latency !== null, 10000, 'latencies');
    return this.latency;
  }

  async close() {
    if (this.child && this.child.exitCode === null) {
      this.child.stdin.write('quit\n');
      await new Promise(resolve => {
        const timer = setTimeout(() => {
          this.child.kill('SIGKILL');
          resolve();
        }, 5000);
        this.child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
