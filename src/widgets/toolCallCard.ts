/**
 * One tool call of the agent, as the chat shows it: a compact card with
 * its status, what it did in words, its review actions, and the raw
 * arguments and result behind a disclosure. It renders plain data and
 * forwards the user's intent; what it says is computed in the core.
 */

/** Where a call is (see the core's `ToolCallStatus`). */
export type ToolCardStatus = 'running' | 'done' | 'failed' | 'not-run';

/** What one card shows. */
export interface IToolCallCardView {
  /** The call's id. */
  id: string;
  /** The tool's name. */
  name: string;
  /** Where it is. */
  status: ToolCardStatus;
  /** What it did, in words ("Edited cell 3: +1 −1"). */
  summary: string;
  /** Why it failed, when it did. */
  error?: string;
  /**
   * Where its suggestion is in review: `pending` offers Keep and Undo;
   * `kept` and `undone` say so; null or absent: nothing to review.
   */
  review?: 'pending' | 'kept' | 'undone' | null;
  /** Whether Show has a cell to go to. */
  canShow: boolean;
  /** The arguments as the model sent them (JSON text, maybe malformed). */
  arguments: string;
  /** The result sent back to the model, once there is one. */
  result?: string;
}

/** What the user asks of a card. */
export type ToolCardAction = 'show' | 'keep' | 'undo';

/**
 * A tool call card. Updated in place, so that an open disclosure and the
 * focus stay where they are when the card's state changes.
 */
export class ToolCallCard {
  /** Create an empty card; `update` fills it. */
  constructor(options: ToolCallCard.IOptions) {
    this._options = options;
    const labels = options.labels;
    const node = document.createElement('div');
    node.className = 'jp-coauthor-ToolCard';
    node.setAttribute('role', 'group');

    const head = document.createElement('div');
    head.className = 'jp-coauthor-ToolCard-head';
    this._icon = document.createElement('span');
    this._icon.className = 'jp-coauthor-ToolCard-icon';
    this._icon.setAttribute('aria-hidden', 'true');
    this._summary = document.createElement('span');
    this._summary.className = 'jp-coauthor-ToolCard-summary';
    this._state = document.createElement('span');
    this._state.className = 'jp-coauthor-ToolCard-state';
    this._review = document.createElement('span');
    this._review.className = 'jp-coauthor-ToolCard-review';
    const actions = document.createElement('span');
    actions.className = 'jp-coauthor-ToolCard-actions';
    this._show = this._button('show', labels.show);
    this._keep = this._button('keep', labels.keep);
    this._undo = this._button('undo', labels.undo);
    actions.append(this._show, this._keep, this._undo);
    head.append(this._icon, this._summary, this._state, this._review, actions);

    this._error = document.createElement('div');
    this._error.className = 'jp-coauthor-ToolCard-error';

    const details = document.createElement('details');
    details.className = 'jp-coauthor-ToolCard-raw';
    const summary = document.createElement('summary');
    summary.textContent = labels.details;
    const argsTitle = document.createElement('div');
    argsTitle.className = 'jp-coauthor-ToolCard-rawTitle';
    argsTitle.textContent = labels.arguments;
    this._args = document.createElement('pre');
    const resultTitle = document.createElement('div');
    resultTitle.className = 'jp-coauthor-ToolCard-rawTitle';
    resultTitle.textContent = labels.result;
    this._result = document.createElement('pre');
    this._resultTitle = resultTitle;
    details.append(summary, argsTitle, this._args, resultTitle, this._result);

    node.append(head, this._error, details);
    this.node = node;
  }

  /** The card's element. */
  readonly node: HTMLElement;

  /** Show a call's current state. */
  update(view: IToolCallCardView): void {
    const labels = this._options.labels;
    this._view = view;
    const node = this.node;
    node.dataset.callId = view.id;
    node.dataset.tool = view.name;
    node.dataset.status = view.status;
    node.dataset.review = view.review ?? '';
    for (const status of ['running', 'done', 'failed', 'not-run']) {
      node.classList.toggle(`jp-mod-${status}`, view.status === status);
    }
    const statusText = labels.status[view.status];
    node.setAttribute('aria-label', `${view.summary} (${statusText})`);
    node.setAttribute('aria-busy', String(view.status === 'running'));
    this._icon.textContent = Private.ICONS[view.status];
    this._summary.textContent = view.summary;
    // Said in words too, not by colour alone.
    this._state.textContent =
      view.status === 'failed' ? labels.status.failed : '';
    this._state.hidden = view.status !== 'failed';

    const review = view.review ?? null;
    this._review.textContent =
      review === 'kept'
        ? labels.kept
        : review === 'undone'
          ? labels.undone
          : '';
    this._review.hidden = review !== 'kept' && review !== 'undone';
    this._review.dataset.review = review ?? '';
    this._show.hidden = !view.canShow;
    this._keep.hidden = review !== 'pending';
    this._undo.hidden = review !== 'pending';
    for (const [button, label] of [
      [this._show, labels.show],
      [this._keep, labels.keep],
      [this._undo, labels.undo]
    ] as const) {
      button.setAttribute('aria-label', `${label}: ${view.summary}`);
    }

    this._error.textContent = view.error ?? '';
    this._error.hidden = !view.error;

    Private.setText(this._args, Private.pretty(view.arguments));
    const hasResult = view.result !== undefined;
    this._resultTitle.hidden = !hasResult;
    this._result.hidden = !hasResult;
    Private.setText(
      this._result,
      hasResult ? Private.pretty(view.result!) : ''
    );
  }

  private _button(action: ToolCardAction, label: string): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `jp-Button jp-mod-styled jp-mod-small jp-coauthor-ToolCard-${action}`;
    if (action === 'keep') {
      button.classList.add('jp-mod-accept');
    }
    button.textContent = label;
    button.addEventListener('click', () => {
      if (this._view) {
        this._options.onAction(this._view.id, action);
      }
    });
    return button;
  }

  private _options: ToolCallCard.IOptions;
  private _view: IToolCallCardView | null = null;
  private _icon: HTMLElement;
  private _summary: HTMLElement;
  private _state: HTMLElement;
  private _review: HTMLElement;
  private _show: HTMLButtonElement;
  private _keep: HTMLButtonElement;
  private _undo: HTMLButtonElement;
  private _error: HTMLElement;
  private _args: HTMLElement;
  private _result: HTMLElement;
  private _resultTitle: HTMLElement;
}

/**
 * The namespace of `ToolCallCard`.
 */
export namespace ToolCallCard {
  /** Translated labels. */
  export interface ILabels {
    /** The button that scrolls the notebook to the call's cell. */
    show: string;
    /** The button that accepts the call's suggested change. */
    keep: string;
    /** The button that rejects it. */
    undo: string;
    /** Said once the change was accepted (by anyone). */
    kept: string;
    /** Said once it was rejected (by anyone). */
    undone: string;
    /** The disclosure of the raw call. */
    details: string;
    /** The title of the raw arguments. */
    arguments: string;
    /** The title of the raw result. */
    result: string;
    /** Each status in words (for screen readers, and "Failed" on the card). */
    status: Record<ToolCardStatus, string>;
  }

  /** The options of a card. */
  export interface IOptions {
    labels: ILabels;
    /** The user asks something of the call with this id. */
    onAction: (callId: string, action: ToolCardAction) => void;
  }
}

namespace Private {
  /** The status marks (the words are in the aria label and the state). */
  export const ICONS: Record<ToolCardStatus, string> = {
    running: '⋯',
    done: '✓',
    failed: '✕',
    'not-run': '–'
  };

  /** JSON indented for reading; other text as it is. */
  export function pretty(text: string): string {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  }

  /** Set a node's text only when it changed (keeps a selection in it). */
  export function setText(node: HTMLElement, text: string): void {
    if (node.textContent !== text) {
      node.textContent = text;
    }
  }
}
