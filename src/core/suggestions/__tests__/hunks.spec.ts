/**
 * Per-hunk accept and reject (hunks.ts): one hunk of a cell's change goes
 * to the notebook (or away), the others stay a suggestion.
 */
import { alice, cell, cleanup, replaceText, settle, setup } from './helpers';

afterEach(cleanup);

const THREE = [{ id: 'a', source: 'one\ntwo\nthree\nfour\nfive\n' }];

function suggestThree() {
  const { notebook, manager } = setup(THREE);
  const branch = manager.branchFor(alice);
  replaceText(branch.doc, 'a', 'one', 'ONE');
  replaceText(branch.doc, 'a', 'three', 'THREE');
  replaceText(branch.doc, 'a', 'five', 'FIVE');
  const [change] = manager.changes();
  expect(change.hunks).toHaveLength(3);
  return { notebook, manager, branch, id: change.id };
}

describe('per-hunk review', () => {
  it('accepting the middle hunk takes only it; the others stay', () => {
    const { notebook, manager, branch, id } = suggestThree();
    expect(manager.acceptHunk(id, 1).refused).toEqual([]);
    expect(cell(notebook, 'a').getSource()).toBe(
      'one\ntwo\nTHREE\nfour\nfive\n'
    );
    expect(cell(branch.doc, 'a').getSource()).toBe(
      'ONE\ntwo\nTHREE\nfour\nFIVE\n'
    );
    expect(manager.changes()[0].hunks).toHaveLength(2);
    expect(notebook.ydoc.store.pendingStructs).toBeNull();
  });

  it('rejecting one hunk keeps the others as a suggestion', () => {
    const { notebook, manager, branch, id } = suggestThree();
    manager.rejectHunk(id, 0);
    expect(cell(notebook, 'a').getSource()).toBe(THREE[0].source);
    expect(cell(branch.doc, 'a').getSource()).toBe(
      'one\ntwo\nTHREE\nfour\nFIVE\n'
    );
    expect(manager.changes()[0].hunks).toHaveLength(2);
  });

  it('an accepted hunk is one undo step that brings it back out', async () => {
    const { notebook, manager, id } = suggestThree();
    manager.acceptHunk(id, 1);
    cell(notebook, 'a').undo();
    await settle();
    expect(cell(notebook, 'a').getSource()).toBe(THREE[0].source);
    expect(manager.changes()[0].proposedSource).toBe(
      'ONE\ntwo\nTHREE\nfour\nFIVE\n'
    );
  });
});
