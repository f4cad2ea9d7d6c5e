import {
  Annotation,
  ChangeSpec,
  EditorState,
  Extension,
  Facet,
  Prec,
  StateEffect,
  StateField,
  Transaction
} from '@codemirror/state';
import { EditorView, keymap, ViewPlugin, ViewUpdate } from '@codemirror/view';
// From the package root, never a deep path: the annotation and the facet are
// compared by identity, and JupyterLab shares this package as one module.
import { ySyncAnnotation, ySyncFacet } from '@jupyterlab/codemirror';
import type * as Y from 'yjs';

/**
 * Suggesting mode without a model swap (docs/branches.md): a cell editor of
 * the notebook, bound to the branch's copy of its cell while suggesting.
 *
 * JupyterLab binds every cell editor to the notebook's `Y.Text` with its
 * `ySync` plugin (@jupyterlab/codemirror's ybinding). That plugin writes an
 * editor transaction to the notebook unless the transaction carries
 * `ySyncAnnotation.of(itsConfig)`, and applies the notebook's remote changes
 * as transactions carrying that annotation. While this extension binds the
 * editor to the branch it therefore
 * - annotates every transaction that changes the document, so the notebook's
 *   `ySync` never writes it (`transactionExtender`);
 * - drops the changes of the notebook's `ySync` (`changeFilter`): the branch
 *   follows the notebook, so a collaborator's typing arrives through the
 *   branch's `Y.Text`, at the branch's positions;
 * - writes the user's changes to the branch's `Y.Text` and applies that
 *   text's other changes to the editor (`BranchSync`, like `ySync`);
 * - routes undo and redo to the branch cell's own history.
 * Entering replaces the editor's text by the branch's, leaving by the
 * notebook's, each as the smallest change (the cursor stays where it is).
 */

/** What a cell's editor is bound to. */
export type BranchBindingTarget =
  /** The notebook itself (editing mode): JupyterLab's own binding only. */
  | null
  /** Suggesting, but the branch has no such cell (it deletes it): read-only. */
  | 'absent'
  /** Suggesting: the branch's copy of the cell. */
  | IBranchText;

/** The branch's copy of one cell's text. */
export interface IBranchText {
  /** The branch cell's source. */
  readonly ytext: Y.Text;
  /**
   * The origin of the transactions writing the user's typing: the branch's
   * `YCell`, so the branch records them in that cell's chain.
   */
  readonly origin: object;
  /** Undo and redo in this cell's text on the branch. */
  undo(): void;
  redo(): void;
}

/** Where an editor learns what to bind to. */
export interface IBranchBindingSource {
  /** What the editor must be bound to now. */
  target(): BranchBindingTarget;
}

/** The extension for one cell editor. */
export function branchBinding(source: IBranchBindingSource): Extension {
  return [
    sourceFacet.of(source),
    boundField,
    EditorState.readOnly.from(boundField, bound => bound === 'absent'),
    EditorState.changeFilter.of(tr => {
      // The notebook's own binding applying a notebook change: while bound
      // to the branch, the same change comes through the branch.
      const conf = tr.startState.facet(ySyncFacet);
      return !(
        conf &&
        tr.annotation(ySyncAnnotation) === conf &&
        !tr.annotation(ownChange) &&
        tr.startState.field(boundField) !== null
      );
    }),
    EditorState.transactionExtender.of(tr => {
      const conf = tr.startState.facet(ySyncFacet);
      if (
        !conf ||
        !tr.docChanged ||
        tr.annotation(ySyncAnnotation) !== undefined ||
        (tr.startState.field(boundField) === null && !entersBranch(tr))
      ) {
        return null;
      }
      // Hidden from the notebook's ySync: this change is the branch's.
      return { annotations: ySyncAnnotation.of(conf) };
    }),
    Prec.highest(
      keymap.of([
        { key: 'Mod-z', run: view => historyStep(view, 'undo') },
        { key: 'Mod-Shift-z', run: view => historyStep(view, 'redo') },
        { key: 'Mod-y', run: view => historyStep(view, 'redo') }
      ])
    ),
    branchSyncPlugin
  ];
}

/**
 * Bring an editor to what its source says now (a switch of the mode, or the
 * branch rebuilt). Returns whether anything changed. Never call it from
 * inside an update of that editor.
 */
export function syncBranchBinding(view: EditorView): boolean {
  return view.plugin(branchSyncPlugin)?.sync() ?? false;
}

/** The branch text an editor is bound to now (for tests), or its state. */
export function boundTarget(state: EditorState): BranchBindingTarget {
  return state.field(boundField, false) ?? null;
}

/** The editor's source (one per editor). */
const sourceFacet = Facet.define<
  IBranchBindingSource,
  IBranchBindingSource | null
>({ combine: values => values[values.length - 1] ?? null });

/** Marks the transactions this extension makes itself. */
const ownChange = Annotation.define<true>();

const setBound = StateEffect.define<BranchBindingTarget>();

const boundField = StateField.define<BranchBindingTarget>({
  create: () => null,
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setBound)) {
        value = effect.value;
      }
    }
    return value;
  }
});

function entersBranch(tr: Transaction): boolean {
  return tr.effects.some(e => e.is(setBound) && e.value !== null);
}

function historyStep(view: EditorView, step: 'undo' | 'redo'): boolean {
  const bound = view.state.field(boundField, false);
  if (!bound) {
    // Editing mode: JupyterLab's own undo (the notebook's history).
    return false;
  }
  if (bound !== 'absent') {
    bound[step]();
  }
  return true;
}

/** The smallest change turning `from` into `to`: common ends kept. */
function minimalChange(from: string, to: string): ChangeSpec | null {
  if (from === to) {
    return null;
  }
  let start = 0;
  const max = Math.min(from.length, to.length);
  while (start < max && from[start] === to[start]) {
    start++;
  }
  let end = 0;
  while (
    end < max - start &&
    from[from.length - 1 - end] === to[to.length - 1 - end]
  ) {
    end++;
  }
  return {
    from: start,
    to: from.length - end,
    insert: to.slice(start, to.length - end)
  };
}

/**
 * The editor's side of the branch binding, as `ySync` is the notebook's: the
 * user's changes into the branch text, the branch text's other changes into
 * the editor.
 */
class BranchSync {
  constructor(readonly view: EditorView) {
    this.source = view.state.facet(sourceFacet) ?? { target: () => null };
    // An editor made while suggesting (a cell rendered late, a new cell)
    // binds at once; not from here: the view is in the middle of its setup.
    if (this.source.target() !== null) {
      queueMicrotask(() => {
        if (!this._destroyed) {
          this.sync();
        }
      });
    }
  }

  readonly source: IBranchBindingSource;

  /** Bind to what the source says now; true if that changed anything. */
  sync(): boolean {
    const target = this.source.target();
    const state = this.view.state;
    const current = state.field(boundField);
    if (target === current) {
      return false;
    }
    const text =
      target === null
        ? (state.facet(ySyncFacet)?.ytext.toString() ?? state.doc.toString())
        : target === 'absent'
          ? null
          : target.ytext.toString();
    this._observe(target === null || target === 'absent' ? null : target);
    const conf = state.facet(ySyncFacet);
    const changes =
      text === null ? null : minimalChange(state.doc.toString(), text);
    this.view.dispatch({
      changes: changes ?? undefined,
      effects: setBound.of(target),
      annotations: [
        ownChange.of(true),
        // The notebook's ySync must not write this: on entering it is the
        // branch's text, on leaving it is already the notebook's.
        ...(conf ? [ySyncAnnotation.of(conf)] : [])
      ]
    });
    return true;
  }

  update(update: ViewUpdate): void {
    const bound = update.state.field(boundField);
    if (!bound || bound === 'absent' || !update.docChanged) {
      return;
    }
    // The user's changes only: ours (entering, the branch's remote changes)
    // are already in the branch text.
    const userTransactions = update.transactions.filter(
      tr => tr.docChanged && !tr.annotation(ownChange)
    );
    if (!userTransactions.length) {
      return;
    }
    const ytext = bound.ytext;
    this._writing = true;
    try {
      ytext.doc!.transact(() => {
        for (const tr of userTransactions) {
          let adj = 0;
          tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
            const insert = inserted.sliceString(0, inserted.length, '\n');
            if (fromA !== toA) {
              ytext.delete(fromA + adj, toA - fromA);
            }
            if (insert.length) {
              ytext.insert(fromA + adj, insert);
            }
            adj += insert.length - (toA - fromA);
          });
        }
      }, bound.origin);
    } finally {
      this._writing = false;
    }
  }

  destroy(): void {
    this._destroyed = true;
    this._observe(null);
  }

  private _observe(target: IBranchText | null): void {
    if (this._observed === target?.ytext) {
      return;
    }
    this._observed?.unobserve(this._onBranchChange);
    this._observed = target?.ytext ?? null;
    this._observed?.observe(this._onBranchChange);
  }

  /** A change of the branch text made elsewhere: a collaborator, undo, a review. */
  private _onBranchChange = (event: Y.YTextEvent) => {
    if (this._writing) {
      return;
    }
    const changes: ChangeSpec[] = [];
    let pos = 0;
    for (const d of event.delta) {
      if (d.insert !== undefined) {
        changes.push({ from: pos, to: pos, insert: d.insert as string });
      } else if (d.delete !== undefined) {
        changes.push({ from: pos, to: pos + d.delete, insert: '' });
        pos += d.delete;
      } else {
        pos += d.retain ?? 0;
      }
    }
    this.view.dispatch({ changes, annotations: ownChange.of(true) });
  };

  private _observed: Y.Text | null = null;
  private _writing = false;
  private _destroyed = false;
}

const branchSyncPlugin = ViewPlugin.fromClass(BranchSync);
