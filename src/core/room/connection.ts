import { ISignal, Signal } from '@lumino/signaling';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  applyAwareness,
  awarenessMessage,
  decodeMessage,
  RoomMessage,
  roomHoldsHistory,
  saveMessage,
  syncStep1,
  syncStep2,
  updateMessage
} from './protocol';

/**
 * What the connection needs of a WebSocket: the global `WebSocket` of
 * browsers and of Node 22 (Node 20 with `--experimental-websocket`) has
 * this shape; tests pass an in-memory one.
 */
export interface IRoomSocket {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount?: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/**
 * One peer's connection to a collaboration room: a Y.Doc and an awareness
 * kept in sync with the room over a socket, as y-websocket does it for
 * JupyterLab, with two differences that a long-running agent needs:
 *
 * - **It reconnects** with exponential backoff (0.5 s doubling to 10 s, with
 *   jitter) after a dropped connection or a server restart, asking for a new
 *   socket (and so a new session) each time. What it wrote meanwhile goes
 *   out in its sync step 2, computed from the room's state vector: nothing
 *   is sent twice.
 * - **It does not merge into a room that lost history.** A server restarted
 *   without a store loads the file anew: the same cells, with new item ids.
 *   Merging the old replica into it would add every cell again. The
 *   connection waits for the room's state vector (its sync step 1, which
 *   pycrdt-websocket's `YRoom` sends first) before it sends or applies
 *   anything; if the room lacks what this doc received from others, the
 *   connection ends with status `reset`, and the owner rejoins with a new
 *   doc (see `HeadlessAgent`).
 */
export class RoomConnection {
  /**
   * Start connecting at once.
   */
  constructor(options: RoomConnection.IOptions) {
    this.doc = options.doc;
    this.awareness = options.awareness;
    this._open = options.open;
    this._own = options.ownClients ?? (() => [this.doc.clientID]);
    this._minDelay = options.minDelayMs ?? 500;
    this._maxDelay = options.maxDelayMs ?? 10000;
    this._handshakeWait = options.handshakeWaitMs ?? 3000;
    this._log = options.log ?? (() => undefined);
    this.doc.on('update', this._onDocUpdate);
    this.awareness.on('update', this._onAwarenessUpdate);
    void this._connect();
  }

  /** The document kept in sync with the room. */
  readonly doc: Y.Doc;

  /** The awareness kept in sync with the room's. */
  readonly awareness: Awareness;

  /** Where the connection is. */
  get status(): RoomConnection.Status {
    return this._status;
  }

  /** Emitted when `status` changes. */
  get statusChanged(): ISignal<RoomConnection, RoomConnection.Status> {
    return this._statusChanged;
  }

  /** Emitted with the body of each raw (type 2) message of the room. */
  get rawMessage(): ISignal<RoomConnection, string> {
    return this._rawMessage;
  }

  /** How many times the connection has synced (1 after the first join). */
  get syncCount(): number {
    return this._syncCount;
  }

  /**
   * Resolve when the connection is synced (now, if it is); reject when it
   * ends (`reset` or `closed`) first.
   */
  whenSynced(): Promise<void> {
    if (this._status === 'synced') {
      return Promise.resolve();
    }
    if (this._status === 'reset' || this._status === 'closed') {
      return Promise.reject(
        new Error(`The room connection is ${this._status}.`)
      );
    }
    return new Promise((resolve, reject) => {
      const on = (_: RoomConnection, status: RoomConnection.Status) => {
        if (status === 'synced') {
          this._statusChanged.disconnect(on);
          resolve();
        } else if (status === 'reset' || status === 'closed') {
          this._statusChanged.disconnect(on);
          reject(new Error(`The room connection is ${status}.`));
        }
      };
      this._statusChanged.connect(on);
    });
  }

  /**
   * Ask the server to write the document to disk now (jupyter-collaboration's
   * raw `save` message; it autosaves a second after each change anyway).
   * Resolves with its status: 'success', 'skipped' (a save was under way),
   * 'failed', or 'timeout'/'offline' when no answer can come.
   */
  requestSave(timeoutMs = 5000): Promise<string> {
    const socket = this._socket;
    if (!socket || !this._handshakeDone) {
      return Promise.resolve('offline');
    }
    const id = ++this._saveId;
    return new Promise(resolve => {
      const done = (status: string) => {
        clearTimeout(timer);
        this._rawMessage.disconnect(onRaw);
        resolve(status);
      };
      const onRaw = (_: RoomConnection, body: string) => {
        try {
          const reply = JSON.parse(body);
          if (reply?.type === 'save' && reply.responseTo === id) {
            done(String(reply.status));
          }
        } catch {
          // Not a JSON reply: not ours.
        }
      };
      const timer = setTimeout(() => done('timeout'), timeoutMs);
      this._rawMessage.connect(onRaw);
      this._send(saveMessage(id));
    });
  }

  /**
   * Leave the room: give what is queued (e.g. the removal of our presence)
   * up to `drainMs` to go out, then close the socket and stop reconnecting.
   */
  async close(drainMs = 1000): Promise<void> {
    if (this._status === 'closed') {
      return;
    }
    const socket = this._socket;
    this._end('closed');
    if (socket && socket.readyState === Private.OPEN) {
      const until = Date.now() + drainMs;
      while ((socket.bufferedAmount ?? 0) > 0 && Date.now() < until) {
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      socket.close(1000, 'left');
    }
  }

  private async _connect(): Promise<void> {
    if (this._ended) {
      return;
    }
    this._setStatus('connecting');
    let socket: IRoomSocket;
    try {
      socket = await this._open();
    } catch (error) {
      this._log(`cannot open the room: ${Private.message(error)}`);
      this._setStatus('offline');
      this._scheduleReconnect();
      return;
    }
    if (this._ended) {
      socket.close(1000, 'left');
      return;
    }
    this._socket = socket;
    this._handshakeDone = false;
    this._pending = [];
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      this._setStatus('syncing');
      this._handshakeTimer = setTimeout(() => {
        // A server that does not open with its step 1: merge without the
        // check rather than never join.
        this._log('the room sent no state vector; joining without the check');
        this._handshake(null);
      }, this._handshakeWait);
    };
    socket.onmessage = event => {
      if (socket !== this._socket) {
        return;
      }
      let message: RoomMessage;
      try {
        message = decodeMessage(Private.bytes(event.data));
      } catch (error) {
        this._log(`ignored a malformed message: ${Private.message(error)}`);
        return;
      }
      this._onMessage(message);
    };
    socket.onerror = () => undefined;
    socket.onclose = event => {
      if (socket !== this._socket) {
        return;
      }
      this._socket = null;
      this._clearHandshakeTimer();
      this._dropRemotePresence();
      if (this._ended) {
        return;
      }
      this._log(
        `the room connection closed (${event.code}${
          event.reason ? ` ${event.reason}` : ''
        }); reconnecting`
      );
      this._setStatus('offline');
      this._scheduleReconnect();
    };
  }

  private _onMessage(message: RoomMessage): void {
    switch (message.type) {
      case 'syncStep1':
        if (!this._handshakeDone) {
          this._handshake(message.stateVector);
        } else {
          this._send(syncStep2(this.doc, message.stateVector));
        }
        return;
      case 'syncStep2':
      case 'update':
        if (!this._handshakeDone) {
          // Not before we know the room holds our history (see the class).
          this._pending.push(message);
          return;
        }
        Y.applyUpdate(this.doc, message.update, this);
        if (message.type === 'syncStep2') {
          this._syncCount += 1;
          this._attempt = 0;
          this._setStatus('synced');
        }
        return;
      case 'awareness':
        applyAwareness(this.awareness, message.update, this);
        return;
      case 'queryAwareness':
        this._sendOwnPresence();
        return;
      case 'raw':
        this._rawMessage.emit(message.body);
        return;
      default:
        return;
    }
  }

  /**
   * The room's state vector arrived (or none will): check it, then send our
   * step 1 (what we lack), our step 2 (what it lacks), and our presence.
   */
  private _handshake(stateVector: Uint8Array | null): void {
    this._clearHandshakeTimer();
    if (this._handshakeDone || !this._socket) {
      return;
    }
    if (stateVector && !roomHoldsHistory(this.doc, stateVector, this._own())) {
      this._log(
        'the room was reloaded from the file; rejoining with a new document'
      );
      const socket = this._socket;
      this._end('reset');
      socket.close(1000, 'reset');
      return;
    }
    this._handshakeDone = true;
    this._send(syncStep1(this.doc));
    this._send(syncStep2(this.doc, stateVector ?? undefined));
    this._sendOwnPresence();
    const pending = this._pending;
    this._pending = [];
    for (const message of pending) {
      this._onMessage(message);
    }
  }

  private _sendOwnPresence(): void {
    const states = this.awareness.getStates();
    const own = [...new Set(this._own())].filter(id => states.has(id));
    if (own.length) {
      this._send(awarenessMessage(this.awareness, own));
    }
  }

  /**
   * Others' presence is only known while connected: drop it on a close, as
   * y-websocket does, so that nobody lingers until their timeout.
   */
  private _dropRemotePresence(): void {
    const own = new Set(this._own());
    const others = [...this.awareness.getStates().keys()].filter(
      id => !own.has(id) && id !== this.awareness.clientID
    );
    if (others.length) {
      removeAwarenessStates(this.awareness, others, this);
    }
  }

  private _scheduleReconnect(): void {
    if (this._ended || this._timer) {
      return;
    }
    const base = Math.min(this._maxDelay, this._minDelay * 2 ** this._attempt);
    const delay = base / 2 + Math.random() * (base / 2);
    this._attempt += 1;
    this._timer = setTimeout(() => {
      this._timer = null;
      void this._connect();
    }, delay);
  }

  private _send(data: Uint8Array): void {
    const socket = this._socket;
    if (socket && socket.readyState === Private.OPEN) {
      socket.send(data);
    }
  }

  private _onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    // Before the handshake, local updates wait for our step 2.
    if (origin !== this && this._handshakeDone) {
      this._send(updateMessage(update));
    }
  };

  private _onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown
  ): void => {
    if (origin === this || !this._handshakeDone) {
      return;
    }
    const clients = [...change.added, ...change.updated, ...change.removed];
    if (clients.length) {
      this._send(awarenessMessage(this.awareness, clients));
    }
  };

  private _end(status: 'reset' | 'closed'): void {
    this._ended = true;
    this._handshakeDone = false;
    this._clearHandshakeTimer();
    if (this._timer) {
      clearTimeout(this._timer);
      this._timer = null;
    }
    this.doc.off('update', this._onDocUpdate);
    this.awareness.off('update', this._onAwarenessUpdate);
    this._socket = null;
    this._dropRemotePresence();
    this._setStatus(status);
  }

  private _clearHandshakeTimer(): void {
    if (this._handshakeTimer) {
      clearTimeout(this._handshakeTimer);
      this._handshakeTimer = null;
    }
  }

  private _setStatus(status: RoomConnection.Status): void {
    if (this._status !== status) {
      this._status = status;
      this._statusChanged.emit(status);
    }
  }

  private _open: () => Promise<IRoomSocket>;
  private _own: () => Iterable<number>;
  private _minDelay: number;
  private _maxDelay: number;
  private _handshakeWait: number;
  private _log: (line: string) => void;
  private _socket: IRoomSocket | null = null;
  private _status: RoomConnection.Status = 'connecting';
  private _ended = false;
  private _handshakeDone = false;
  private _pending: RoomMessage[] = [];
  private _attempt = 0;
  private _saveId = 0;
  private _syncCount = 0;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _handshakeTimer: ReturnType<typeof setTimeout> | null = null;
  private _statusChanged = new Signal<RoomConnection, RoomConnection.Status>(
    this
  );
  private _rawMessage = new Signal<RoomConnection, string>(this);
}

/**
 * The namespace of `RoomConnection`.
 */
export namespace RoomConnection {
  /**
   * Where a connection is.
   * - `connecting`: asking for a session and opening a socket.
   * - `syncing`: open, exchanging state vectors.
   * - `synced`: in sync; live updates flow both ways.
   * - `offline`: the socket closed, or could not open; a reconnect is
   *   scheduled.
   * - `reset`: the room lost this doc's history; the connection ended and
   *   the owner must rejoin with a new doc.
   * - `closed`: `close()` was called.
   */
  export type Status =
    'connecting' | 'syncing' | 'synced' | 'offline' | 'reset' | 'closed';

  /** The options of a room connection. */
  export interface IOptions {
    /** The document to keep in sync. */
    doc: Y.Doc;
    /** The awareness to keep in sync (usually the document's). */
    awareness: Awareness;
    /**
     * Open a new socket to the room: ask the server for a session first,
     * each time (a restarted server has a new session id).
     */
    open: () => Promise<IRoomSocket>;
    /**
     * The Yjs client ids this process writes with (the doc's own by
     * default): they may be ahead of the room, and their awareness states
     * are ours to send.
     */
    ownClients?: () => Iterable<number>;
    /** The first reconnect delay (ms, default 500). */
    minDelayMs?: number;
    /** The longest reconnect delay (ms, default 10000). */
    maxDelayMs?: number;
    /** How long to wait for the room's step 1 after opening (ms, 3000). */
    handshakeWaitMs?: number;
    /** Where to log what happens (never with secrets). */
    log?: (line: string) => void;
  }
}

namespace Private {
  /** `WebSocket.OPEN`. */
  export const OPEN = 1;

  /** The bytes of a message event's data. */
  export function bytes(data: unknown): Uint8Array {
    if (data instanceof Uint8Array) {
      return data;
    }
    if (data instanceof ArrayBuffer) {
      return new Uint8Array(data);
    }
    if (ArrayBuffer.isView(data)) {
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    }
    throw new Error('a non-binary message');
  }

  /** An error's message. */
  export function message(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }
}
