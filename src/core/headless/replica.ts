import { YNotebook } from '@jupyter/ydoc';
import type OpenAI from 'openai';
import {
  AgentLoop,
  AgentPeer,
  AgentTools,
  branchTarget,
  conversationFor,
  AgentRunSettings,
  IEditTarget
} from '../agent';
import { ChatModel, IChatAuthor } from '../chat';
import { IRoomSocket, RoomConnection } from '../room';
import { Branch, SuggestionManager } from '../suggestions';

/**
 * One replica of the notebook in its room, with everything that lives on
 * it: the room connection, the shared chat, the suggestions, the agent's
 * peer (presence and cursor), its tools and its model loop. A room reloaded
 * from the file (connection status `reset`) ends a replica; the headless
 * agent then makes a new one (see `HeadlessAgent`).
 *
 * The page's agent has the same parts, wired by `NotebookChat` on the
 * panel's shared model; here they are wired on a replica of our own.
 */
export class RoomReplica {
  constructor(options: RoomReplica.IOptions) {
    this.notebook = new YNotebook({ disableDocumentWideUndoRedo: true });
    // The replica's own awareness stays empty: only the agent's peer shows
    // in presence (a state without `user` would be an anonymous collaborator).
    this.notebook.awareness.setLocalState(null);
    this.connection = new RoomConnection({
      doc: this.notebook.ydoc,
      awareness: this.notebook.awareness,
      open: options.open,
      // The agent's peer writes with its own client id (its replica's).
      ownClients: () =>
        this.peer
          ? [this.notebook.ydoc.clientID, this.peer.clientId]
          : [this.notebook.ydoc.clientID],
      log: options.log,
      ...options.connection
    });
    this.chat = new ChatModel({
      notebook: this.notebook,
      save: options.saveChat,
      saveDelay: options.saveDelayMs
    });
    this.suggestions = new SuggestionManager({
      notebook: this.notebook,
      saveDelay: options.saveDelayMs
    });
    this.peer = new AgentPeer({
      notebook: this.notebook,
      name: options.name,
      color: options.color
    });
    this.author = {
      id: this.peer.identity.username,
      name: this.peer.identity.display_name,
      color: this.peer.identity.color
    };
    this._settings = options.settings;
    this.tools = new AgentTools({
      // Set to `target()` at each turn: the suggestion branch is created on
      // first use, not by joining (an agent that never edits leaves none).
      target: this.peer.direct,
      notebook: this.notebook,
      // No kernel and no one to approve a run here: without a runner,
      // run_cell tells the model it is not available.
      presence: this.peer
    });
    this.loop = new AgentLoop({
      chat: this.chat,
      tools: this.tools,
      client: options.client,
      settings: options.settings,
      author: this.author,
      presence: this.peer,
      instructions: options.instructions,
      conversation: messages =>
        conversationFor(
          messages,
          this.peer.identity.username,
          this.peer.identity.name
        )
    });
  }

  /** The replica of the notebook. */
  readonly notebook: YNotebook;

  /** Its connection to the room. */
  readonly connection: RoomConnection;

  /** The shared conversation, on this replica. */
  readonly chat: ChatModel;

  /** The notebook's suggestions, on this replica. */
  readonly suggestions: SuggestionManager;

  /** The agent as a peer: its presence, cursor and direct-mode target. */
  readonly peer: AgentPeer;

  /** The agent's author entry in the chat. */
  readonly author: IChatAuthor;

  /** The agent's tools. */
  readonly tools: AgentTools;

  /** The agent's model loop. */
  readonly loop: AgentLoop;

  /** The agent's suggestion branch (created, and shared, on first use). */
  ownBranch(): Branch {
    const identity = this.peer.identity;
    return this.suggestions.branchFor({
      id: identity.username,
      name: identity.display_name,
      color: identity.color
    });
  }

  /** The agent's branch if it has one already (none is created). */
  findOwnBranch(): Branch | undefined {
    return this.suggestions.branches.find(
      b => b.author.id === this.peer.identity.username
    );
  }

  /** Where the agent's edits go, per the edit mode. */
  target(): IEditTarget {
    return this._settings.editMode === 'direct'
      ? this.peer.direct
      : branchTarget(this.ownBranch());
  }

  /**
   * Write what is pending into the notebook's metadata now (the suggestion
   * records, the conversation), as the page does before a save.
   */
  flush(): void {
    this.suggestions.save();
    this.chat.flush();
  }

  /**
   * Leave the room: remove the agent's presence (its awareness state,
   * cleared, goes out as a null state), let it go out, close the socket,
   * free the replica. Nothing is written after this.
   */
  async leave(drainMs = 1000): Promise<void> {
    this.peer.dispose();
    await this.connection.close(drainMs);
    this.dispose();
  }

  /** Free everything (the connection must be ended). */
  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this.peer.dispose();
    void this.connection.close(0);
    this.suggestions.dispose();
    this.chat.dispose();
    this.notebook.dispose();
  }

  private _settings: AgentRunSettings;
  private _isDisposed = false;
}

/**
 * The namespace of `RoomReplica`.
 */
export namespace RoomReplica {
  /** The options of a replica. */
  export interface IOptions {
    /** Open a socket to the room (a new session each time). */
    open: () => Promise<IRoomSocket>;
    /** The agent's name. */
    name: string;
    /** Its colour. */
    color?: string;
    /** The model settings. */
    settings: AgentRunSettings;
    /** The OpenAI client, or a getter for it. */
    client: OpenAI | (() => OpenAI);
    /** Extra instructions for the system prompt. */
    instructions?: string;
    /** Whether the conversation is saved in the notebook. */
    saveChat: boolean;
    /** Debounce of the metadata writes (ms). */
    saveDelayMs?: number;
    /** Reconnect timings (tests shorten them). */
    connection?: Pick<
      RoomConnection.IOptions,
      'minDelayMs' | 'maxDelayMs' | 'handshakeWaitMs'
    >;
    /** Where to log. */
    log?: (line: string) => void;
  }
}
