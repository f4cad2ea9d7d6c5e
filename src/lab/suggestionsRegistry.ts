import type { YBaseCell, YNotebook } from '@jupyter/ydoc';
import type { CodeEditor } from '@jupyterlab/codeeditor';
import { EditorExtensionRegistry } from '@jupyterlab/codemirror';
import { NotebookPanel } from '@jupyterlab/notebook';
import { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';

import type { IAuthor } from '../core/suggestions';
import { CommandIDs, ISuggestionsRegistry } from '../tokens';
import {
  ICellMarks,
  ISuggestionMarksSource,
  suggestionMarks
} from '../widgets/suggestionMarks';
import { branchBinding } from './branchBinding';
import { NotebookSuggestions } from './notebookSuggestions';

/**
 * The suggestions of every open notebook, and the bridge from a cell editor
 * (which only knows its cell's shared model) to the suggestions of the
 * notebook that cell belongs to.
 */
export class SuggestionsRegistry implements ISuggestionsRegistry {
  constructor(options: SuggestionsRegistry.IOptions) {
    this._author = options.author;
    this._trans = options.translator.load('jupyterlab_coauthor');
    this._execute = options.execute;
    this._notify = options.notify ?? (() => undefined);
  }

  /** Emitted when any notebook's suggestions change. */
  get changed(): ISignal<this, NotebookSuggestions | null> {
    return this._changed;
  }

  /** Apply settings to every notebook, now and later. */
  configure(options: {
    showMarksWhileEditing: boolean;
    saveDelay: number;
    switchMode?: 'swap' | 'inPlace';
  }) {
    this._options = options;
    for (const suggestions of this._byPanel.values()) {
      suggestions.showMarksWhileEditing = options.showMarksWhileEditing;
    }
    this._changed.emit(null);
  }

  /** Start the suggestions of a notebook panel (its context is ready). */
  attach(panel: NotebookPanel): NotebookSuggestions {
    const existing = this._byPanel.get(panel);
    if (existing) {
      return existing;
    }
    const suggestions = new NotebookSuggestions({
      panel,
      author: this._author,
      trans: this._trans,
      saveDelay: this._options.saveDelay,
      switchMode: this._options.switchMode,
      execute: this._execute,
      notify: this._notify
    });
    suggestions.showMarksWhileEditing = this._options.showMarksWhileEditing;
    this._byPanel.set(panel, suggestions);
    suggestions.changed.connect(() => this._changed.emit(suggestions));
    panel.disposed.connect(() => {
      this._byPanel.delete(panel);
      suggestions.dispose();
      this._changed.emit(null);
    });
    this._changed.emit(suggestions);
    return suggestions;
  }

  /** The suggestions of a panel, or null before its context is ready. */
  get(panel: NotebookPanel): NotebookSuggestions | null {
    return this._byPanel.get(panel) ?? null;
  }

  /** The suggestions a notebook (or branch) document belongs to. */
  byDoc(doc: YNotebook): NotebookSuggestions | null {
    // Asked by every rendered editor after each change: remembered until a
    // notebook closes (a document stays the notebook's, or its branch's).
    const known = this._byDoc.get(doc);
    if (known && !known.isDisposed) {
      return known;
    }
    for (const suggestions of this._byPanel.values()) {
      if (suggestions.owns(doc)) {
        this._byDoc.set(doc, suggestions);
        return suggestions;
      }
    }
    return null;
  }

  /**
   * The CodeMirror extension for a cell editor: the cell's marks, looked up
   * each time they may have changed (the editor may be created before the
   * notebook's suggestions are).
   */
  editorExtension(model: CodeEditor.IModel) {
    const cell = model.sharedModel as unknown as YBaseCell<any>;
    if (!cell || typeof (cell as any).getId !== 'function') {
      return null;
    }
    const source: ISuggestionMarksSource = {
      marksFor: (): ICellMarks | null => {
        const notebook = cell.notebook as YNotebook | null;
        if (!notebook) {
          return null;
        }
        return this.byDoc(notebook)?.marksFor(notebook, cell.getId()) ?? null;
      },
      changed: this._changed,
      accept: changeId =>
        void this._execute(CommandIDs.acceptChange, { changeId }),
      reject: changeId =>
        void this._execute(CommandIDs.rejectChange, { changeId }),
      labels: {
        accept: this._trans.__('Accept'),
        reject: this._trans.__('Reject'),
        by: this._trans.__('Suggested by')
      }
    };
    return EditorExtensionRegistry.createImmutableExtension(
      suggestionMarks(source)
    );
  }

  /**
   * The CodeMirror extension binding a notebook cell's editor to the user's
   * branch while suggesting with the in-place switch (branchBinding.ts).
   */
  bindingExtension(model: CodeEditor.IModel) {
    const cell = model.sharedModel as unknown as YBaseCell<any>;
    if (!cell || typeof (cell as any).getId !== 'function') {
      return null;
    }
    return EditorExtensionRegistry.createImmutableExtension(
      branchBinding({
        target: () => {
          const notebook = cell.notebook as YNotebook | null;
          return notebook
            ? (this.byDoc(notebook)?.bindingTargetFor(cell.getId()) ?? null)
            : null;
        }
      })
    );
  }

  private _author: () => IAuthor;
  private _trans: TranslationBundle;
  private _execute: (id: string, args: Record<string, string>) => unknown;
  private _notify: (message: string) => void;
  private _options: {
    showMarksWhileEditing: boolean;
    saveDelay: number;
    switchMode?: 'swap' | 'inPlace';
  } = { showMarksWhileEditing: true, saveDelay: 500 };
  private _byPanel = new Map<NotebookPanel, NotebookSuggestions>();
  private _byDoc = new WeakMap<YNotebook, NotebookSuggestions>();
  private _changed = new Signal<this, NotebookSuggestions | null>(this);
}

/**
 * The namespace of `SuggestionsRegistry`.
 */
export namespace SuggestionsRegistry {
  /** The options of a `SuggestionsRegistry`. */
  export interface IOptions {
    /** The current user, as the author of their suggestions. */
    author: () => IAuthor;
    translator: ITranslator;
    /** Run a command (the marks' buttons only forward intent). */
    execute: (id: string, args: Record<string, string>) => unknown;
    /** Tell the user something (a notification). */
    notify?: (message: string) => void;
  }
}
