import type OpenAI from 'openai';
import { ISignal, Signal } from '@lumino/signaling';
import type { AgentLoop, AgentRunSettings } from '../agent';
import {
  addressee,
  IChatAuthor,
  IChatMessage,
  presentAgents,
  shouldAnswer
} from '../chat';
import type { IRoomSocket, RoomConnection } from '../room';
import { branchToRecord, ICellRecord } from '../suggestions';
import {
  chooseClaims,
  claimsIn,
  CLAIMS_FIELD,
  respectingClaims
} from './claims';
import { RoomReplica } from './replica';

/**
 * An AI co-author without a browser: it joins a notebook's collaboration
 * room as one more peer (`RoomReplica`: the notebook's replica, the shared
 * chat, the suggestions, the agent's presence), answers the chat when a
 * message is addressed to it (`shouldAnswer`), and edits through its
 * suggestion branch like the page's agent.
 *
 * It stays: a dropped connection or a restarted server is rejoined by the
 * room connection, which merges without duplicating. A room reloaded from
 * the file (`reset`) ends the replica; the agent joins again with a new one,
 * carries over what the file had not saved yet (chat messages; suggested
 * cells the saved suggestion lacks) and logs what it could not.
 */
export class HeadlessAgent {
  constructor(options: HeadlessAgent.IOptions) {
    this._options = options;
    this._log = options.log ?? (() => undefined);
    this._replica = this._join();
  }

  /** The current replica (a new one after a reset). */
  get replica(): RoomReplica {
    return this._replica;
  }

  /** The agent's name. */
  get name(): string {
    return this._replica.peer.identity.name;
  }

  /** Whether a turn is running. */
  get busy(): boolean {
    return this._running !== null;
  }

  /** Emitted with each turn's result. */
  get turnEnded(): ISignal<HeadlessAgent, AgentLoop.IResult> {
    return this._turnEnded;
  }

  /** Resolve when the replica is first in sync with the room. */
  async whenJoined(): Promise<void> {
    for (;;) {
      const joined = this._joined;
      try {
        return await joined;
      } catch (error) {
        // A replica that reset before its first sync: wait for the next.
        if (this._joined === joined || this._stopped) {
          throw error;
        }
      }
    }
  }

  /**
   * Post a prompt into the shared chat as a message from `author` (the
   * command line by default) and answer it. Resolves with the turn's
   * result (the last one, when the agent was busy and answered it after).
   */
  async prompt(
    text: string,
    author: IChatAuthor = HeadlessAgent.commandLine
  ): Promise<AgentLoop.IResult> {
    await this.whenJoined();
    // Addressed to this agent, as a person would write it: the chat shows
    // whom it is for, and other agents leave it alone.
    if (addressee(text, [this.name]) === null) {
      text = `@${this.name} ${text}`;
    }
    // Seen, not answered, by `_onChat`: it is answered here.
    this._posting = true;
    try {
      this._replica.chat.addMessage({ role: 'user', author, body: text });
    } finally {
      this._posting = false;
    }
    return this._answerSoon();
  }

  /** The cells this agent claims (see claims.ts). */
  get claims(): readonly string[] {
    return this._claims;
  }

  /**
   * Take up to `count` code cells whose source matches `pattern` that no
   * other agent claims, and say so in presence (`coauthor.claims`); others
   * skip them, and this agent's tools leave theirs alone. Agents that took
   * the same cells at once settle it by client id: this waits until its
   * choice has not changed for two rounds of `settleMs`.
   */
  async claim(
    pattern: RegExp,
    count: number,
    settleMs = 400
  ): Promise<string[]> {
    await this.whenJoined();
    let stable = 0;
    for (let round = 0; round < 20 && stable < 2; round++) {
      const replica = this._replica;
      const chosen = chooseClaims({
        cells: replica.notebook.cells
          .filter(cell => cell.cell_type === 'code')
          .map(cell => ({ id: cell.getId(), source: cell.getSource() })),
        pattern,
        count,
        self: replica.peer.clientId,
        held: this._claims,
        states: replica.notebook.awareness.getStates() as Map<number, any>
      });
      stable = chosen.join() === this._claims.join() ? stable + 1 : 0;
      this._setClaims(chosen);
      await new Promise(resolve => setTimeout(resolve, settleMs));
    }
    return [...this._claims];
  }

  /** Resolve when no turn runs and none is pending. */
  async idle(): Promise<void> {
    while (this._running || this._pending) {
      await (this._running ?? Promise.resolve());
      await new Promise(resolve => setTimeout(resolve, 0));
    }
  }

  /**
   * Stop cleanly (Ctrl+C): abort the running turn (what it said so far is
   * kept, marked stopped; no tool call is left half-applied: each is one
   * transaction, and no new one starts), write the suggestion records and
   * the conversation into the metadata, remove the agent's presence, let
   * that go out, close the socket.
   */
  async stop(drainMs = 1000): Promise<void> {
    if (this._stopped) {
      return;
    }
    this._stopped = true;
    this._pending = false;
    const replica = this._replica;
    replica.loop.stop();
    if (this._running) {
      await Promise.race([
        this._running.catch(() => undefined),
        new Promise(resolve => setTimeout(resolve, 5000))
      ]);
    }
    replica.flush();
    await replica.leave(drainMs);
    this._log('left the room');
    Signal.clearData(this);
  }

  /** Join the room with a new replica. */
  private _join(): RoomReplica {
    const { options } = this;
    const replica = new RoomReplica({
      open: options.open,
      name: options.name,
      color: options.color,
      settings: options.settings,
      client: options.client,
      instructions: options.instructions,
      saveChat: options.saveChat ?? true,
      saveDelayMs: options.saveDelayMs,
      connection: options.connection,
      log: this._log
    });
    replica.connection.statusChanged.connect(this._onStatus, this);
    this._joined = replica.connection.whenSynced().then(() => {
      // What is in the chat already was for someone else, or answered.
      for (const message of replica.chat.messages) {
        this._seen.add(message.id);
      }
      replica.chat.changed.connect(this._onChat, this);
    });
    // A replica that resets before its first sync: the next one's promise.
    this._joined.catch(() => undefined);
    return replica;
  }

  private get options(): HeadlessAgent.IOptions {
    return this._options;
  }

  private _onStatus(
    connection: RoomConnection,
    status: RoomConnection.Status
  ): void {
    if (connection !== this._replica.connection || this._stopped) {
      return;
    }
    if (status === 'synced') {
      this._log(
        connection.syncCount === 1 ? 'joined the room' : 'rejoined the room'
      );
    } else if (status === 'offline') {
      this._log('offline; reconnecting');
    } else if (status === 'reset') {
      void this._rejoin();
    }
  }

  /**
   * The room was reloaded from the file: join it with a new replica and
   * carry over what the file had not saved yet.
   */
  private async _rejoin(): Promise<void> {
    const old = this._replica;
    const interrupted = this.busy;
    old.loop.stop();
    await this._running?.catch(() => undefined);
    const messages = old.chat.messages;
    const branch = old.findOwnBranch();
    const records = branch ? branchToRecord(branch).cells : [];
    old.chat.changed.disconnect(this._onChat, this);
    old.dispose();
    if (this._stopped) {
      return;
    }
    this._replica = this._join();
    const joined = this._joined;
    try {
      await joined;
    } catch {
      return; // reset again: that replica's own rejoin takes over.
    }
    if (this._stopped || this._joined !== joined) {
      return;
    }
    if (this._claims.length) {
      this._setClaims(this._claims);
    }
    const report = this._carryOver(messages, records);
    this._log(`the room was reloaded from the file; rejoined. ${report}`);
    if (interrupted) {
      this._pending = true;
      void this._drive();
    }
  }

  /**
   * Put into the new replica what the old one had and the file did not:
   * chat messages (by id, so never twice) and suggested cells the saved
   * suggestion lacks. Returns what was carried over and what was lost.
   */
  private _carryOver(messages: IChatMessage[], records: ICellRecord[]): string {
    const replica = this._replica;
    const present = new Set(replica.chat.messages.map(m => m.id));
    const missing = messages.filter(m => !present.has(m.id));
    for (const message of missing) {
      this._seen.add(message.id);
      replica.chat.addMessage({
        ...message,
        status: message.status === 'streaming' ? 'stopped' : message.status
      });
    }
    const saved = replica.findOwnBranch();
    const savedCells = new Map(
      (saved ? branchToRecord(saved).cells : []).map(r => [r.cellId, r])
    );
    const absent = records.filter(r => !savedCells.has(r.cellId));
    const differing = records.filter(r => {
      const kept = savedCells.get(r.cellId);
      return kept && !Private.sameRecord(kept, r);
    });
    let conflicts: ICellRecord[] = [];
    if (absent.length) {
      conflicts = replica.ownBranch().replay(absent);
    }
    const parts = [
      `Carried over ${missing.length} chat message(s) and ${
        absent.length - conflicts.length
      } suggested cell(s) the file had not saved`
    ];
    if (conflicts.length || differing.length) {
      parts.push(
        `lost: the unsaved suggestion of ${
          conflicts.length + differing.length
        } cell(s) (${[...conflicts, ...differing]
          .map(r => r.cellId)
          .join(', ')}); the saved version is kept`
      );
    } else {
      parts.push('nothing lost');
    }
    return parts.join('; ') + '.';
  }

  /** New messages: answer those addressed to this agent. */
  private _onChat(): void {
    const replica = this._replica;
    let answer = false;
    for (const message of replica.chat.messages) {
      if (this._seen.has(message.id)) {
        continue;
      }
      this._seen.add(message.id);
      if (message.role !== 'user' || this._posting) {
        continue;
      }
      const others = presentAgents(
        replica.notebook.awareness.getStates() as Map<number, any>
      )
        .filter(a => a.clientId !== replica.peer.clientId)
        .map(a => a.name);
      if (
        shouldAnswer({
          text: message.body,
          self: this.name,
          others,
          answersUnaddressed:
            !!this.options.answerUnaddressed && others.length === 0
        })
      ) {
        this._log(`asked by ${message.author.name}`);
        answer = true;
      }
    }
    if (answer) {
      // Not from inside the Yjs observer that told us: a turn's first edits
      // (creating the suggestion branch) must be transactions of their own.
      setTimeout(() => void this._answerSoon(), 0);
    }
  }

  /** Answer the conversation now, or after the running turn. */
  private _answerSoon(): Promise<AgentLoop.IResult> {
    this._pending = true;
    return this._drive();
  }

  /** Run turns while some are pending, one at a time. */
  private async _drive(): Promise<AgentLoop.IResult> {
    if (this._running) {
      // The running turn's loop picks the pending one up after it.
      await this.idle();
      return this._lastResult ?? { status: 'done', steps: 0 };
    }
    let result: AgentLoop.IResult = this._lastResult ?? {
      status: 'done',
      steps: 0
    };
    while (this._pending && !this._stopped) {
      this._pending = false;
      const replica = this._replica;
      replica.tools.target = respectingClaims(replica.target(), cellId =>
        this._claimedByOther(cellId)
      );
      const run = replica.loop.run();
      this._running = run;
      try {
        result = await run;
      } catch (error) {
        result = {
          status: 'error',
          steps: 0,
          error: { message: String(error) } as any
        };
      } finally {
        this._running = null;
      }
      this._lastResult = result;
      this._log(
        `turn ${result.status} after ${result.steps} step(s)${
          result.error ? `: ${result.error.message}` : ''
        }`
      );
      this._turnEnded.emit(result);
    }
    return result;
  }

  /** Publish the claims in the agent's presence. */
  private _setClaims(cells: string[]): void {
    this._claims = cells;
    this._replica.peer.awareness.setLocalStateField(CLAIMS_FIELD, {
      claims: cells
    });
  }

  /** The name of the other agent that claims a cell, or null. */
  private _claimedByOther(cellId: string): string | null {
    const replica = this._replica;
    const owner = claimsIn(
      replica.notebook.awareness.getStates() as Map<number, any>
    ).get(cellId);
    return owner && owner.clientId !== replica.peer.clientId
      ? owner.name
      : null;
  }

  private _claims: string[] = [];
  private _options: HeadlessAgent.IOptions;
  private _log: (line: string) => void;
  private _replica: RoomReplica;
  private _joined: Promise<void> = Promise.resolve();
  private _seen = new Set<string>();
  private _pending = false;
  private _posting = false;
  private _running: Promise<AgentLoop.IResult> | null = null;
  private _lastResult: AgentLoop.IResult | null = null;
  private _stopped = false;
  private _turnEnded = new Signal<HeadlessAgent, AgentLoop.IResult>(this);
}

/**
 * The namespace of `HeadlessAgent`.
 */
export namespace HeadlessAgent {
  /** The options of a headless agent. */
  export interface IOptions {
    /** Open a socket to the notebook's room (`openRoomSocket`). */
    open: () => Promise<IRoomSocket>;
    /** The agent's name: in presence, in the chat, and what `@` addresses. */
    name: string;
    /** Its colour. */
    color?: string;
    /** The model settings (base URL, model, edit mode...). */
    settings: AgentRunSettings;
    /** The OpenAI client (with the key from the environment). */
    client: OpenAI | (() => OpenAI);
    /** Extra instructions for the system prompt. */
    instructions?: string;
    /** Answer messages that name no agent when it is the only one present. */
    answerUnaddressed?: boolean;
    /** Save the conversation in the notebook (default true). */
    saveChat?: boolean;
    /** Debounce of the metadata writes (ms; the page's defaults otherwise). */
    saveDelayMs?: number;
    /** Reconnect timings (tests shorten them). */
    connection?: RoomReplica.IOptions['connection'];
    /** Where to log (short lines, never a secret). */
    log?: (line: string) => void;
  }

  /** The author of prompts given on the command line. */
  export const commandLine: IChatAuthor = {
    id: 'command-line',
    name: 'command line',
    color: '#6e6e6e'
  };
}

namespace Private {
  /** Whether two records of a cell propose the same (times aside). */
  export function sameRecord(a: ICellRecord, b: ICellRecord): boolean {
    const strip = (r: ICellRecord) => JSON.stringify({ ...r, time: 0 });
    return strip(a) === strip(b);
  }
}
