/**
 * @jest-environment @jupyterlab/testing/lib/jest-env.js
 */
// Before @lumino/widgets: jsdom has no DragEvent, which @lumino/dragdrop
// extends when it loads.
import '@jupyterlab/testing/lib/jest-shim';
import { EditorState } from '@codemirror/state';
import { CommandRegistry } from '@lumino/commands';

import { buildDecorations, ICellMarks } from '../suggestionMarks';
import { ISuggestionSummary, SuggestionsPanel } from '../suggestionsPanel';

const reason = 'conflict: the cell was deleted in the notebook';

/** The review buttons' DOM of the marks of one cell. */
function buttonsOf(marks: ICellMarks, source: any): HTMLElement {
  const state = EditorState.create({ doc: 'a\nb changed\nc' });
  let node: HTMLElement | null = null;
  buildDecorations(state, marks, source).between(0, 1e9, (_f, _t, deco) => {
    const widget = (deco.spec as any).widget;
    if (widget?.changeId) {
      node = widget.toDOM();
    }
  });
  if (!node) {
    throw new Error('no review buttons');
  }
  return node;
}

describe('a change in conflict cannot be accepted', () => {
  it("disables the cell's ✓ with the reason as its tooltip; ✗ still rejects", () => {
    const source = {
      accept: jest.fn(),
      reject: jest.fn(),
      labels: { accept: 'Accept', reject: 'Reject', by: 'by' }
    };
    const marks: ICellMarks = {
      other: 'a\nb\nc',
      shows: 'base',
      author: { name: 'Alice', color: '#d33682' },
      changeId: 'b/c1',
      conflict: reason
    };
    const box = buttonsOf(marks, source);
    const accept = box.querySelector<HTMLButtonElement>(
      '.jp-coauthor-accept-button'
    )!;
    const reject = box.querySelector<HTMLButtonElement>(
      '.jp-coauthor-reject-button'
    )!;
    expect(accept.disabled).toBe(true);
    expect(accept.title).toBe(reason);
    accept.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    expect(source.accept).not.toHaveBeenCalled();
    reject.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    expect(source.reject).toHaveBeenCalledWith('b/c1');

    // Without a conflict, ✓ accepts.
    const clean = buttonsOf({ ...marks, conflict: undefined }, source);
    const ok = clean.querySelector<HTMLButtonElement>(
      '.jp-coauthor-accept-button'
    )!;
    expect(ok.disabled).toBe(false);
    ok.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    expect(source.accept).toHaveBeenCalledWith('b/c1');
  });

  it("disables the panel's Accept of that change, and of a suggestion or all when nothing else is left", () => {
    const panel = new SuggestionsPanel({
      commands: new CommandRegistry(),
      labels: {
        title: 'Suggestions',
        empty: 'None',
        noNotebook: 'No notebook',
        accept: 'Accept',
        reject: 'Reject',
        acceptAll: 'Accept all',
        rejectAll: 'Reject all',
        show: 'Show',
        cell: 'Cell',
        allInConflict: 'All in conflict',
        someInConflict: (accept, n) => `${accept} — ${n} in conflict stay`
      }
    });
    const change = (id: string, conflict?: string) => ({
      id,
      cellId: id,
      position: 1,
      kind: 'edited',
      added: 1,
      removed: 0,
      conflict,
      preview: 'x'
    });
    const suggestion = (
      id: string,
      changes: ReturnType<typeof change>[]
    ): ISuggestionSummary => ({
      id,
      author: { name: id, color: 'red' },
      time: 0,
      changes
    });
    const accepts = () =>
      [
        ...panel.node.querySelectorAll<HTMLButtonElement>('.jp-coauthor-accept')
      ].map(b => [b.disabled, b.title]);

    panel.render('nb', [suggestion('A', [change('a1', reason)])]);
    expect(accepts()).toEqual([
      [true, 'All in conflict'], // Accept all
      [true, 'All in conflict'], // the suggestion's
      [true, reason] // the change's
    ]);

    panel.render('nb', [
      suggestion('A', [change('a1', reason), change('a2')]),
      suggestion('B', [change('b1')])
    ]);
    expect(accepts()).toEqual([
      [false, 'Accept all — 1 in conflict stay'],
      [false, 'Accept — 1 in conflict stay'],
      [true, reason],
      [false, 'Accept'],
      [false, 'Accept'],
      [false, 'Accept']
    ]);
    panel.dispose();
  });
});
