/**
 * The load test's observer: one more peer of the room that writes nothing.
 * It counts the room's updates, measures update-to-visible latency (each
 * typer's marker carries the time it was written; the observer notes when
 * it sees it), and records every suggestion entry that ever appears in a
 * shared branch, so that at the end each one can be accounted for.
 */
import crypto from 'node:crypto';
import { joinRoom } from './core.mjs';
import { canonical } from './replica.mjs';

/** A typer's marker (testing/load/typers.py): `[t<typer>.<n>@<ms>]`. */
export const TYPER_MARKER = /\[t(\d+)\.(\d+)@(\d+)\]/g;
/** A browser's marker (testing/load/browsers.mjs): `<b<page>.<n>@<ms>>`. */
export const BROWSER_MARKER = /<b(\d+)\.(\d+)@(\d+)>/g;

export class Observer {
  constructor(core, server, notebookPath) {
    this.core = core;
    const Y = core.Y;
    this.doc = new Y.Doc();
    this.connection = joinRoom(core, server, notebookPath, this.doc);
    this.measuring = false;
    this.updates = 0;
    this.updateBytes = 0;
    this.typerLatencies = [];
    this.entryLatencies = [];
    this.entries = new Map();
    // The entry objects already recorded (Y.Array keeps the same object for
    // an entry as long as it is there): a scan costs no hashing then.
    this._recorded = new WeakSet();
    this.doc.on('update', (update, origin) => {
      if (origin === this.connection && this.measuring) {
        this.updates += 1;
        this.updateBytes += update.length;
      }
    });
    this.doc.getArray('cells').observeDeep(events => this._onCells(events));
    this.branches = this.doc.getMap('coauthor:branches');
    this.branches.observeDeep(events => this._onBranches(events));
  }

  whenSynced() {
    return this.connection.whenSynced();
  }

  canonical() {
    return canonical(this.doc);
  }

  _onCells(events) {
    if (!this.measuring) {
      return;
    }
    const now = Date.now();
    for (const event of events) {
      if (!(event.target instanceof this.core.Y.Text)) {
        continue;
      }
      for (const op of event.delta) {
        if (typeof op.insert !== 'string') {
          continue;
        }
        for (const match of op.insert.matchAll(TYPER_MARKER)) {
          this.typerLatencies.push(now - Number(match[3]));
        }
      }
    }
  }

  _onBranches(events) {
    const touched = new Set();
    for (const event of events) {
      if (event.target === this.branches) {
        for (const key of event.keysChanged) {
          touched.add(key);
        }
      } else if (event.path.length > 0) {
        touched.add(String(event.path[0]));
      }
    }
    const now = Date.now();
    for (const branchId of touched) {
      const branch = this.branches.get(branchId);
      const entries = branch?.get('entries');
      if (!entries) {
        continue;
      }
      const author = branch.get('author') ?? {};
      for (const entry of entries.toArray()) {
        if (this._recorded.has(entry)) {
          continue;
        }
        this._recorded.add(entry);
        const key = entryKey(branchId, entry);
        if (this.entries.has(key)) {
          continue;
        }
        this.entries.set(key, {
          branchId,
          author: author.name ?? '?',
          client: entry.client,
          update: entry.update,
          time: entry.time
        });
        if (this.measuring && typeof entry.time === 'number') {
          this.entryLatencies.push(now - entry.time);
        }
      }
    }
  }

  /**
   * Where each recorded entry is now: still in its branch (`pending`), in
   * the notebook (`accepted`: every operation of it integrated), rejected
   * (its chain in the branch's `rejected` list, and none of its
   * operations in the notebook), or `lost` (none of these). A chain that was
   * accepted and, concurrently, rejected by another peer counts as
   * accepted (the notebook has it) and is reported apart.
   */
  accountEntries() {
    const Y = this.core.Y;
    const stateVector = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    const deleted = Y.snapshot(this.doc).ds;
    const counts = {
      total: 0,
      pending: 0,
      accepted: 0,
      rejected: 0,
      acceptedAndRejected: 0,
      lost: 0
    };
    const lost = [];
    const byAuthor = {};
    for (const [key, entry] of this.entries) {
      counts.total += 1;
      const branch = this.branches.get(entry.branchId);
      const current = branch?.get('entries')?.toArray() ?? [];
      const rejected = new Set(branch?.get('rejected')?.toArray() ?? []);
      const applied = inDocument(Y, entry.update, stateVector, deleted);
      let where;
      if (current.some(e => entryKey(entry.branchId, e) === key)) {
        where = 'pending';
      } else if (applied && rejected.has(entry.client)) {
        where = 'acceptedAndRejected';
      } else if (applied) {
        where = 'accepted';
      } else if (rejected.has(entry.client)) {
        where = 'rejected';
      } else {
        where = 'lost';
        lost.push(`${entry.author} ${key}`);
      }
      counts[where] += 1;
      byAuthor[entry.author] ??= {};
      byAuthor[entry.author][where] = (byAuthor[entry.author][where] ?? 0) + 1;
    }
    return { counts, byAuthor, lost: lost.slice(0, 10) };
  }

  async close() {
    await this.connection.close(200);
  }
}

export function entryKey(branchId, entry) {
  const hash = crypto
    .createHash('sha1')
    .update(entry.update ?? new Uint8Array())
    .digest('base64');
  return `${branchId}|${entry.client}|${hash}`;
}

/**
 * Whether every operation of an update is in a document: each inserted
 * struct under its state vector, each deletion in its delete set.
 */
function inDocument(Y, update, stateVector, deleteSet) {
  const meta = Y.parseUpdateMeta(update);
  let any = false;
  for (const [client, clock] of meta.to) {
    if (clock > (meta.from.get(client) ?? 0)) {
      any = true;
      if ((stateVector.get(client) ?? 0) < clock) {
        return false;
      }
    }
  }
  const { ds } = Y.decodeUpdate(update);
  for (const [client, items] of ds.clients) {
    for (const item of items) {
      any = true;
      for (let clock = item.clock; clock < item.clock + item.len; clock++) {
        if (!Y.isDeleted(deleteSet, Y.createID(client, clock))) {
          return false;
        }
      }
    }
  }
  return any;
}
