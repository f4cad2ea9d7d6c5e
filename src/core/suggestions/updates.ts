import * as Y from 'yjs';

/**
 * The client ids an update refers to, other than its own operations: the
 * clients of the items its new items are attached to (left and right
 * origins, parents) and of the items it deletes. Accepting an update whose
 * references are not in the notebook would leave it pending in Yjs, so
 * accepting (and rejecting) works on closures over these references.
 */
export function referencedClients(update: Uint8Array): Set<number> {
  const known = referenceCache.get(update);
  if (known) {
    return known;
  }
  const out = new Set<number>();
  referenceCache.set(update, out);
  const decoded = Y.decodeUpdate(update);
  for (const struct of decoded.structs) {
    const item = struct as any;
    for (const ref of [item.origin, item.rightOrigin, item.parent]) {
      if (ref && typeof ref === 'object' && typeof ref.client === 'number') {
        out.add(ref.client);
      }
    }
  }
  decoded.ds.clients.forEach((_ranges, client) => out.add(client));
  return out;
}

/** Updates are immutable: their references are decoded once. */
const referenceCache = new WeakMap<Uint8Array, Set<number>>();

/**
 * The clients of some entries that build on given clients, directly or
 * through others, together with the given ones: what has to go when those
 * are dropped, or Yjs would keep the rest pending.
 */
export function withDependents(
  clients: ReadonlySet<number>,
  entries: readonly { client: number; update: Uint8Array }[]
): Set<number> {
  const out = new Set(clients);
  let grew = out.size > 0;
  while (grew) {
    grew = false;
    for (const entry of entries) {
      if (out.has(entry.client)) {
        continue;
      }
      for (const ref of referencedClients(entry.update)) {
        if (out.has(ref)) {
          out.add(entry.client);
          grew = true;
          break;
        }
      }
    }
  }
  return out;
}

/** A run of deleted Yjs ids: client, first clock, length. */
export type DeletedRun = [client: number, clock: number, len: number];

/** What an update deletes (its delete set), decoded once per update. */
export function deletedRuns(update: Uint8Array): DeletedRun[] {
  const known = deletedCache.get(update);
  if (known) {
    return known;
  }
  const out: DeletedRun[] = [];
  Y.decodeUpdate(update).ds.clients.forEach((runs, client) => {
    for (const run of runs) {
      out.push([client, run.clock, run.len]);
    }
  });
  deletedCache.set(update, out);
  return out;
}

const deletedCache = new WeakMap<Uint8Array, DeletedRun[]>();

/** The client ids whose operations an update carries. */
export function ownClients(update: Uint8Array): Set<number> {
  const out = new Set<number>();
  for (const struct of Y.decodeUpdate(update).structs) {
    out.add(struct.id.client);
  }
  return out;
}

/** A fresh random client id, as Yjs makes them (uint32). */
export function freshClientId(): number {
  return Math.floor(Math.random() * 0xffffffff) >>> 0;
}

/**
 * The neighbours an update's new items were inserted between (their left
 * and right origins), decoded once per update: where in the text they were
 * typed.
 */
export function insertionAnchors(update: Uint8Array): Y.ID[] {
  const known = anchorCache.get(update);
  if (known) {
    return known;
  }
  const out: Y.ID[] = [];
  for (const struct of Y.decodeUpdate(update).structs) {
    if (struct instanceof Y.Item) {
      if (struct.origin) {
        out.push(struct.origin);
      }
      if (struct.rightOrigin) {
        out.push(struct.rightOrigin);
      }
    }
  }
  anchorCache.set(update, out);
  return out;
}

const anchorCache = new WeakMap<Uint8Array, Y.ID[]>();
