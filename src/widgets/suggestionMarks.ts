/**
 * Suggestion marks in JupyterLab's own cell editors: a CodeMirror 6
 * extension that shows, inside a cell, how a suggestion differs from the
 * notebook.
 *
 * The editor shows one side of the difference: the notebook's text (editing
 * mode) or the suggestion's text (suggesting mode). The other side is given
 * by a `ISuggestionMarksSource`; the extension diffs the editor's current text
 * against it with `@codemirror/merge`, so marks always line up with what the
 * editor shows, even while someone is typing:
 * - text the suggestion adds is underlined in its author's colour (a mark on
 *   real text when the editor shows the suggestion, a ghost widget when it
 *   shows the notebook);
 * - text the suggestion removes is struck through (a mark on real text when
 *   the editor shows the notebook, a ghost widget when it shows the
 *   suggestion).
 * Accept and reject buttons sit after the first mark; they only run commands.
 */
import { presentableDiff } from '@codemirror/merge';
import {
  EditorState,
  Extension,
  RangeSetBuilder,
  StateEffect,
  StateField
} from '@codemirror/state';
import {
  Decoration,
  DecorationSet,
  EditorView,
  ViewPlugin,
  WidgetType
} from '@codemirror/view';
import type { ISignal } from '@lumino/signaling';

/**
 * What a cell editor needs to draw the marks of one suggestion.
 */
export interface ICellMarks {
  /** The text on the other side of the difference. */
  other: string;
  /** Which side the editor shows: the notebook ('base') or the suggestion. */
  shows: 'base' | 'proposed';
  /** Who suggested it. */
  author: { name: string; color: string };
  /** When it was last changed (ms since the epoch), for the tooltip. */
  time?: number;
  /** The change these marks stand for, for the accept/reject buttons. */
  changeId?: string;
  /**
   * Why the change cannot be accepted (a conflict, translated): its ✓ is
   * disabled with this as its tooltip.
   */
  conflict?: string;
}

/**
 * Where a cell editor gets its marks: the plugin implements it over the
 * branch core, per cell.
 */
export interface ISuggestionMarksSource {
  /** The marks for the cell the editor edits, or null for none. */
  marksFor(): ICellMarks | null;
  /** Emitted when the marks may have changed. */
  readonly changed: ISignal<any, any>;
  /** Accept the change (runs a command). */
  accept(changeId: string): void;
  /** Reject the change (runs a command). */
  reject(changeId: string): void;
  /** Labels for the buttons, already translated. */
  readonly labels: { accept: string; reject: string; by: string };
}

/**
 * Set (or clear, with null) the marks of an editor.
 */
export const setCellMarks = StateEffect.define<ICellMarks | null>();

/**
 * The CodeMirror extension for one cell editor, fed by `source`.
 */
export function suggestionMarks(source: ISuggestionMarksSource): Extension {
  const field = StateField.define<{
    marks: ICellMarks | null;
    decorations: DecorationSet;
  }>({
    create: () => ({ marks: null, decorations: Decoration.none }),
    update(value, tr) {
      let marks = value.marks;
      for (const effect of tr.effects) {
        if (effect.is(setCellMarks)) {
          marks = effect.value;
        }
      }
      if (marks === value.marks && !tr.docChanged) {
        return value;
      }
      return { marks, decorations: buildDecorations(tr.state, marks, source) };
    },
    provide: f => EditorView.decorations.from(f, v => v.decorations)
  });

  // Pull the marks when the editor starts and whenever the source changes.
  const feeder = ViewPlugin.define(view => {
    // What the editor was last given: the source changes for any edit of
    // the notebook, and most editors' marks stay the same. Dispatching
    // anyway cost every rendered editor a transaction per keystroke (22 to
    // 49 ms of each keystroke in a 1,000-cell notebook).
    let last: ICellMarks | null = null;
    const push = () => {
      // Dispatching inside an update is not allowed: defer to a microtask.
      queueMicrotask(() => {
        if (view.dom.isConnected || view.state) {
          const marks = source.marksFor();
          if (sameMarks(marks, last)) {
            return;
          }
          last = marks;
          view.dispatch({ effects: setCellMarks.of(marks) });
        }
      });
    };
    source.changed.connect(push);
    push();
    return {
      destroy: () => {
        source.changed.disconnect(push);
      }
    };
  });

  return [field, feeder, marksTheme];
}

/** Whether two marks draw the same (null: no marks). */
export function sameMarks(a: ICellMarks | null, b: ICellMarks | null): boolean {
  if (a === null || b === null) {
    return a === b;
  }
  return (
    a.other === b.other &&
    a.shows === b.shows &&
    a.author.name === b.author.name &&
    a.author.color === b.author.color &&
    a.time === b.time &&
    a.changeId === b.changeId &&
    a.conflict === b.conflict
  );
}

/**
 * The decorations for `marks` over the editor's current document.
 */
export function buildDecorations(
  state: EditorState,
  marks: ICellMarks | null,
  source?: Pick<ISuggestionMarksSource, 'accept' | 'reject' | 'labels'>
): DecorationSet {
  if (!marks) {
    return Decoration.none;
  }
  const shown = state.doc.toString();
  if (shown === marks.other) {
    return Decoration.none;
  }
  const showsProposed = marks.shows === 'proposed';
  // Diff from the notebook's text (A) to the suggestion's text (B).
  const base = showsProposed ? marks.other : shown;
  const proposed = showsProposed ? shown : marks.other;
  const changes = presentableDiff(base, proposed);
  const title = tooltip(marks, source?.labels.by ?? 'by');
  const style = `--jp-coauthor-author-color: ${marks.author.color}`;
  const inserted = Decoration.mark({
    class: 'jp-coauthor-inserted',
    attributes: { title, style }
  });
  const removed = Decoration.mark({
    class: 'jp-coauthor-removed',
    attributes: { title, style }
  });

  const ranges: { from: number; to: number; deco: Decoration }[] = [];
  for (const change of changes) {
    const insertedText = proposed.slice(change.fromB, change.toB);
    const removedText = base.slice(change.fromA, change.toA);
    if (showsProposed) {
      if (removedText) {
        ranges.push({
          from: change.fromB,
          to: change.fromB,
          deco: Decoration.widget({
            widget: new GhostText(removedText, 'removed', title, style),
            side: -1
          })
        });
      }
      if (insertedText) {
        ranges.push({ from: change.fromB, to: change.toB, deco: inserted });
      }
    } else {
      if (removedText) {
        ranges.push({ from: change.fromA, to: change.toA, deco: removed });
      }
      if (insertedText) {
        ranges.push({
          from: change.toA,
          to: change.toA,
          deco: Decoration.widget({
            widget: new GhostText(insertedText, 'inserted', title, style),
            side: 1
          })
        });
      }
    }
  }
  if (source && marks.changeId && changes.length) {
    const first = changes[0];
    const at = showsProposed ? first.toB : first.toA;
    const line = state.doc.lineAt(Math.min(at, state.doc.length));
    ranges.push({
      from: line.to,
      to: line.to,
      deco: Decoration.widget({
        widget: new ReviewButtons(
          marks.changeId,
          source,
          marks.author.name,
          marks.conflict
        ),
        side: 2
      })
    });
  }
  ranges.sort((a, b) => a.from - b.from || a.to - b.to);
  const builder = new RangeSetBuilder<Decoration>();
  for (const range of ranges) {
    builder.add(range.from, range.to, range.deco);
  }
  return builder.finish();
}

function tooltip(marks: ICellMarks, by: string): string {
  const when = marks.time ? ` · ${new Date(marks.time).toLocaleString()}` : '';
  return `${by} ${marks.author.name}${when}`;
}

/**
 * Text that is not in the editor's document: removed text while the editor
 * shows the suggestion, or inserted text while it shows the notebook.
 */
class GhostText extends WidgetType {
  constructor(
    readonly text: string,
    readonly kind: 'inserted' | 'removed',
    readonly title: string,
    readonly style: string
  ) {
    super();
  }

  eq(other: GhostText): boolean {
    return (
      other.text === this.text &&
      other.kind === this.kind &&
      other.title === this.title &&
      other.style === this.style
    );
  }

  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = `jp-coauthor-ghost jp-coauthor-${this.kind}`;
    span.textContent = this.text;
    span.title = this.title;
    span.setAttribute('style', this.style);
    span.setAttribute('aria-label', `${this.kind}: ${this.text}`);
    return span;
  }

  ignoreEvent(): boolean {
    return false;
  }
}

/**
 * Accept and reject buttons beside the marks. They only forward intent.
 */
class ReviewButtons extends WidgetType {
  constructor(
    readonly changeId: string,
    readonly source: Pick<
      ISuggestionMarksSource,
      'accept' | 'reject' | 'labels'
    >,
    readonly author: string,
    readonly conflict?: string
  ) {
    super();
  }

  eq(other: ReviewButtons): boolean {
    return (
      other.changeId === this.changeId &&
      other.author === this.author &&
      other.conflict === this.conflict
    );
  }

  toDOM(): HTMLElement {
    const box = document.createElement('span');
    box.className = 'jp-coauthor-review-buttons';
    const make = (kind: 'accept' | 'reject', glyph: string) => {
      const button = document.createElement('button');
      button.className = `jp-coauthor-${kind}-button`;
      button.textContent = glyph;
      button.title = `${this.source.labels[kind]} (${this.author})`;
      button.setAttribute('aria-label', button.title);
      // Accepting a change in conflict is refused: say why on the button.
      const refused = kind === 'accept' && !!this.conflict;
      if (refused) {
        button.disabled = true;
        button.title = this.conflict!;
      }
      button.addEventListener('mousedown', event => {
        // Keep the editor from taking the click as a cursor move.
        event.preventDefault();
        event.stopPropagation();
        if (!refused) {
          this.source[kind](this.changeId);
        }
      });
      return button;
    };
    box.append(make('accept', '✓'), make('reject', '✗'));
    return box;
  }

  ignoreEvent(): boolean {
    return true;
  }
}

/**
 * Base styles; the colours come from JupyterLab's theme variables and the
 * author's colour (see style/base.css for the rest).
 */
const marksTheme = EditorView.baseTheme({
  '.jp-coauthor-inserted': {
    textDecoration: 'underline',
    textDecorationColor: 'var(--jp-coauthor-author-color)',
    textDecorationThickness: '2px',
    textUnderlineOffset: '3px'
  },
  '.jp-coauthor-removed': {
    textDecoration: 'line-through',
    textDecorationColor: 'var(--jp-coauthor-author-color)',
    opacity: '0.75'
  }
});
