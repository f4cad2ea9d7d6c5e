/**
 * The `@name` completion of the chat input: a list of the agents one can
 * address, opened while an `@` word is typed, and a line saying whom the
 * message goes to. What the agents are, which word is completed and whom a
 * text addresses come from the plugin (`AgentCompletion.IProvider`, built on
 * the core's addressing rules); this widget only shows them and edits the
 * textarea.
 */
export class AgentCompletion {
  constructor(options: AgentCompletion.IOptions) {
    this._options = options;
    const textarea = (this._textarea = options.textarea);
    const id = `jp-coauthor-AgentCompletion-${Private.newId()}`;
    this._list.id = id;
    this._list.className = 'jp-coauthor-AgentCompletion';
    this._list.setAttribute('role', 'listbox');
    this._list.setAttribute('aria-label', options.labels.list);
    this._list.hidden = true;
    this._recipient.className = 'jp-coauthor-AgentCompletion-to';
    this._recipient.setAttribute('aria-live', 'polite');
    textarea.setAttribute('aria-autocomplete', 'list');
    textarea.setAttribute('aria-controls', id);
    // Registered before the panel's own keydown handler, so that Enter and
    // Escape complete or close the list instead of sending or stopping.
    textarea.addEventListener('keydown', this._onKeyDown, true);
    textarea.addEventListener('input', () => this.update());
    textarea.addEventListener('click', () => this.update());
    textarea.addEventListener('keyup', event => {
      if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) {
        this.update();
      }
    });
    textarea.addEventListener('blur', () => this._close());
  }

  /** The list (to place above the textarea). */
  get listNode(): HTMLElement {
    return this._list;
  }

  /** The "To: …" line. */
  get recipientNode(): HTMLElement {
    return this._recipient;
  }

  /** Whether the list is open. */
  get isOpen(): boolean {
    return !this._list.hidden;
  }

  /**
   * Re-read the text and the agents (after typing, or when the agents
   * present change).
   */
  update(): void {
    const provider = this._options.provider();
    const text = this._textarea.value;
    const to = provider?.recipient(text) ?? null;
    this._recipient.textContent = to
      ? this._options.labels.to(to)
      : this._options.labels.nobody;
    this._recipient.classList.toggle('jp-mod-nobody', !to);
    const focused = document.activeElement === this._textarea;
    const found =
      provider && focused
        ? provider.complete(text, this._textarea.selectionStart)
        : null;
    if (!found || !found.items.length || found.from === this._dismissed) {
      this._close(found?.from === this._dismissed);
      return;
    }
    this._dismissed = null;
    const keep = this._items[this._active]?.name;
    this._found = found;
    this._items = found.items;
    const index = this._items.findIndex(item => item.name === keep);
    this._active = Math.max(0, index);
    this._render();
  }

  private _render(): void {
    const list = this._list;
    list.textContent = '';
    this._items.forEach((item, index) => {
      const option = document.createElement('li');
      option.id = `${list.id}-${index}`;
      option.className = 'jp-coauthor-AgentCompletion-option';
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', String(index === this._active));
      option.classList.toggle('jp-mod-active', index === this._active);
      const name = document.createElement('span');
      name.className = 'jp-coauthor-AgentCompletion-name';
      name.textContent = `@${item.name}`;
      option.append(name);
      if (item.detail) {
        const detail = document.createElement('span');
        detail.className = 'jp-coauthor-AgentCompletion-detail';
        detail.textContent = item.detail;
        option.append(' ', detail);
      }
      // mousedown, not click: the textarea keeps the focus (no blur closes
      // the list before the pick lands).
      option.addEventListener('mousedown', event => {
        event.preventDefault();
        this._pick(index);
      });
      list.append(option);
    });
    list.hidden = false;
    this._textarea.setAttribute(
      'aria-activedescendant',
      `${list.id}-${this._active}`
    );
  }

  private _onKeyDown = (event: KeyboardEvent): void => {
    if (!this.isOpen || event.isComposing) {
      return;
    }
    const plain =
      !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
    const count = this._items.length;
    let handled = true;
    if (event.key === 'ArrowDown') {
      this._active = (this._active + 1) % count;
      this._render();
    } else if (event.key === 'ArrowUp') {
      this._active = (this._active - 1 + count) % count;
      this._render();
    } else if ((event.key === 'Enter' || event.key === 'Tab') && plain) {
      this._pick(this._active);
    } else if (event.key === 'Escape') {
      // Closes the list only: it does not stop the agent's reply.
      this._close(true);
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  };

  private _pick(index: number): void {
    const found = this._found;
    const item = this._items[index];
    const provider = this._options.provider();
    if (!found || !item || !provider) {
      return;
    }
    const done = provider.completion(this._textarea.value, found, item.name);
    this._textarea.value = done.text;
    this._textarea.setSelectionRange(done.caret, done.caret);
    this._close();
    this.update();
  }

  /** Close the list; `dismiss` keeps it closed for this `@` word. */
  private _close(dismiss = false): void {
    if (dismiss && this._found) {
      this._dismissed = this._found.from;
    } else if (!dismiss) {
      this._dismissed = null;
    }
    this._list.hidden = true;
    this._list.textContent = '';
    this._items = [];
    this._found = null;
    this._textarea.removeAttribute('aria-activedescendant');
  }

  private _options: AgentCompletion.IOptions;
  private _textarea: HTMLTextAreaElement;
  private _list = document.createElement('ul');
  private _recipient = document.createElement('div');
  private _items: readonly AgentCompletion.IItem[] = [];
  private _active = 0;
  private _found: AgentCompletion.IFound | null = null;
  private _dismissed: number | null = null;
}

/**
 * The namespace of `AgentCompletion`.
 */
export namespace AgentCompletion {
  /** An agent in the list. */
  export interface IItem {
    /** The name it is addressed by. */
    readonly name: string;
    /** What it is ("this page", "headless"), or empty. */
    readonly detail: string;
  }

  /** The `@` word at the caret and the agents that match it. */
  export interface IFound {
    /** Where the `@` is. */
    readonly from: number;
    /** Where the word ends. */
    readonly to: number;
    /** The agents that match, best first. */
    readonly items: readonly IItem[];
  }

  /** What the plugin answers the widget with (the core's rules). */
  export interface IProvider {
    /** The `@` word at the caret and its matches, or null. */
    complete(text: string, caret: number): IFound | null;
    /** The text with the word completed to `@name `, and the caret. */
    completion(
      text: string,
      found: IFound,
      name: string
    ): { text: string; caret: number };
    /** The agent the text goes to, or null: no agent answers it. */
    recipient(text: string): string | null;
  }

  /** Translated labels. */
  export interface ILabels {
    /** The list's accessible name. */
    list: string;
    /** "To: Ada". */
    to: (name: string) => string;
    /** When no agent answers. */
    nobody: string;
  }

  /** The options of an `AgentCompletion`. */
  export interface IOptions {
    /** The chat's input. */
    textarea: HTMLTextAreaElement;
    labels: ILabels;
    /** The current notebook's provider, or null (no notebook). */
    provider: () => IProvider | null;
  }
}

namespace Private {
  let count = 0;

  /** An id for a list, unique in the page. */
  export function newId(): number {
    return count++;
  }
}
