/**
 * @jest-environment @jupyterlab/testing/lib/jest-env.js
 */
/**
 * The Suggestions panel renders only while visible (issue 12): hidden in
 * the sidebar, a change (each keystroke next to suggestions) only marks it
 * stale; shown, it renders what is current, once.
 */
// JupyterLab's jsdom shims (DragEvent...), before Lumino's widgets load.
import '@jupyterlab/testing/lib/jest-shim';
import { CommandRegistry } from '@lumino/commands';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import {
  ISuggestionsPanelContent,
  ISuggestionSummary,
  SuggestionsPanel
} from '../suggestionsPanel';

const labels: SuggestionsPanel.ILabels = {
  title: 'Suggestions',
  empty: 'No suggestions.',
  noNotebook: 'Open a notebook.',
  accept: 'Accept',
  reject: 'Reject',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  show: 'Show',
  cell: 'Cell',
  allInConflict: 'Every change is in conflict.',
  someInConflict: (accept, conflicts) => `${accept} (${conflicts} in conflict)`
};

/** A suggestion with `n` edited cells. */
function suggestion(n: number): ISuggestionSummary {
  return {
    id: 'alice-1',
    author: { name: 'Alice', color: '#d33682' },
    time: 0,
    changes: Array.from({ length: n }, (_, k) => ({
      id: `alice-1/c${k}`,
      cellId: `c${k}`,
      position: k + 1,
      kind: 'edited',
      added: 1,
      removed: 0,
      preview: `line ${k}`
    }))
  };
}

describe('SuggestionsPanel', () => {
  let changes: number;
  let asked: number;
  let panel: SuggestionsPanel;
  const content = (): ISuggestionsPanelContent => {
    asked++;
    return { notebookLabel: 'nb.ipynb', suggestions: [suggestion(changes)] };
  };
  /** The rows shown. */
  const rows = () => panel.node.querySelectorAll('.jp-coauthor-Change').length;
  /** Process the update requests posted (Lumino posts them to a frame). */
  const flush = () => MessageLoop.flush();

  beforeEach(() => {
    changes = 1;
    asked = 0;
    panel = new SuggestionsPanel({
      commands: new CommandRegistry(),
      labels,
      content
    });
  });
  afterEach(() => panel.dispose());

  it('does not render while hidden, and shows the current state when shown', () => {
    panel.hide();
    Widget.attach(panel, document.body);
    flush();
    expect(asked).toBe(0);
    for (changes = 2; changes <= 20; changes++) {
      panel.refresh(); // a keystroke next to suggestions
      flush();
    }
    changes = 20;
    expect(asked).toBe(0);
    expect(rows()).toBe(0);
    expect(panel.isStale).toBe(true);

    panel.show();
    flush();
    expect(asked).toBe(1);
    expect(rows()).toBe(20);
    expect(panel.isStale).toBe(false);
    // Shown again without a change: nothing to render.
    panel.hide();
    panel.show();
    flush();
    expect(asked).toBe(1);
  });

  it('renders each change while visible, once per update', () => {
    Widget.attach(panel, document.body);
    flush();
    expect(asked).toBe(1);
    expect(rows()).toBe(1);
    changes = 3;
    panel.refresh();
    panel.refresh();
    flush();
    expect(asked).toBe(2);
    expect(rows()).toBe(3);
  });
});
