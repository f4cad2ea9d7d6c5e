import { CommandRegistry } from '@lumino/commands';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

/**
 * One change of a suggestion, as the panel shows it.
 */
export interface IChangeSummary {
  /** The change's stable id. */
  id: string;
  /** The nbformat id of the cell it concerns. */
  cellId: string;
  /** The cell's position (1-based) for display, or null when it has none. */
  position: number | null;
  /** What kind of change it is, already translated ("edited", "new cell"...). */
  kind: string;
  /** Lines added and removed, for source edits. */
  added: number;
  removed: number;
  /** A conflict description, already translated, when it cannot apply cleanly. */
  conflict?: string;
  /** A short preview of the cell, for recognising it. */
  preview: string;
}

/**
 * One suggestion (a branch by one author), as the panel shows it.
 */
export interface ISuggestionSummary {
  /** The suggestion's (branch's) id. */
  id: string;
  /** Who suggested it. */
  author: { name: string; color: string };
  /** When it last changed (ms since the epoch). */
  time: number;
  /** Its changes, in notebook order. */
  changes: IChangeSummary[];
}

/** What the panel shows: the current notebook's suggestions. */
export interface ISuggestionsPanelContent {
  /** The notebook's label, or null when there is no notebook. */
  notebookLabel: string | null;
  /** Its suggestions. */
  suggestions: ISuggestionSummary[];
}

/**
 * The Suggestions side panel: every suggestion of the current notebook with
 * its author, colour, time and changes, and accept/reject per change, per
 * suggestion and for all. It only renders what it is given and runs commands;
 * it owns no data.
 *
 * It renders only while visible: `refresh()` says that what it shows has
 * changed, and the panel asks its `content` when it is next painted, or when
 * it is shown. Rebuilt on every change while hidden in the sidebar, it cost
 * every keystroke next to suggestions a summary of every change and a new
 * DOM (issue 12).
 */
export class SuggestionsPanel extends Widget {
  constructor(options: SuggestionsPanel.IOptions) {
    super();
    this._commands = options.commands;
    this._labels = options.labels;
    this._content = options.content ?? null;
    this.addClass('jp-coauthor-SuggestionsPanel');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', options.labels.title);
    this.render(null, []);
    this._stale = this._content !== null;
  }

  /**
   * What the panel shows has changed: render it at the next update if the
   * panel is visible, else when it is shown.
   */
  refresh(): void {
    this._stale = true;
    if (this.isVisible) {
      this.update();
    }
  }

  /** Whether the panel has changes to render when it is next shown. */
  get isStale(): boolean {
    return this._stale;
  }

  protected onUpdateRequest(msg: Message): void {
    super.onUpdateRequest(msg);
    if (!this.isVisible || !this._stale || !this._content) {
      return;
    }
    this._stale = false;
    const { notebookLabel, suggestions } = this._content();
    this.render(notebookLabel, suggestions);
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    if (this._stale) {
      this.update();
    }
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    if (this._stale && this.isVisible) {
      this.update();
    }
  }

  /**
   * Show the suggestions of a notebook (`notebookLabel` null: no notebook).
   */
  render(notebookLabel: string | null, suggestions: ISuggestionSummary[]) {
    const labels = this._labels;
    const node = this.node;
    node.textContent = '';

    const header = document.createElement('div');
    header.className = 'jp-coauthor-SuggestionsPanel-header';
    const title = document.createElement('h2');
    title.textContent = labels.title;
    header.appendChild(title);
    const count = suggestions.reduce((n, s) => n + s.changes.length, 0);
    if (count) {
      const all = document.createElement('div');
      all.className = 'jp-coauthor-SuggestionsPanel-all';
      const conflicts = suggestions.reduce(
        (n, s) => n + s.changes.filter(c => c.conflict).length,
        0
      );
      all.append(
        this._button(
          labels.acceptAll,
          'coauthor:accept-all',
          {},
          'accept',
          this._acceptTitle(labels.acceptAll, count, conflicts)
        ),
        this._button(labels.rejectAll, 'coauthor:reject-all', {}, 'reject')
      );
      header.appendChild(all);
    }
    node.appendChild(header);

    if (!notebookLabel || !count) {
      const empty = document.createElement('p');
      empty.className = 'jp-coauthor-SuggestionsPanel-empty';
      empty.textContent = notebookLabel ? labels.empty : labels.noNotebook;
      node.appendChild(empty);
      return;
    }

    for (const suggestion of suggestions) {
      if (!suggestion.changes.length) {
        continue;
      }
      const section = document.createElement('section');
      section.className = 'jp-coauthor-Suggestion';
      section.dataset.branchId = suggestion.id;
      section.setAttribute(
        'style',
        `--jp-coauthor-author-color: ${suggestion.author.color}`
      );

      const head = document.createElement('div');
      head.className = 'jp-coauthor-Suggestion-head';
      const who = document.createElement('span');
      who.className = 'jp-coauthor-Suggestion-author';
      who.textContent = suggestion.author.name;
      const when = document.createElement('time');
      when.className = 'jp-coauthor-Suggestion-time';
      when.dateTime = new Date(suggestion.time).toISOString();
      when.textContent = new Date(suggestion.time).toLocaleTimeString();
      head.append(
        who,
        when,
        this._button(
          labels.accept,
          'coauthor:accept-suggestion',
          { branchId: suggestion.id },
          'accept',
          this._acceptTitle(
            labels.accept,
            suggestion.changes.length,
            suggestion.changes.filter(c => c.conflict).length
          )
        ),
        this._button(
          labels.reject,
          'coauthor:reject-suggestion',
          { branchId: suggestion.id },
          'reject'
        )
      );
      section.appendChild(head);

      const list = document.createElement('ul');
      list.className = 'jp-coauthor-Suggestion-changes';
      for (const change of suggestion.changes) {
        list.appendChild(this._changeRow(change));
      }
      section.appendChild(list);
      node.appendChild(section);
    }
  }

  private _changeRow(change: IChangeSummary): HTMLElement {
    const labels = this._labels;
    const row = document.createElement('li');
    row.className = 'jp-coauthor-Change';
    row.dataset.changeId = change.id;
    row.dataset.cellId = change.cellId;
    if (change.conflict) {
      row.classList.add('jp-mod-conflict');
    }

    const show = document.createElement('button');
    show.className = 'jp-coauthor-Change-show';
    show.title = labels.show;
    const where = document.createElement('span');
    where.className = 'jp-coauthor-Change-where';
    where.textContent =
      change.position === null
        ? change.kind
        : `${labels.cell} ${change.position} · ${change.kind}`;
    const stats = document.createElement('span');
    stats.className = 'jp-coauthor-Change-stats';
    if (change.added || change.removed) {
      const plus = document.createElement('span');
      plus.className = 'jp-coauthor-Change-added';
      plus.textContent = `+${change.added}`;
      const minus = document.createElement('span');
      minus.className = 'jp-coauthor-Change-removed';
      minus.textContent = `-${change.removed}`;
      stats.append(plus, ' ', minus);
    }
    const preview = document.createElement('span');
    preview.className = 'jp-coauthor-Change-preview';
    preview.textContent = change.preview;
    show.append(where, stats, preview);
    show.addEventListener('click', () => {
      void this._commands.execute('coauthor:show-change', {
        changeId: change.id
      });
    });
    row.appendChild(show);

    if (change.conflict) {
      const conflict = document.createElement('div');
      conflict.className = 'jp-coauthor-Change-conflict';
      conflict.textContent = change.conflict;
      row.appendChild(conflict);
    }

    const actions = document.createElement('span');
    actions.className = 'jp-coauthor-Change-actions';
    actions.append(
      this._button(
        labels.accept,
        'coauthor:accept-change',
        { changeId: change.id },
        'accept',
        // In conflict, accepting is refused: say why on the button instead
        // of after a click.
        change.conflict ? { title: change.conflict, disabled: true } : undefined
      ),
      this._button(
        labels.reject,
        'coauthor:reject-change',
        { changeId: change.id },
        'reject'
      )
    );
    row.appendChild(actions);
    return row;
  }

  private _button(
    label: string,
    command: string,
    args: Record<string, string>,
    kind: 'accept' | 'reject',
    state?: { title: string; disabled: boolean }
  ): HTMLButtonElement {
    const button = document.createElement('button');
    button.className = `jp-Button jp-mod-styled jp-mod-small jp-coauthor-${kind}`;
    button.textContent = label;
    button.title = state?.title ?? label;
    button.disabled = state?.disabled ?? false;
    button.addEventListener('click', event => {
      event.stopPropagation();
      void this._commands.execute(command, args);
    });
    return button;
  }

  /**
   * The state of an Accept that takes `total` changes, `conflicts` of them
   * in conflict (which an accept leaves as they are): disabled when it
   * could take nothing, and saying what it leaves otherwise.
   */
  private _acceptTitle(
    label: string,
    total: number,
    conflicts: number
  ): { title: string; disabled: boolean } | undefined {
    if (!conflicts) {
      return undefined;
    }
    if (conflicts >= total) {
      return { title: this._labels.allInConflict, disabled: true };
    }
    return {
      title: this._labels.someInConflict(label, conflicts),
      disabled: false
    };
  }

  private _commands: CommandRegistry;
  private _labels: SuggestionsPanel.ILabels;
  private _content: (() => ISuggestionsPanelContent) | null;
  private _stale = false;
}

/**
 * The namespace of `SuggestionsPanel`.
 */
export namespace SuggestionsPanel {
  /** Translated labels. */
  export interface ILabels {
    title: string;
    empty: string;
    noNotebook: string;
    accept: string;
    reject: string;
    acceptAll: string;
    rejectAll: string;
    show: string;
    cell: string;
    /** The tooltip of an Accept that can take nothing: all in conflict. */
    allInConflict: string;
    /** The tooltip of an Accept that leaves `conflicts` changes as they are. */
    someInConflict: (accept: string, conflicts: number) => string;
  }

  /** The options of a `SuggestionsPanel`. */
  export interface IOptions {
    commands: CommandRegistry;
    labels: ILabels;
    /**
     * What to show, asked for only when the panel renders (see `refresh`);
     * without it the panel shows what `render` is given.
     */
    content?: () => ISuggestionsPanelContent;
  }
}
