import { YNotebook } from '@jupyter/ydoc';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { IRoomSocket } from '../connection';
import {
  applyAwareness,
  decodeMessage,
  syncStep1,
  syncStep2,
  updateMessage
} from '../protocol';

/**
 * An in-process collaboration room for the specs: it speaks the messages of
 * pycrdt-websocket's `YRoom` (jupyter-collaboration's server) in the same
 * order — its sync step 1 first, step 2 in reply to a client's step 1, live
 * updates and awareness broadcast to every other client — over in-memory
 * sockets that deliver asynchronously, as a network does.
 *
 * `restart({ store })` drops every socket; with `store: false` the new room
 * loads the "file" (the notebook's JSON) into a new document, as a server
 * restarted without a store does: the same cells, new Yjs item ids.
 */
export class MemoryRoom {
  constructor(file: Record<string, unknown>) {
    this._file = file;
    MemoryRoom.rooms.push(this);
    this.notebook = MemoryRoom.load(file);
    this.awareness = new Awareness(this.notebook.ydoc);
    this.awareness.setLocalState(null);
    this._listen();
  }

  /** The server's document. */
  notebook: YNotebook;

  /** The server's awareness. */
  awareness: Awareness;

  /** Whether the room accepts connections. */
  up = true;

  /** How many connections were refused while down. */
  refused = 0;

  /** How many sockets were opened. */
  opened = 0;

  /** A client socket to this room, open on the next tick. */
  connect(): MemorySocket {
    if (!this.up) {
      this.refused += 1;
      throw new Error('connection refused');
    }
    this.opened += 1;
    const socket = new MemorySocket(this);
    this._clients.add(socket);
    setTimeout(() => {
      socket.readyState = 1;
      socket.onopen?.({});
      this.send(socket, syncStep1(this.notebook.ydoc));
    }, 0);
    return socket;
  }

  /** Deliver a frame to a client (asynchronously). */
  send(socket: MemorySocket, data: Uint8Array): void {
    const copy = data.slice();
    setTimeout(() => {
      if (socket.readyState === 1) {
        socket.onmessage?.({ data: copy.buffer });
      }
    }, 0);
  }

  /** A frame from a client. */
  receive(from: MemorySocket, data: Uint8Array): void {
    const message = decodeMessage(data);
    switch (message.type) {
      case 'syncStep1':
        this.send(from, syncStep2(this.notebook.ydoc, message.stateVector));
        return;
      case 'syncStep2':
      case 'update':
        Y.applyUpdate(this.notebook.ydoc, message.update, from);
        return;
      case 'awareness':
        applyAwareness(this.awareness, message.update, from);
        for (const client of this._clients) {
          if (client !== from) {
            this.send(client, data);
          }
        }
        return;
      default:
        return;
    }
  }

  /** A client went away. */
  drop(socket: MemorySocket, code = 1006): void {
    if (!this._clients.delete(socket)) {
      return;
    }
    socket.readyState = 3;
    setTimeout(() => socket.onclose?.({ code, reason: '' }), 0);
  }

  /**
   * Stop (every socket closes), then start again: with the same document
   * (`store: true`, as a server with a store that matches the file), or a
   * new one loaded from `file` (default: what the old room holds, as if it
   * had just been saved).
   */
  restart(options: { store: boolean; file?: Record<string, unknown> }): void {
    for (const socket of [...this._clients]) {
      this.drop(socket);
    }
    if (!options.store) {
      this.notebook.ydoc.off('update', this._onUpdate);
      this.awareness.destroy();
      this._file = options.file ?? this.notebook.toJSON();
      this.notebook = MemoryRoom.load(this._file);
      this.awareness = new Awareness(this.notebook.ydoc);
      this.awareness.setLocalState(null);
      this._listen();
    } else {
      // Presence does not survive a restart, even with a store.
      this.awareness.destroy();
      this.awareness = new Awareness(this.notebook.ydoc);
      this.awareness.setLocalState(null);
    }
  }

  /** Stop: close every socket, free the documents. */
  dispose(): void {
    for (const socket of [...this._clients]) {
      this.drop(socket);
    }
    this.awareness.destroy();
    this.notebook.dispose();
  }

  /** The awareness states of the room, as the server holds them. */
  states(): Map<number, Record<string, any>> {
    return this.awareness.getStates() as Map<number, Record<string, any>>;
  }

  private _listen(): void {
    this.notebook.ydoc.on('update', this._onUpdate);
  }

  private _onUpdate = (update: Uint8Array, origin: unknown): void => {
    for (const client of this._clients) {
      if (client !== origin) {
        this.send(client, updateMessage(update));
      }
    }
  };

  private _clients = new Set<MemorySocket>();
  private _file: Record<string, unknown>;
}

export namespace MemoryRoom {
  /** A notebook document loaded from a file, by a fresh peer. */
  export function load(file: Record<string, unknown>): YNotebook {
    const notebook = YNotebook.create({
      disableDocumentWideUndoRedo: true,
      data: file as any
    });
    opened.push(notebook);
    return notebook;
  }

  /**
   * @jupyter/ydoc reads a new cell's Y types before they join a document,
   * and lib0 warns each time: noise for these specs, not a finding. Call in
   * `beforeAll` (jest restores nothing itself; the spy ends with the file).
   */
  export function quietYdocWarnings(): void {
    const warn = console.warn;
    jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      if (!/Invalid access|Not same Y\.Doc/.test(String(args[0]))) {
        warn(...args);
      }
    });
  }

  /** Every notebook made here or by `track`, to dispose after each test. */
  export const opened: YNotebook[] = [];

  /** Every room made, to dispose after each test. */
  export const rooms: MemoryRoom[] = [];

  /** Dispose the rooms and notebooks made since the last call. */
  export function disposeAll(): void {
    for (const room of rooms.splice(0)) {
      room.awareness.destroy();
    }
    for (const notebook of opened.splice(0)) {
      notebook.dispose();
    }
  }

  /** A small notebook file. */
  export function file(sources: string[]): Record<string, unknown> {
    return {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: sources.map((source, i) => ({
        cell_type: 'code',
        id: `cell-${i}`,
        source,
        metadata: {},
        outputs: [],
        execution_count: null
      }))
    };
  }
}

/** The client end of an in-memory socket. */
export class MemorySocket implements IRoomSocket {
  constructor(private _room: MemoryRoom) {}
  binaryType = 'arraybuffer';
  readyState = 0;
  bufferedAmount = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  send(data: Uint8Array): void {
    if (this.readyState !== 1) {
      throw new Error('not open');
    }
    const copy = data.slice();
    setTimeout(() => this._room.receive(this, copy), 0);
  }
  close(code = 1000): void {
    this._room.drop(this, code);
  }
}
