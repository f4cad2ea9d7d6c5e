/**
 * Chips that name the context attached to a message ("Cell 3",
 * "Cell 3, lines 2–4"): removable above the input, read-only on a sent
 * message. They hold a label and an id the plugin gave; what the label
 * stands for stays with the plugin.
 */

/** One chip. */
export interface IContextChip {
  /** The plugin's id of the attachment. */
  id: string;
  /** What it says. */
  label: string;
}

/**
 * The chips above the input: the attachments of the next message.
 */
export class ContextChips {
  constructor(options: ContextChips.IOptions) {
    this._options = options;
    this.node = document.createElement('div');
    this.node.className = 'jp-coauthor-ContextChips';
    this.node.setAttribute('aria-label', options.labels.attached);
    this._render();
  }

  /** The element to place above the input. */
  readonly node: HTMLElement;

  /** The chips, in the order they were added. */
  get items(): readonly IContextChip[] {
    return this._items;
  }

  /** Add a chip; one with the same id replaces it in place. */
  add(chip: IContextChip): void {
    const at = this._items.findIndex(item => item.id === chip.id);
    if (at >= 0) {
      this._items[at] = { ...chip };
    } else {
      this._items.push({ ...chip });
    }
    this._render();
  }

  /** Remove a chip. */
  remove(id: string): void {
    this._items = this._items.filter(item => item.id !== id);
    this._render();
  }

  /** Remove all (after sending). */
  clear(): void {
    this._items = [];
    this._render();
  }

  private _render(): void {
    this.node.textContent = '';
    this.node.hidden = this._items.length === 0;
    for (const item of this._items) {
      const chip = renderChip(item.label);
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'jp-coauthor-ContextChip-remove';
      remove.textContent = '×';
      const what = this._options.labels.remove(item.label);
      remove.title = what;
      remove.setAttribute('aria-label', what);
      remove.addEventListener('click', () => {
        this.remove(item.id);
        this._options.onRemove?.(item.id);
      });
      chip.appendChild(remove);
      this.node.appendChild(chip);
    }
  }

  private _options: ContextChips.IOptions;
  private _items: IContextChip[] = [];
}

/**
 * The namespace of `ContextChips`.
 */
export namespace ContextChips {
  /** Translated labels. */
  export interface ILabels {
    /** The group's accessible name ("Attached to your message"). */
    attached: string;
    /** A remove button's name ("Remove Cell 3"). */
    remove: (label: string) => string;
  }

  /** The options of the chips. */
  export interface IOptions {
    labels: ILabels;
    /** A chip was removed by the user. */
    onRemove?: (id: string) => void;
  }
}

/** One read-only chip (as on a sent message), its label set as text. */
export function renderChip(label: string): HTMLElement {
  const chip = document.createElement('span');
  chip.className = 'jp-coauthor-ContextChip';
  const text = document.createElement('span');
  text.className = 'jp-coauthor-ContextChip-label';
  text.textContent = label;
  chip.appendChild(text);
  return chip;
}
