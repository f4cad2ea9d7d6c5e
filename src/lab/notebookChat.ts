import type { YNotebook } from '@jupyter/ydoc';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import type { Awareness } from 'y-protocols/awareness';

import type { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import {
  AgentLoop,
  AgentPeer,
  AgentTools,
  AwarenessListing,
  branchTarget,
  CellEditors,
  createClient,
  IApprovalScope,
  IEditTarget,
  SessionApproval,
  workingAgents
} from '../core/agent';
import type { IAgentPresence } from '../core/agent';
import {
  ChatModel,
  IChatAttachment,
  IChatAuthor,
  presentAgents,
  shouldAnswer
} from '../core/chat';
import type { IAgentSettingsProvider, ISuggestionsRegistry } from '../tokens';
import type { IChatMessageView, IChatView } from '../widgets/chatPanel';
import type { ToolCardAction } from '../widgets/toolCallCard';
import { ChatToolCards } from './chatToolCards';
import { KernelCellRunner } from './cellRunner';
import { DialogRunApprover } from './runApprover';

/**
 * The co-author of one notebook: its shared conversation (`ChatModel`), and,
 * once someone talks to it, the agent — a peer of the notebook with its own
 * replica and presence (`AgentPeer`), its tools on the current edit target,
 * and the model loop (`AgentLoop`).
 *
 * In `suggest` mode the tools edit the agent's own suggestion branch (from
 * the notebook's suggestions), reviewed like anyone's; in `direct` mode they
 * edit the agent's replica, whose updates reach the notebook directly.
 */
export class NotebookChat implements IDisposable {
  constructor(options: NotebookChat.IOptions) {
    this._options = options;
    this.chat = new ChatModel({
      notebook: this.notebook,
      save: options.settings.settings.saveChats
    });
    this.session = new SessionApproval({
      offered: () => options.settings.settings.offerSessionApproval
    });
    this.session.changed.connect(() => this._viewChanged.emit(null), this);
    options.settings.changed.connect(this._onSettingsChanged, this);
    this._cards = new ChatToolCards({
      panel: options.panel,
      chat: this.chat,
      suggestions: options.suggestions,
      commands: options.commands,
      trans: options.trans,
      author: options.user
    });
    // A card says "Kept" or "Undone" whoever reviewed, from wherever. The
    // suggestions change with every keystroke in the notebook (branches
    // follow it): the cards are brought up to date once per frame.
    options.suggestions?.changed.connect((_, changed) => {
      if (
        (!changed || changed.manager.notebook === this.notebook) &&
        !this._cardsFrame
      ) {
        this._cardsFrame = requestAnimationFrame(() => {
          this._cardsFrame = 0;
          if (!this._isDisposed) {
            this._toolCallsChanged.emit();
          }
        });
      }
    }, this);
    this.chat.changed.connect((_, id) => {
      // Clearing the chat (anyone's clear reaches us) ends the approval.
      if (this.chat.messages.length === 0) {
        this.session.revoke();
      }
      this._viewChanged.emit(id);
    }, this);
    this.notebook.awareness?.on('change', this._onAwarenessChange);
  }

  /**
   * The user's "allow for this session" for this notebook's agent: in memory
   * only, so a reload ends it; also ended by clearing the chat, by another
   * model or endpoint, and by the revoke button.
   */
  readonly session: SessionApproval;

  /** The shared conversation. */
  readonly chat: ChatModel;

  /** The notebook's shared model. */
  get notebook(): YNotebook {
    return this._options.panel.context.model.sharedModel as YNotebook;
  }

  /** What the chat panel shows. */
  get view(): IChatView {
    // Getters, so the panel always reads the live conversation and state.
    const chat = this.chat;
    const cards = this._cards;
    // A person's page agent at work holds the conversation (one turn at a
    // time); headless agents are peers that work at once, so `@Name` can
    // reach one while another works.
    const isBusy = (): boolean =>
      !!this._loop?.busy ||
      this._workingAgents().some(agent => agent.owner !== null);
    const isStoppable = (): boolean => !!this._loop?.busy;
    const status = () => this._status();
    const approval = (): string | null => this._approvalText();
    return {
      get messages(): IChatMessageView[] {
        // The agent's tool calls as cards (their results in them).
        return cards.views(chat.messages, isBusy());
      },
      get busy(): boolean {
        return isBusy();
      },
      get stoppable(): boolean {
        return isStoppable();
      },
      get status() {
        return status();
      },
      get sessionApproval(): string | null {
        return approval();
      },
      changed: this._viewChanged,
      toolCallsChanged: this._toolCallsChanged,
      stateChanged: this._stateChanged
    };
  }

  /**
   * Emitted when what the conversation is doing changes (an agent starts,
   * moves to another cell, stops), in this browser or a collaborator's.
   */
  get stateChanged(): ISignal<NotebookChat, void> {
    return this._stateChanged;
  }

  /** The agent's peer, once started. */
  get peer(): AgentPeer | null {
    return this._peer;
  }

  /**
   * The name this page's agent is addressed by (`@Name`): its peer's, or
   * the one it will have when it joins on the first message.
   */
  get agentName(): string {
    return this._peer?.identity.name ?? AgentPeer.identity(this._name()).name;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Send a message from the user and run the agent's turn. Failures come
   * back as messages in the conversation (see `AgentLoop`), never as a
   * rejected promise.
   */
  async send(
    text: string,
    attachments?: IChatAttachment[]
  ): Promise<AgentLoop.IResult | null> {
    if (!this._addressedToOwnAgent(text)) {
      // For another agent present (a headless one, say): it answers.
      this.chat.addMessage({
        role: 'user',
        author: this._options.user(),
        body: text,
        ...(attachments?.length ? { attachments } : {})
      });
      return null;
    }
    const loop = this._startAgent();
    this._tools!.target = this._target();
    return loop.send(text, this._options.user(), attachments);
  }

  /** Do what a tool call card's button asks (Show, Keep, Undo). */
  toolCallAction(
    messageId: string,
    callId: string,
    action: ToolCardAction
  ): void {
    this._cards.act(messageId, callId, action);
  }

  /** Revert the agent's turn that ends with this message. */
  revertTurn(messageId: string): void {
    if (this._loop?.busy) {
      return;
    }
    this._cards.revertTurn(messageId);
  }

  /** Stop the reply and the tool loop now, keeping what was said. */
  stop(): void {
    this._loop?.stop();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    cancelAnimationFrame(this._cardsFrame);
    this.notebook.awareness?.off('change', this._onAwarenessChange);
    this._loop?.stop();
    this._listing?.dispose();
    this.session.revoke();
    this._editors?.dispose();
    this._peer?.dispose();
    this.chat.dispose();
    Signal.clearData(this);
  }

  /**
   * Whether this page's agent answers a message of its user: unless it is
   * addressed (`@Name`) to another agent present (the rule `coauthor-agent`
   * follows too, see core/chat/addressing.ts).
   */
  private _addressedToOwnAgent(text: string): boolean {
    const own = this._peer?.clientId;
    const others = presentAgents(
      this.notebook.awareness.getStates() as Map<number, Record<string, any>>
    )
      .filter(agent => agent.clientId !== own)
      .map(agent => agent.name);
    return shouldAnswer({
      text,
      self: this.agentName,
      others,
      answersUnaddressed: true
    });
  }

  /** The name of this page's agent: its model's. */
  private _name(): string {
    const { settings, trans } = this._options;
    return settings.settings.model || trans.__('AI agent');
  }

  /** Start the agent on first use: peer, tools and loop. */
  private _startAgent(): AgentLoop {
    if (this._loop) {
      return this._loop;
    }
    const { panel, settings, trans } = this._options;
    const name = this._name();
    this._peer = new AgentPeer({
      notebook: this.notebook,
      name,
      owner: this._options.user().name
    });
    this._editors = new CellEditors({
      notebook: this.notebook,
      agentClientId: this._peer.clientId,
      localName: () => this._options.user().name
    });
    this._tools = new AgentTools({
      target: this._target(),
      notebook: this.notebook,
      runner: new KernelCellRunner(panel, trans),
      approver: new DialogRunApprover({
        trans,
        languages: this._options.languages,
        language: () =>
          String(
            (panel.model?.getMetadata('language_info') as any)?.name ?? 'python'
          )
      }),
      session: this.session,
      scope: () => this._scope(),
      editors: this._editors,
      presence: this._peer,
      outputBudget: settings.settings.outputBudget
    });
    const author: IChatAuthor = {
      id: this._peer.identity.username,
      name: this._peer.identity.display_name,
      color: this._peer.identity.color
    };
    this._loop = new AgentLoop({
      chat: this.chat,
      tools: this._tools,
      client: () =>
        createClient({
          baseUrl: settings.settings.baseUrl,
          apiKey: this._options.apiKey()
        }),
      settings: () => settings.settings,
      author,
      presence: this._peer
    });
    this._loop.busyChanged.connect((_, busy) => {
      this._showInCollaborators(busy);
      this._viewChanged.emit(null);
      this._onAwarenessChange();
    });
    return this._loop;
  }

  /** Where the agent's edits go, per the current edit mode. */
  private _target(): IEditTarget {
    const { settings, suggestions, panel } = this._options;
    if (settings.settings.editMode === 'direct' || !suggestions) {
      return this._peer!.direct;
    }
    const notebookSuggestions = suggestions.get(panel);
    if (!notebookSuggestions) {
      return this._peer!.direct;
    }
    const identity = this._peer!.identity;
    const branch = notebookSuggestions.manager.branchFor({
      id: identity.username,
      name: identity.display_name,
      color: identity.color
    });
    return branchTarget(branch);
  }

  /**
   * What a session approval is for: this notebook, and this agent (its
   * instance, endpoint and model: another model is another agent).
   */
  private _scope(): IApprovalScope {
    const { baseUrl, model } = this._options.settings.settings;
    return {
      notebook: this.notebook.ydoc.guid,
      agent: `${this._peer?.clientId ?? 'none'} ${baseUrl} ${model}`
    };
  }

  /** The chat header's text while runs go without asking. */
  private _approvalText(): string | null {
    if (!this.session.covers(this._scope())) {
      return null;
    }
    const { trans, panel } = this._options;
    return trans.__(
      '%1 may run code in %2 without asking, for this session.',
      this._peer?.identity.display_name ?? trans.__('The co-author'),
      panel.context.localPath.split('/').pop() ?? ''
    );
  }

  /**
   * While it works, list the agent in the global awareness, which is what
   * jupyter-collaboration's Online Collaborators shows (not the notebook's
   * awareness): a name, a colour and the notebook it is in, for everyone.
   */
  private _showInCollaborators(busy: boolean): void {
    const global = this._options.globalAwareness;
    if (!global || !this._peer) {
      return;
    }
    if (!busy) {
      this._listing?.hide();
      return;
    }
    this._listing ??= new AwarenessListing({ target: global });
    const path = this._options.panel.context.path;
    this._listing.show({
      user: { ...this._peer.identity },
      // jupyter-collaboration's shape: the widget tracker's prefix, a colon,
      // the path (the panel opens the file on a click).
      current: `notebook:${path}`,
      documents: [path],
      agent: { owner: this._options.user().name }
    });
  }

  /** The agents working on this conversation, from the notebook's awareness. */
  private _workingAgents(): IAgentPresence[] {
    return workingAgents(this.notebook.awareness);
  }

  /**
   * What the conversation is doing, for every user's header: who talks to
   * which agent, and what it does where.
   */
  private _status(): { text: string; color: string } | null {
    const agent = this._workingAgents()[0];
    if (!agent) {
      return null;
    }
    const { trans } = this._options;
    const ownAgent = agent.clientId === this._peer?.clientId;
    const who = ownAgent
      ? trans.__('You are talking to %1', agent.name)
      : agent.owner
        ? trans.__('%1 is talking to %2', agent.owner, agent.name)
        : trans.__('%1 is working', agent.name);
    const index = agent.cellId
      ? this.notebook.cells.findIndex(c => c.getId() === agent.cellId)
      : -1;
    const where =
      index >= 0
        ? String(index + 1)
        : agent.cellId
          ? trans.__('a new cell')
          : '';
    let what = '';
    switch (agent.activity) {
      case 'thinking':
        what = trans.__('thinking');
        break;
      case 'reading':
        what = where ? trans.__('reading cell %1', where) : trans.__('reading');
        break;
      case 'editing':
        what =
          index >= 0
            ? trans.__('editing cell %1', where)
            : where
              ? trans.__('editing %1', where)
              : trans.__('editing');
        break;
      case 'running':
        what = where ? trans.__('running cell %1', where) : trans.__('running');
        break;
    }
    return { text: what ? `${who} · ${what}` : who, color: agent.color };
  }

  /** Tell the panel when the conversation's state (not its text) changed. */
  private _onAwarenessChange = (): void => {
    const status = this._status();
    const key = `${this._workingAgents().length}|${this._loop?.busy}|${status?.text}`;
    if (key !== this._stateKey) {
      this._stateKey = key;
      this._stateChanged.emit();
    }
  };

  private _onSettingsChanged(): void {
    this.chat.save = this._options.settings.settings.saveChats;
    // Another model or endpoint is another agent; the setting may forbid
    // session approvals from now on.
    if (this.session.active && !this.session.covers(this._scope())) {
      this.session.revoke();
    }
  }

  private _options: NotebookChat.IOptions;
  private _cards: ChatToolCards;
  private _cardsFrame = 0;
  private _peer: AgentPeer | null = null;
  private _editors: CellEditors | null = null;
  private _tools: AgentTools | null = null;
  private _loop: AgentLoop | null = null;
  private _listing: AwarenessListing | null = null;
  private _stateKey = '';
  private _isDisposed = false;
  private _viewChanged = new Signal<NotebookChat, string | null>(this);
  private _toolCallsChanged = new Signal<NotebookChat, void>(this);
  private _stateChanged = new Signal<NotebookChat, void>(this);
}

/**
 * The namespace of `NotebookChat`.
 */
export namespace NotebookChat {
  /** The options of a `NotebookChat`. */
  export interface IOptions {
    panel: NotebookPanel;
    settings: IAgentSettingsProvider;
    /** The API key of the current endpoint (from this browser's storage). */
    apiKey: () => string;
    suggestions: ISuggestionsRegistry | null;
    /** The current user, as the author of their messages. */
    user: () => IChatAuthor;
    commands: CommandRegistry;
    trans: TranslationBundle;
    /** JupyterLab's languages, to highlight code in the run approval. */
    languages?: IEditorLanguageRegistry | null;
    /**
     * jupyter-collaboration's global awareness (`IGlobalAwareness`), where
     * the agent is listed while it works; null without collaboration.
     */
    globalAwareness?: Awareness | null;
  }
}
