import { Widget } from '@lumino/widgets';

/**
 * The chat's header: what the conversation is doing ("Ann is talking to
 * gpt-4o-mini · editing cell 3"), the same for everyone who has the
 * notebook open, and this user's model, picked from the endpoint's list or
 * typed. It renders what the plugin gives it and forwards the user's
 * choice; it lists nothing itself.
 */
export class ChatHeader extends Widget {
  constructor(options: ChatHeader.IOptions) {
    super();
    this._options = options;
    this.addClass('jp-coauthor-ChatHeader');
    const { labels } = options;

    this._status = document.createElement('div');
    this._status.className = 'jp-coauthor-ChatHeader-status';
    this._status.setAttribute('role', 'status');

    const picker = document.createElement('div');
    picker.className = 'jp-coauthor-ChatHeader-picker';
    const label = document.createElement('label');
    label.className = 'jp-coauthor-ChatHeader-label';
    label.textContent = labels.model;
    const listId = `jp-coauthor-models-${Private.nextId()}`;
    this._input = document.createElement('input');
    this._input.className = 'jp-mod-styled jp-coauthor-ChatHeader-model';
    this._input.type = 'text';
    this._input.spellcheck = false;
    this._input.setAttribute('list', listId);
    this._input.setAttribute('aria-label', labels.model);
    this._input.placeholder = labels.modelPlaceholder;
    label.htmlFor = this._input.id = `${listId}-input`;
    this._list = document.createElement('datalist');
    this._list.id = listId;
    const refresh = document.createElement('button');
    refresh.type = 'button';
    refresh.className =
      'jp-Button jp-mod-styled jp-mod-minimal jp-coauthor-ChatHeader-refresh';
    refresh.textContent = '↻';
    refresh.title = labels.refreshModels;
    refresh.setAttribute('aria-label', labels.refreshModels);
    refresh.addEventListener('click', () => options.onRefreshModels());
    this._why = document.createElement('div');
    this._why.className = 'jp-coauthor-ChatHeader-why';
    this._why.hidden = true;

    // A choice is saved when it is made (picked from the list, or typed and
    // confirmed with Enter or by leaving the field), not on each keystroke.
    const commit = () => {
      const model = this._input.value.trim();
      if (model && model !== this._model) {
        this._model = model;
        options.onModelChange(model);
      }
    };
    this._input.addEventListener('change', commit);
    this._input.addEventListener('keydown', event => {
      if (event.key === 'Enter') {
        event.preventDefault();
        commit();
      } else if (event.key === 'Escape') {
        // Escape here undoes the typing; it must not stop the agent.
        event.stopPropagation();
        this._input.value = this._model;
      }
    });
    this._input.addEventListener('focus', () => options.onRefreshModels());

    picker.append(label, this._input, this._list, refresh);
    this.node.append(this._status, picker, this._why);
    this.setStatus(null);
  }

  /** The model the input shows. */
  get model(): string {
    return this._model;
  }

  /** What the conversation is doing (null: nothing). */
  setStatus(status: ChatHeader.IStatus | null): void {
    this._status.textContent = status?.text ?? '';
    this._status.hidden = !status;
    this._status.style.setProperty(
      '--jp-coauthor-author-color',
      status?.color ?? ''
    );
  }

  /** Show the saved model (unless the user is typing another). */
  setModel(model: string): void {
    this._model = model;
    if (document.activeElement !== this._input) {
      this._input.value = model;
    }
  }

  /**
   * The endpoint's models; or, with `why`, why there is no list — the input
   * keeps what was typed or saved, and the user can go on typing.
   */
  setModels(models: readonly string[], why: string | null = null): void {
    this._list.textContent = '';
    for (const id of models) {
      const option = document.createElement('option');
      option.value = id;
      this._list.appendChild(option);
    }
    this._why.textContent = why ?? '';
    this._why.hidden = !why;
    this._input.title = why ?? this._options.labels.modelsFound(models.length);
    this.node.dataset.models = String(models.length);
  }

  private _options: ChatHeader.IOptions;
  private _status: HTMLElement;
  private _input: HTMLInputElement;
  private _list: HTMLDataListElement;
  private _why: HTMLElement;
  private _model = '';
}

/**
 * The namespace of `ChatHeader`.
 */
export namespace ChatHeader {
  /** Translated labels. */
  export interface ILabels {
    /** The model input's label ("Model"). */
    model: string;
    /** Its placeholder when no model is set. */
    modelPlaceholder: string;
    /** The button that reloads the list. */
    refreshModels: string;
    /** The input's tooltip once listed ("12 models on the server"). */
    modelsFound: (count: number) => string;
  }

  /** What the conversation is doing, as one line. */
  export interface IStatus {
    /** The line, e.g. "Ann is talking to gpt-4o-mini · editing cell 3". */
    text: string;
    /** The agent's colour. */
    color?: string;
  }

  /** The options of the header. */
  export interface IOptions {
    labels: ILabels;
    /** The user chose a model. */
    onModelChange: (model: string) => void;
    /** The list should be (re)loaded. */
    onRefreshModels: () => void;
  }
}

namespace Private {
  let counter = 0;
  /** A unique id for the datalist of each header. */
  export function nextId(): number {
    return ++counter;
  }
}
