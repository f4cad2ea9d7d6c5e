import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate
} from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * The messages of a collaboration room, as y-websocket frames them and
 * jupyter-collaboration's server (pycrdt-websocket's `YRoom`) reads them:
 * a varuint message type, then its body.
 *
 * - `sync` (0): a y-protocols sync message (step 1: a state vector; step 2:
 *   the update the other side lacks; update: a live change).
 * - `awareness` (1): an awareness update (presence: names, cursors).
 * - `raw` (2): jupyter-collaboration's own requests and replies as a string
 *   (`save` and its JSON reply); y-websocket calls this type `auth`.
 * - `queryAwareness` (3): a request to send every awareness state we hold.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  raw: 2,
  queryAwareness: 3
} as const;

/** One decoded message of a room. */
export type RoomMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'syncStep2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'raw'; body: string }
  | { type: 'queryAwareness' }
  | { type: 'unknown'; code: number };

/**
 * Decode one frame. Throws on a malformed frame (a truncated varint).
 */
export function decodeMessage(data: Uint8Array): RoomMessage {
  const decoder = decoding.createDecoder(data);
  const code = decoding.readVarUint(decoder);
  switch (code) {
    case MessageType.sync: {
      const kind = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (kind === syncProtocol.messageYjsSyncStep1) {
        return { type: 'syncStep1', stateVector: payload };
      }
      if (kind === syncProtocol.messageYjsSyncStep2) {
        return { type: 'syncStep2', update: payload };
      }
      if (kind === syncProtocol.messageYjsUpdate) {
        return { type: 'update', update: payload };
      }
      return { type: 'unknown', code };
    }
    case MessageType.awareness:
      return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
    case MessageType.raw:
      return { type: 'raw', body: decoding.readVarString(decoder) };
    case MessageType.queryAwareness:
      return { type: 'queryAwareness' };
    default:
      return { type: 'unknown', code };
  }
}

/** Sync step 1: our state vector, asking for what we lack. */
export function syncStep1(doc: Y.Doc): Uint8Array {
  return frame(MessageType.sync, encoder =>
    syncProtocol.writeSyncStep1(encoder, doc)
  );
}

/** Sync step 2: what the other side lacks, given its state vector. */
export function syncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  return frame(MessageType.sync, encoder =>
    syncProtocol.writeSyncStep2(encoder, doc, stateVector)
  );
}

/** A live document update. */
export function updateMessage(update: Uint8Array): Uint8Array {
  return frame(MessageType.sync, encoder =>
    syncProtocol.writeUpdate(encoder, update)
  );
}

/** The awareness states of `clients`. */
export function awarenessMessage(
  awareness: Awareness,
  clients: number[]
): Uint8Array {
  return frame(MessageType.awareness, encoder =>
    encoding.writeVarUint8Array(
      encoder,
      encodeAwarenessUpdate(awareness, clients)
    )
  );
}

/** A request for every awareness state the other side holds. */
export function queryAwarenessMessage(): Uint8Array {
  return frame(MessageType.queryAwareness, () => undefined);
}

/**
 * jupyter-collaboration's request to save the document now, numbered so
 * that its reply (`{"type":"save","responseTo":id,"status":...}`) can be
 * told apart (docprovider/src/yprovider.ts, `save`).
 */
export function saveMessage(id: number): Uint8Array {
  return frame(MessageType.raw, encoder => {
    encoding.writeVarString(encoder, 'save');
    encoding.writeVarUint(encoder, id);
  });
}

/** Apply an awareness message's update. */
export function applyAwareness(
  awareness: Awareness,
  update: Uint8Array,
  origin: unknown
): void {
  applyAwarenessUpdate(awareness, update, origin);
}

/**
 * Whether a room whose state vector is `remote` still holds everything that
 * `doc` received from others, i.e. whether merging `doc` into it is safe.
 *
 * A room that lost history (a server restarted without a store loads the
 * file anew: the same cells, with new Yjs item ids) lacks other clients'
 * items that `doc` has. Merging would send all of those again as new items:
 * every cell twice. Only `own` clients (the ones this process writes with)
 * may be ahead of the room: that is offline work, which merging delivers.
 */
export function roomHoldsHistory(
  doc: Y.Doc,
  remote: Uint8Array,
  own: Iterable<number>
): boolean {
  const ours = Y.decodeStateVector(Y.encodeStateVector(doc));
  const theirs = Y.decodeStateVector(remote);
  const mine = new Set(own);
  for (const [client, clock] of ours) {
    if (!mine.has(client) && (theirs.get(client) ?? 0) < clock) {
      return false;
    }
  }
  return true;
}

function frame(
  type: number,
  write: (encoder: encoding.Encoder) => void
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}
