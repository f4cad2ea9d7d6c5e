/**
 * Running a cell while suggesting (issue 10): the run's outputs, execution
 * count and state show in the branch, and are neither part of the suggestion
 * nor carried by an accept; the notebook's own outputs stay the notebook's.
 */
import type { YCodeCell } from '@jupyter/ydoc';

import { alice, cell, cleanup, replaceText, setup, summary } from './helpers';

afterEach(cleanup);

const output = (text: string) => ({
  output_type: 'stream',
  name: 'stdout',
  text
});

/** A cell run as JupyterLab writes it: state, cleared outputs, stream, count. */
function run(code: YCodeCell, text: string, count: number): void {
  code.executionState = 'running';
  code.clearOutputs();
  code.updateOutputs(0, 0, [output(text)] as any);
  code.appendStreamOutput(0, ' more');
  code.setExecutionCount(count);
  code.executionState = 'idle';
}

describe('running a cell while suggesting', () => {
  it('shows its outputs in the branch only: no entry, no change, nothing accepted', () => {
    const { notebook, manager } = setup();
    notebook.transact(() =>
      (cell(notebook, 'c') as YCodeCell).setOutputs([output('1\n')] as any)
    );
    const branch = manager.branchFor(alice);
    const suggested = cell(branch.doc, 'c') as YCodeCell;
    run(suggested, '10\n', 7);

    expect(suggested.outputs).toEqual([output('10\n more')]);
    expect(suggested.execution_count).toBe(7);
    expect(branch.entries).toEqual([]);
    expect(summary(manager)).toEqual([]);
    manager.acceptAll();
    const original = cell(notebook, 'c') as YCodeCell;
    expect(original.outputs).toEqual([output('1\n')]);
    expect(original.execution_count).toBeNull();
  });

  it('an edit of a run cell is accepted alone, with nothing left pending', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    const suggested = cell(branch.doc, 'a') as YCodeCell;
    run(suggested, 'before\n', 1);
    replaceText(branch.doc, 'a', 'x = 1', 'x = 10');
    run(suggested, 'after\n', 2);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 20');

    expect(summary(manager)).toEqual([{ cellId: 'a', kinds: ['source'] }]);
    expect(manager.acceptCell('a').refused).toEqual([]);
    expect(notebook.ydoc.store.pendingStructs).toBeNull();
    const accepted = cell(notebook, 'a') as YCodeCell;
    expect(accepted.getSource()).toBe('x = 10\ny = 20\n');
    expect(accepted.outputs).toEqual([]);
    expect(accepted.execution_count).toBeNull();
  });

  it('a reject shows the notebook outputs again', () => {
    const { notebook, manager } = setup();
    notebook.transact(() =>
      (cell(notebook, 'c') as YCodeCell).setOutputs([output('1\n')] as any)
    );
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'c', 'print(x)', 'print(x + 1)');
    run(cell(branch.doc, 'c') as YCodeCell, '2\n', 3);
    manager.rejectAll();
    const shown = cell(branch.doc, 'c') as YCodeCell;
    expect(shown.getSource()).toBe('print(x)');
    expect(shown.outputs).toEqual([output('1\n')]);
  });

  it('the notebook outputs written meanwhile still reach the branch', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    run(cell(notebook, 'c') as YCodeCell, 'from the notebook\n', 4);
    const shown = cell(branch.doc, 'c') as YCodeCell;
    expect(shown.outputs).toEqual([output('from the notebook\n more')]);
    expect(shown.execution_count).toBe(4);
  });

  it('a metadata edit in the same transaction as outputs is still a suggestion', () => {
    const { manager } = setup();
    const branch = manager.branchFor(alice);
    const suggested = cell(branch.doc, 'c') as YCodeCell;
    branch.doc.transact(() => {
      suggested.setOutputs([output('x\n')] as any);
      suggested.setMetadata({ tags: ['keep'] } as any);
    });
    expect(summary(manager)).toEqual([{ cellId: 'c', kinds: ['metadata'] }]);
  });

  it("the kernel's spec and language, written into the branch's view, go to the notebook", () => {
    // JupyterLab's notebook panel writes them from its session into the
    // model it shows: the branch's, in suggesting mode.
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    const language = { name: 'python', version: '3.11.7' };
    branch.doc.setMetadata('language_info', language);
    branch.doc.setMetadata('kernelspec', {
      name: 'python3',
      display_name: 'Python 3 (ipykernel)'
    });
    expect(notebook.getMetadata('language_info')).toEqual(language);
    expect(branch.doc.getMetadata('language_info')).toEqual(language);
    expect(branch.entries).toEqual([]);
    expect(summary(manager)).toEqual([]);
    // A person's own edit of the notebook's metadata is still a suggestion,
    // and accepting it leaves nothing pending.
    branch.doc.setMetadata('title', 'Areas');
    expect(branch.entries).not.toEqual([]);
    expect(notebook.getMetadata('title')).toBeUndefined();
    manager.acceptAll();
    expect(notebook.getMetadata('title')).toBe('Areas');
    expect(notebook.ydoc.store.pendingStructs).toBeNull();
  });
});
