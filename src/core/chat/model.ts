/*
 * Over 500 lines: one class, the shared conversation as Y types with its
 * save and restore, which share its state; about 140 lines are its
 * namespace's options and doc comments.
 */
import type { YNotebook } from '@jupyter/ydoc';
import { ISignal, Signal } from '@lumino/signaling';
import * as Y from 'yjs';
import { readCoauthorSection, writeCoauthorSection } from '../metadata';
import type {
  ChatStatus,
  IChatAttachment,
  IChatAuthor,
  IChatMessage,
  IChatMessageInit,
  IChatSection,
  IChatToolCall,
  IToolEdit,
  ReasoningSource
} from './types';

/**
 * The name of the root-level type, in the notebook's own Y.Doc, that holds
 * the conversation: a `Y.Array` of `Y.Map` messages. It is a public
 * contract between versions and peers; change it only on purpose.
 */
export const CHAT_ROOT = 'coauthor:chat';

/**
 * The section of `metadata.coauthor` that the conversation is saved in.
 */
export const CHAT_SECTION = 'chat';

/**
 * The version of the saved chat section's format.
 */
export const CHAT_SECTION_VERSION = 1;

/**
 * The conversation of one notebook, shared live with collaborators through
 * the notebook's own shared document and saved with the notebook.
 *
 * Each message is a `Y.Map` with `id`, `role`, `author`, `time`, `status`
 * and a `Y.Text` `body`; an assistant message that reasoned also has a
 * `Y.Text` `reasoning` (with `reasoningSource` and `reasoningMs`). Streaming
 * appends to them with inserts, so a collaborator receives each token as a
 * small update instead of the whole message again.
 */
export class ChatModel {
  /**
   * Create the model of a notebook's conversation. It restores the saved
   * conversation from the notebook's metadata when the shared document has
   * none yet (now, or when the metadata arrives later).
   */
  constructor(options: ChatModel.IOptions) {
    this._notebook = options.notebook;
    this._save = options.save ?? true;
    this._saveDelay = options.saveDelay ?? 1000;
    this._array = this._notebook.ydoc.getArray<Y.Map<unknown>>(CHAT_ROOT);
    this._array.observeDeep(this._onDeepChange);
    this._notebook.metadataChanged.connect(this._onMetadataChanged, this);
    this._restore();
  }

  /**
   * Emitted when the conversation changes: with a message id when only that
   * message changed (its body grew, its status changed), with null when
   * messages were added or removed.
   */
  get changed(): ISignal<ChatModel, string | null> {
    return this._changed;
  }

  /** The notebook the conversation belongs to. */
  get notebook(): YNotebook {
    return this._notebook;
  }

  /** The shared array of messages (for tests and measurements). */
  get yarray(): Y.Array<Y.Map<unknown>> {
    return this._array;
  }

  /**
   * Whether the conversation is written into the notebook's metadata (and
   * so into the file). Turning it off stops writing; what is already saved
   * stays until the next save with saving on.
   */
  get save(): boolean {
    return this._save;
  }
  set save(value: boolean) {
    this._save = value;
    if (value) {
      this._scheduleSave();
    } else {
      this._cancelSave();
    }
  }

  /** Whether the model is disposed. */
  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The messages, oldest first, as plain snapshots. */
  get messages(): IChatMessage[] {
    return this._array.toArray().map(Private.snapshot);
  }

  /** The number of messages. */
  get length(): number {
    return this._array.length;
  }

  /** The snapshot of one message, or undefined. */
  getMessage(id: string): IChatMessage | undefined {
    const map = this._find(id);
    return map ? Private.snapshot(map) : undefined;
  }

  /**
   * Append a message and return its id.
   */
  addMessage(init: IChatMessageInit): string {
    const map = Private.createMessage(init);
    this._notebook.ydoc.transact(() => {
      this._array.push([map]);
    }, ChatModel.localOrigin);
    return map.get('id') as string;
  }

  /**
   * Append text to a message's body: one `Y.Text` insert at its end, which
   * is what a streamed token costs in the shared document.
   */
  appendText(id: string, text: string): void {
    if (!text) {
      return;
    }
    const body = this._find(id)?.get('body');
    if (body instanceof Y.Text) {
      this._notebook.ydoc.transact(() => {
        body.insert(body.length, text);
      }, ChatModel.localOrigin);
    }
  }

  /**
   * Append to a message's reasoning (created on the first piece, with where
   * it came from): one `Y.Text` insert, as for the body.
   */
  appendReasoning(id: string, text: string, source: ReasoningSource): void {
    const map = this._find(id);
    if (!text || !map) {
      return;
    }
    this._notebook.ydoc.transact(() => {
      let reasoning = map.get('reasoning');
      if (!(reasoning instanceof Y.Text)) {
        reasoning = new Y.Text();
        map.set('reasoning', reasoning);
      }
      if (map.get('reasoningSource') !== source) {
        map.set('reasoningSource', source);
      }
      (reasoning as Y.Text).insert((reasoning as Y.Text).length, text);
    }, ChatModel.localOrigin);
  }

  /** Set how long a message's model reasoned, in ms. */
  setReasoningTime(id: string, ms: number): void {
    this._set(id, 'reasoningMs', Math.max(0, Math.round(ms)));
  }

  /**
   * Replace a message's body, e.g. once a tool call the model wrote as text
   * has been taken out of it. Only the part that differs is rewritten.
   */
  setBody(id: string, text: string): void {
    const body = this._find(id)?.get('body');
    if (!(body instanceof Y.Text)) {
      return;
    }
    const current = body.toString();
    if (current === text) {
      return;
    }
    let start = 0;
    while (
      start < current.length &&
      start < text.length &&
      current[start] === text[start]
    ) {
      start++;
    }
    this._notebook.ydoc.transact(() => {
      body.delete(start, current.length - start);
      body.insert(start, text.slice(start));
    }, ChatModel.localOrigin);
  }

  /** Set a message's status. */
  setStatus(id: string, status: ChatStatus): void {
    this._set(id, 'status', status);
  }

  /** Set the tool calls of an assistant message. */
  setToolCalls(id: string, calls: IChatToolCall[]): void {
    this._set(
      id,
      'toolCalls',
      calls.map(call => ({ ...call }))
    );
  }

  /** Remove every message (for everyone), and the saved copy. */
  clear(): void {
    this._notebook.ydoc.transact(() => {
      this._array.delete(0, this._array.length);
    }, ChatModel.localOrigin);
  }

  /**
   * Write the conversation into the notebook's metadata now, unless saving
   * is off. A message that is still streaming is saved with what it has,
   * marked stopped, since no one would finish it after a reload.
   */
  flush(): void {
    this._cancelSave();
    if (!this._save || this._isDisposed) {
      return;
    }
    const messages = this.messages.map(message =>
      message.status === 'streaming'
        ? { ...message, status: 'stopped' as const }
        : message
    );
    const current = readCoauthorSection<IChatSection>(
      this._notebook,
      CHAT_SECTION
    );
    if (messages.length === 0 && current === undefined) {
      return;
    }
    const section: IChatSection | undefined = messages.length
      ? { version: CHAT_SECTION_VERSION, messages }
      : undefined;
    this._notebook.ydoc.transact(() => {
      writeCoauthorSection(this._notebook, CHAT_SECTION, section);
    }, ChatModel.saveOrigin);
  }

  /** Stop observing the notebook (a pending save is written first). */
  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    if (this._saveTimer !== null) {
      this.flush();
    }
    this._isDisposed = true;
    this._array.unobserveDeep(this._onDeepChange);
    this._notebook.metadataChanged.disconnect(this._onMetadataChanged, this);
    Signal.clearData(this);
  }

  private _find(id: string): Y.Map<unknown> | undefined {
    for (const map of this._array) {
      if (map.get('id') === id) {
        return map;
      }
    }
    return undefined;
  }

  private _set(id: string, key: string, value: unknown): void {
    const map = this._find(id);
    if (map) {
      this._notebook.ydoc.transact(() => {
        map.set(key, value);
      }, ChatModel.localOrigin);
    }
  }

  private _onDeepChange = (
    events: Y.YEvent<any>[],
    transaction: Y.Transaction
  ): void => {
    let structural = false;
    const ids = new Set<string>();
    for (const event of events) {
      if (event.target === this._array) {
        structural = true;
        continue;
      }
      // A change inside a message: its map or its body.
      let type: Y.AbstractType<any> | null = event.target;
      while (type && type.parent !== this._array) {
        type = type.parent as Y.AbstractType<any> | null;
      }
      const id = type instanceof Y.Map ? type.get('id') : undefined;
      if (typeof id === 'string') {
        ids.add(id);
      }
    }
    if (structural) {
      this._dedupe();
      this._changed.emit(null);
    } else {
      for (const id of ids) {
        this._changed.emit(id);
      }
    }
    // Only the peer that made a change saves it, so that collaborators do
    // not all write the same metadata; restores and saves do not re-save.
    if (
      transaction.local &&
      transaction.origin !== ChatModel.restoreOrigin &&
      transaction.origin !== ChatModel.saveOrigin
    ) {
      this._scheduleSave();
    }
  };

  /**
   * Remove the later copies of messages that appear twice: two peers that
   * restored the same saved conversation at once each inserted it. Every
   * peer sees the same order, so they all delete the same copies.
   */
  private _dedupe(): void {
    const seen = new Set<string>();
    const duplicates: number[] = [];
    this._array.toArray().forEach((map, index) => {
      const id = map.get('id') as string;
      if (seen.has(id)) {
        duplicates.push(index);
      }
      seen.add(id);
    });
    if (duplicates.length === 0) {
      return;
    }
    this._notebook.ydoc.transact(() => {
      for (const index of duplicates.reverse()) {
        this._array.delete(index, 1);
      }
    }, ChatModel.restoreOrigin);
  }

  private _onMetadataChanged(sender: YNotebook, change: { key: string }): void {
    if (change.key === 'coauthor') {
      this._restore();
    }
  }

  /**
   * Fill the shared conversation from the saved one, once, and only when
   * the shared document has no conversation (another peer, or this one
   * before a reload with a server, may already have it live).
   */
  private _restore(): void {
    if (this._restored || this._array.length > 0) {
      return;
    }
    const section = readCoauthorSection<IChatSection>(
      this._notebook,
      CHAT_SECTION
    );
    if (!section || !Array.isArray(section.messages)) {
      return;
    }
    const maps = section.messages.filter(Private.isSavedMessage).map(message =>
      Private.createMessage({
        ...message,
        status: message.status === 'streaming' ? 'stopped' : message.status
      })
    );
    if (maps.length === 0) {
      return;
    }
    this._restored = true;
    this._notebook.ydoc.transact(() => {
      this._array.push(maps);
    }, ChatModel.restoreOrigin);
  }

  private _scheduleSave(): void {
    if (!this._save || this._isDisposed) {
      return;
    }
    // While a message streams, each token would rewrite the whole saved
    // conversation in metadata: wait for the stream to end (its status
    // change schedules the save).
    if (this._array.toArray().some(map => map.get('status') === 'streaming')) {
      this._cancelSave();
      return;
    }
    this._cancelSave();
    this._saveTimer = setTimeout(() => {
      this._saveTimer = null;
      this.flush();
    }, this._saveDelay);
  }

  private _cancelSave(): void {
    if (this._saveTimer !== null) {
      clearTimeout(this._saveTimer);
      this._saveTimer = null;
    }
  }

  private _notebook: YNotebook;
  private _array: Y.Array<Y.Map<unknown>>;
  private _save: boolean;
  private _saveDelay: number;
  private _saveTimer: ReturnType<typeof setTimeout> | null = null;
  private _restored = false;
  private _isDisposed = false;
  private _changed = new Signal<ChatModel, string | null>(this);
}

/**
 * The namespace of `ChatModel`.
 */
export namespace ChatModel {
  /**
   * The options of a chat model.
   */
  export interface IOptions {
    /** The notebook whose conversation this is. */
    notebook: YNotebook;
    /** Whether to save the conversation in the notebook (default true). */
    save?: boolean;
    /** How long after the last change to save, in ms (default 1000). */
    saveDelay?: number;
  }

  /** The transaction origin of the model's own edits. */
  export const localOrigin = Symbol('coauthor:chat');

  /** The transaction origin of restores and duplicate removal. */
  export const restoreOrigin = Symbol('coauthor:chat-restore');

  /** The transaction origin of writes into the metadata. */
  export const saveOrigin = Symbol('coauthor:chat-save');
}

namespace Private {
  let counter = 0;

  /** A unique message id. */
  export function newId(): string {
    counter += 1;
    const random = Math.random().toString(36).slice(2, 10);
    return `m-${Date.now().toString(36)}-${random}-${counter}`;
  }

  /** Build the Y.Map of a message. */
  export function createMessage(init: IChatMessageInit): Y.Map<unknown> {
    const map = new Y.Map<unknown>();
    map.set('id', init.id ?? newId());
    map.set('role', init.role);
    map.set('author', { ...init.author });
    map.set('time', init.time ?? Date.now());
    map.set('status', init.status ?? 'done');
    map.set('body', new Y.Text(init.body ?? ''));
    if (init.toolCalls) {
      map.set(
        'toolCalls',
        init.toolCalls.map(call => ({ ...call }))
      );
    }
    if (init.reasoning) {
      map.set('reasoning', new Y.Text(init.reasoning));
      map.set('reasoningSource', init.reasoningSource ?? 'reasoning');
    }
    if (typeof init.reasoningMs === 'number') {
      map.set('reasoningMs', init.reasoningMs);
    }
    if (init.attachments?.length) {
      map.set(
        'attachments',
        init.attachments.map(attachment => ({ ...attachment }))
      );
    }
    if (init.toolCallId !== undefined) {
      map.set('toolCallId', init.toolCallId);
    }
    if (init.toolName !== undefined) {
      map.set('toolName', init.toolName);
    }
    if (init.toolEdit) {
      // Plain JSON (a Y.Map value is copied as is): it never changes.
      map.set('toolEdit', JSON.parse(JSON.stringify(init.toolEdit)));
    }
    return map;
  }

  /** The plain snapshot of a message map. */
  export function snapshot(map: Y.Map<unknown>): IChatMessage {
    const body = map.get('body');
    const message: IChatMessage = {
      id: String(map.get('id')),
      role: map.get('role') as IChatMessage['role'],
      author: { ...(map.get('author') as IChatAuthor) },
      time: Number(map.get('time')),
      body: body instanceof Y.Text ? body.toString() : String(body ?? ''),
      status: (map.get('status') as ChatStatus) ?? 'done'
    };
    const toolCalls = map.get('toolCalls') as IChatToolCall[] | undefined;
    if (toolCalls) {
      message.toolCalls = toolCalls.map(call => ({ ...call }));
    }
    const toolCallId = map.get('toolCallId');
    if (typeof toolCallId === 'string') {
      message.toolCallId = toolCallId;
    }
    const toolName = map.get('toolName');
    if (typeof toolName === 'string') {
      message.toolName = toolName;
    }
    const toolEdit = map.get('toolEdit') as IToolEdit | undefined;
    if (toolEdit && Array.isArray(toolEdit.cells)) {
      message.toolEdit = JSON.parse(JSON.stringify(toolEdit));
    }
    const reasoning = map.get('reasoning');
    if (reasoning instanceof Y.Text && reasoning.length > 0) {
      message.reasoning = reasoning.toString();
      message.reasoningSource =
        (map.get('reasoningSource') as ReasoningSource) ?? 'reasoning';
    }
    const reasoningMs = map.get('reasoningMs');
    if (typeof reasoningMs === 'number') {
      message.reasoningMs = reasoningMs;
    }
    const attachments = map.get('attachments');
    if (Array.isArray(attachments)) {
      message.attachments = attachments
        .filter(isAttachment)
        .map(attachment => ({ ...attachment }));
    }
    return message;
  }

  /** Whether a value (shared or saved) is a well-formed attachment. */
  export function isAttachment(value: unknown): value is IChatAttachment {
    const attachment = value as IChatAttachment;
    return (
      !!attachment &&
      typeof attachment.cellId === 'string' &&
      typeof attachment.label === 'string' &&
      typeof attachment.source === 'string'
    );
  }

  /** Whether a saved value looks like a message we can restore. */
  export function isSavedMessage(value: unknown): value is IChatMessage {
    const message = value as IChatMessage;
    return (
      !!message &&
      typeof message.id === 'string' &&
      typeof message.role === 'string' &&
      typeof message.body === 'string' &&
      !!message.author &&
      typeof message.author.name === 'string'
    );
  }
}
