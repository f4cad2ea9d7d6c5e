import { Clipboard } from '@jupyterlab/apputils';
import { IRenderMimeRegistry, MimeModel } from '@jupyterlab/rendermime';
import { ISignal, Signal } from '@lumino/signaling';
import { Message } from '@lumino/messaging';
import { Panel, Widget } from '@lumino/widgets';

import { AgentCompletion } from './agentCompletion';
import { ChatHeader } from './chatHeader';
import { decorateCodeBlocks } from './codeBlock';
import { ContextChips, renderChip } from './contextChip';
import { SessionApprovalIndicator } from './runApproval';
import {
  IToolCallCardView,
  ToolCallCard,
  ToolCardAction
} from './toolCallCard';

/**
 * One chat message, as the panel shows it.
 */
export interface IChatMessageView {
  /** A stable id. */
  id: string;
  /** Who wrote it. */
  role: 'user' | 'assistant' | 'tool' | 'error' | 'notice';
  /** The author's name and colour. */
  author: { name: string; color: string };
  /** The Markdown body (streamed replies grow). */
  body: string;
  /** When it was written (ms since the epoch). */
  time: number;
  /** Whether the reply is still streaming. */
  streaming?: boolean;
  /** The model's reasoning, shown collapsed above the answer. */
  reasoning?: string;
  /** How long it reasoned, in ms. */
  reasoningMs?: number;
  /** For agent messages: their tool calls, shown as cards below the text. */
  toolCalls?: IToolCallCardView[];
  /**
   * On the last agent message of a turn that edited: "Revert this turn",
   * enabled while something of the turn is left to revert.
   */
  revert?: { enabled: boolean };
  /** The labels of the context attached to it ("Cell 3"). */
  attachments?: string[];
}

/**
 * What the chat panel renders: the conversation of the current notebook.
 * The plugin adapts the core's shared chat model to this.
 */
export interface IChatView {
  /** The messages, oldest first. */
  readonly messages: readonly IChatMessageView[];
  /**
   * Whether the conversation is running: an agent works on it, in this
   * browser or a collaborator's. No one sends meanwhile.
   */
  readonly busy: boolean;
  /** Whether this user can stop it (the agent runs in this browser). */
  readonly stoppable?: boolean;
  /** What the conversation is doing, for the header (null: nothing). */
  readonly status?: ChatHeader.IStatus | null;
  /** While the agent may run code without asking: what the header says. */
  readonly sessionApproval?: string | null;
  /** Emitted when messages or `busy` change; with a message id when only that message changed. */
  readonly changed: ISignal<any, string | null>;
  /**
   * Emitted when only what the tool call cards say may have changed (a
   * suggestion was reviewed): the cards are updated, nothing scrolls.
   */
  readonly toolCallsChanged?: ISignal<any, void>;
  /** Emitted when only `busy`, `stoppable` or `status` changed. */
  readonly stateChanged?: ISignal<any, void>;
}

/**
 * The chat side panel. It renders messages as sanitized Markdown through
 * JupyterLab's rendermime (code blocks highlighted, each with a copy button),
 * and forwards the user's intent — send, stop, save a key — to callbacks the
 * plugin gives it. It owns no data.
 */
export class ChatPanel extends Panel {
  constructor(options: ChatPanel.IOptions) {
    super();
    this._options = options;
    this.addClass('jp-coauthor-ChatPanel');
    this.id = 'jp-coauthor-chat';
    this.title.caption = options.labels.title;

    this._header = new ChatHeader({
      labels: options.labels.header,
      onModelChange: model => options.onModelChange(model),
      onRefreshModels: () => options.onRefreshModels()
    });
    this._chips = new ContextChips({ labels: options.labels.chips });
    this._notice = new Widget();
    this._notice.addClass('jp-coauthor-ChatPanel-notice');
    this._approval = new SessionApprovalIndicator({
      revokeLabel: options.labels.revoke,
      onRevoke: () => options.onRevokeApproval()
    });
    this._list = new Widget();
    this._list.addClass('jp-coauthor-ChatPanel-messages');
    this._list.node.setAttribute('role', 'log');
    this._list.node.setAttribute('aria-live', 'polite');
    this._input = new Widget({ node: this._buildInput() });
    this._input.addClass('jp-coauthor-ChatPanel-input');

    this.addWidget(this._header);
    this.addWidget(this._approval);
    this.addWidget(this._notice);
    this.addWidget(this._list);
    this.addWidget(this._input);
    this.setView(null);
    this.setNotice(null);
  }

  /** Show a conversation (null: no notebook is active). */
  setView(view: IChatView | null): void {
    this._view?.changed.disconnect(this._onChanged, this);
    this._view?.toolCallsChanged?.disconnect(this._onToolCallsChanged, this);
    this._view?.stateChanged?.disconnect(this._updateButtons, this);
    this._view = view;
    this._rendered.clear();
    this._cards.clear();
    this._list.node.textContent = '';
    view?.changed.connect(this._onChanged, this);
    view?.toolCallsChanged?.connect(this._onToolCallsChanged, this);
    view?.stateChanged?.connect(this._updateButtons, this);
    this._renderAll();
  }

  /**
   * Show a notice above the conversation, e.g. that a base URL is needed
   * first (null hides it); it takes the place of the setup notice. `html`
   * is never used: the text is set as text.
   */
  setNotice(text: string | null): void {
    this._message = text;
    this._updateSetup();
  }

  /** The header: status and model picker. */
  get header(): ChatHeader {
    return this._header;
  }

  /** The chips of the context attached to the next message. */
  get chips(): ContextChips {
    return this._chips;
  }

  /**
   * What this user must set up before they can send (null: nothing). It is
   * their setup, not the conversation's: the full text shows above an
   * empty, idle conversation; once there is a conversation (a collaborator
   * talking to their agent), only the short one shows, by the input.
   */
  setSetupNotice(notice: { full: string; short: string } | null): void {
    this._setup = notice;
    this._updateSetup();
  }

  /** Whether the agent endpoint is configured (enables sending). */
  setReady(ready: boolean): void {
    this._ready = ready;
    this._updateButtons();
  }

  /** The `@name` completion of the input and its "To: …" line. */
  get completion(): AgentCompletion {
    return this._completion;
  }

  /** Put the focus in the message box. */
  focusInput(): void {
    this._textarea.focus();
  }

  /** Emitted when the panel is shown (the plugin starts the chat then). */
  get shown(): ISignal<ChatPanel, void> {
    return this._shown;
  }

  protected onAfterShow(msg: Message): void {
    this._scrollToEnd();
    this._shown.emit();
  }

  private _buildInput(): HTMLElement {
    const labels = this._options.labels;
    const form = document.createElement('form');
    form.className = 'jp-coauthor-ChatPanel-form';
    const textarea = document.createElement('textarea');
    textarea.className = 'jp-coauthor-ChatPanel-textarea';
    textarea.placeholder = labels.placeholder;
    textarea.rows = 3;
    textarea.setAttribute('aria-label', labels.placeholder);
    textarea.title = labels.inputCaption;
    const send = document.createElement('button');
    send.type = 'submit';
    send.className = 'jp-Button jp-mod-styled jp-mod-accept jp-coauthor-send';
    send.textContent = labels.send;
    const stop = document.createElement('button');
    stop.type = 'button';
    stop.className = 'jp-Button jp-mod-styled jp-mod-warn jp-coauthor-stop';
    stop.textContent = labels.stop;
    stop.addEventListener('click', () => this._options.onStop());
    const attach = document.createElement('button');
    attach.type = 'button';
    attach.className = 'jp-Button jp-mod-styled jp-coauthor-attach';
    attach.textContent = labels.attach;
    attach.title = labels.attachCaption;
    attach.addEventListener('click', () => this._options.onAttach());
    const hint = document.createElement('div');
    hint.className = 'jp-coauthor-ChatPanel-hint';
    hint.hidden = true;
    const keyButton = document.createElement('button');
    keyButton.type = 'button';
    keyButton.className = 'jp-Button jp-mod-styled jp-coauthor-api-key';
    keyButton.textContent = labels.apiKey;
    keyButton.addEventListener('click', () => this._options.onSetApiKey());
    this._completion = new AgentCompletion({
      textarea,
      labels: labels.completion,
      provider: () => this._options.agents()
    });

    form.addEventListener('submit', event => {
      event.preventDefault();
      this._send();
    });
    textarea.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        this._send();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this._options.onStop();
      }
    });
    form.addEventListener('keydown', event => {
      if (event.key === 'Escape') {
        this._options.onStop();
      }
    });
    const buttons = document.createElement('div');
    buttons.className = 'jp-coauthor-ChatPanel-buttons';
    buttons.append(attach, keyButton, stop, send);
    form.append(
      this._completion.listNode,
      this._chips.node,
      textarea,
      this._completion.recipientNode,
      hint,
      buttons
    );
    this._hint = hint;
    this._textarea = textarea;
    this._sendButton = send;
    this._stopButton = stop;
    return form;
  }

  private _send(): void {
    const text = this._textarea.value.trim();
    if (!text || !this._ready || this._view?.busy) {
      return;
    }
    this._textarea.value = '';
    const attached = this._chips.items.map(chip => chip.id);
    this._chips.clear();
    this._completion.update();
    this._options.onSend(text, attached);
  }

  private _onChanged(_: unknown, messageId: string | null): void {
    if (messageId && this._rendered.has(messageId)) {
      this._scheduleRender(messageId);
    } else {
      this._renderAll();
    }
    this._updateButtons();
  }

  /** Update the tool call cards and revert buttons only. */
  private _onToolCallsChanged(): void {
    for (const message of this._view?.messages ?? []) {
      const body = this._rendered.get(message.id);
      if (body && (message.toolCalls?.length || message.revert)) {
        this._renderToolCalls(message, body);
      }
    }
  }

  /** Re-render a streaming message at most once per animation frame. */
  private _scheduleRender(messageId: string): void {
    this._dirty.add(messageId);
    if (this._frame) {
      return;
    }
    this._frame = requestAnimationFrame(() => {
      this._frame = 0;
      const view = this._view;
      for (const id of this._dirty) {
        const message = view?.messages.find(m => m.id === id);
        const node = this._rendered.get(id);
        if (message && node) {
          void this._renderBody(message, node);
        }
      }
      this._dirty.clear();
      this._scrollToEnd();
    });
  }

  private _renderAll(): void {
    const view = this._view;
    const list = this._list.node;
    if (!view) {
      list.textContent = '';
      this._rendered.clear();
      this._cards.clear();
      return;
    }
    const renders: Promise<void>[] = [];
    const present = new Set(view.messages.map(m => m.id));
    for (const [id, node] of this._rendered) {
      if (!present.has(id)) {
        node.closest('.jp-coauthor-ChatMessage')?.remove();
        this._rendered.delete(id);
      }
    }
    for (const [id, card] of this._cards) {
      if (!card.node.isConnected) {
        this._cards.delete(id);
      }
    }
    for (const message of view.messages) {
      let body = this._rendered.get(message.id);
      if (!body) {
        const item = document.createElement('div');
        item.className = `jp-coauthor-ChatMessage jp-mod-${message.role}`;
        item.dataset.messageId = message.id;
        item.setAttribute(
          'style',
          `--jp-coauthor-author-color: ${message.author.color}`
        );
        const head = document.createElement('div');
        head.className = 'jp-coauthor-ChatMessage-head';
        const who = document.createElement('span');
        who.className = 'jp-coauthor-ChatMessage-author';
        who.textContent = message.author.name;
        const when = document.createElement('time');
        when.textContent = new Date(message.time).toLocaleTimeString();
        head.append(who, when);
        item.append(head);
        if (message.attachments?.length) {
          const chips = document.createElement('div');
          chips.className = 'jp-coauthor-ContextChips jp-mod-sent';
          chips.append(...message.attachments.map(renderChip));
          item.append(chips);
        }
        body = document.createElement('div');
        body.className = 'jp-coauthor-ChatMessage-body';
        item.append(body);
        list.appendChild(item);
        this._rendered.set(message.id, body);
      }
      renders.push(this._renderBody(message, body));
    }
    this._updateButtons();
    this._scrollToEnd();
    // Markdown renders asynchronously: scroll again once it has, so that
    // reopening the panel shows the latest message, not the one before.
    void Promise.all(renders).then(() => {
      if (this._view === view) {
        this._scrollToEnd();
      }
    });
  }

  private async _renderBody(
    message: IChatMessageView,
    node: HTMLElement
  ): Promise<void> {
    const item = node.parentElement;
    item?.classList.toggle('jp-mod-streaming', !!message.streaming);
    this._renderReasoning(message, node);
    this._renderToolCalls(message, node);
    if (node.dataset.rendered === message.body) {
      return;
    }
    node.dataset.rendered = message.body;
    if (message.role === 'tool' || message.role === 'error') {
      node.textContent = message.body;
      return;
    }
    // Untrusted: rendermime sanitizes the HTML that Markdown produces.
    const renderer = this._options.rendermime.createRenderer('text/markdown');
    await renderer.renderModel(
      new MimeModel({ data: { 'text/markdown': message.body }, trusted: false })
    );
    if (node.dataset.rendered !== message.body) {
      renderer.dispose();
      return; // a newer render has started
    }
    node.textContent = '';
    node.appendChild(renderer.node);
    decorateCodeBlocks(renderer.node, {
      labels: this._options.labels.code,
      onCopy: code => Clipboard.copyToSystem(code),
      onInsert: (code, language) => this._options.onInsertCode(code, language)
    });
  }

  /**
   * The reasoning, collapsed above the answer ("Thought for 4 s"), as plain
   * text: it is the model's working, not something to render as Markdown.
   * The user's open/closed choice is kept across re-renders.
   */
  private _renderReasoning(message: IChatMessageView, body: HTMLElement): void {
    let details = body.previousElementSibling as HTMLDetailsElement | null;
    if (!details?.classList.contains('jp-coauthor-ChatMessage-reasoning')) {
      if (!message.reasoning) {
        return;
      }
      details = document.createElement('details');
      details.className = 'jp-coauthor-ChatMessage-reasoning';
      details.append(
        document.createElement('summary'),
        document.createElement('div')
      );
      body.insertAdjacentElement('beforebegin', details);
    }
    const labels = this._options.labels;
    const thinking = !!message.streaming && !message.body;
    details.firstElementChild!.textContent = thinking
      ? labels.thinking
      : labels.thoughtFor(
          Math.max(1, Math.round((message.reasoningMs ?? 0) / 1000))
        );
    const text = details.lastElementChild as HTMLElement;
    if (text.textContent !== message.reasoning) {
      text.textContent = message.reasoning ?? '';
    }
  }

  /**
   * The message's tool calls as cards below its text, and its "Revert this
   * turn" button; each card is kept and updated in place.
   */
  private _renderToolCalls(message: IChatMessageView, body: HTMLElement): void {
    const item = body.parentElement;
    const labels = this._options.labels;
    if (!item || !labels.toolCard) {
      return;
    }
    let tools = item.querySelector<HTMLElement>(
      ':scope > .jp-coauthor-ChatMessage-tools'
    );
    if (!tools && (message.toolCalls?.length || message.revert)) {
      tools = document.createElement('div');
      tools.className = 'jp-coauthor-ChatMessage-tools';
      item.appendChild(tools);
    }
    if (!tools) {
      return;
    }
    const cardLabels = labels.toolCard;
    const present = new Set<string>();
    for (const view of message.toolCalls ?? []) {
      present.add(view.id);
      let card = this._cards.get(view.id);
      if (!card) {
        card = new ToolCallCard({
          labels: cardLabels,
          onAction: (callId: string, action: ToolCardAction) =>
            this._options.onToolCallAction?.(message.id, callId, action)
        });
        this._cards.set(view.id, card);
      }
      if (card.node.parentElement !== tools) {
        tools.appendChild(card.node);
      }
      card.update(view);
    }
    for (const node of Array.from(tools.children)) {
      const id = (node as HTMLElement).dataset.callId;
      if (id && !present.has(id)) {
        node.remove();
        this._cards.delete(id);
      }
    }
    let revert = tools.querySelector<HTMLButtonElement>(
      ':scope > .jp-coauthor-revert-turn'
    );
    if (message.revert && !revert) {
      revert = document.createElement('button');
      revert.type = 'button';
      revert.className =
        'jp-Button jp-mod-styled jp-mod-small jp-coauthor-revert-turn';
      revert.textContent = labels.revertTurn ?? '';
      revert.addEventListener('click', () =>
        this._options.onRevertTurn?.(message.id)
      );
    }
    if (revert) {
      if (message.revert) {
        tools.appendChild(revert); // last, after the cards
        revert.disabled = !message.revert.enabled || !!this._view?.busy;
      } else {
        revert.remove();
      }
    }
  }

  private _updateButtons(): void {
    const busy = !!this._view?.busy;
    this._approval.setText(this._view?.sessionApproval ?? null);
    this._sendButton.disabled = !this._ready || busy || !this._view;
    this._stopButton.disabled = !this._view?.stoppable;
    this._header.setStatus(this._view?.status ?? null);
    this._updateSetup();
    this.toggleClass('jp-mod-busy', busy);
  }

  private _updateSetup(): void {
    const setup = this._setup;
    const quiet = !this._view?.busy && !this._view?.messages.length;
    const full = setup && quiet ? setup.full : null;
    const text = this._message ?? full;
    this._notice.node.textContent = text ?? '';
    this._notice.setHidden(!text);
    const short = setup && !quiet ? setup.short : null;
    this._hint.textContent = short ?? '';
    this._hint.hidden = !short;
  }

  private _scrollToEnd(): void {
    const list = this._list.node;
    list.scrollTop = list.scrollHeight;
  }

  private _options: ChatPanel.IOptions;
  private _view: IChatView | null = null;
  private _header: ChatHeader;
  private _chips: ContextChips;
  private _hint!: HTMLElement;
  private _setup: { full: string; short: string } | null = null;
  private _message: string | null = null;
  private _notice: Widget;
  private _approval: SessionApprovalIndicator;
  private _list: Widget;
  private _input: Widget;
  private _textarea!: HTMLTextAreaElement;
  private _completion!: AgentCompletion;
  private _sendButton!: HTMLButtonElement;
  private _stopButton!: HTMLButtonElement;
  private _ready = false;
  private _rendered = new Map<string, HTMLElement>();
  private _cards = new Map<string, ToolCallCard>();
  private _dirty = new Set<string>();
  private _frame = 0;
  private _shown = new Signal<ChatPanel, void>(this);
}

/**
 * The namespace of `ChatPanel`.
 */
export namespace ChatPanel {
  /** Translated labels. */
  export interface ILabels {
    title: string;
    placeholder: string;
    /** The input's tooltip: the keys it takes. */
    inputCaption: string;
    send: string;
    stop: string;
    apiKey: string;
    /** The summary of reasoning still streaming ("Thinking…"). */
    thinking: string;
    /** The summary of finished reasoning ("Thought for 4 s"). */
    thoughtFor: (seconds: number) => string;
    /** The button that ends a session approval. */
    revoke: string;
    /** The labels of the tool call cards (without them, no cards). */
    toolCard?: ToolCallCard.ILabels;
    /** The button that reverts an agent's turn. */
    revertTurn?: string;
    /** The button that attaches the active cell or selection. */
    attach: string;
    /** Its tooltip. */
    attachCaption: string;
    /** The header's. */
    header: ChatHeader.ILabels;
    /** The chips'. */
    chips: ContextChips.ILabels;
    /** The `@name` completion's. */
    completion: AgentCompletion.ILabels;
    /** The code blocks' toolbars'. */
    code: {
      copy: string;
      copied: string;
      insertBelow: string;
      insertBelowCaption: string;
    };
  }

  /** The options of a `ChatPanel`. */
  export interface IOptions {
    rendermime: IRenderMimeRegistry;
    labels: ILabels;
    /** The user sends a message, with the ids of the chips attached. */
    onSend: (text: string, attachments: string[]) => void;
    /** The user attaches the active cell (or its selection). */
    onAttach: () => void;
    /** The user inserts a code block below the active cell. */
    onInsertCode: (code: string, language: string | null) => void;
    /** The user picks a model in the header. */
    onModelChange: (model: string) => void;
    /** The header wants the endpoint's list of models. */
    onRefreshModels: () => void;
    /** The user stops the reply (Stop button or Escape). */
    onStop: () => void;
    /** The user wants to set the API key. */
    onSetApiKey: () => void;
    /** The user takes back the agent's session approval. */
    onRevokeApproval: () => void;
    /** The user asks something of a tool call card (Show, Keep, Undo). */
    onToolCallAction?: (
      messageId: string,
      callId: string,
      action: ToolCardAction
    ) => void;
    /** The user reverts the turn that ends with this message. */
    onRevertTurn?: (messageId: string) => void;
    /** The agents the input can address (`@name`), for the current notebook. */
    agents: () => AgentCompletion.IProvider | null;
  }
}
