/**
 * A cell the branch recreated (moved or retyped) that the notebook then
 * recreates too: the branch's copy is folded onto the notebook's, so the
 * cell is in the branch once, with the branch's edits (found by the random
 * browser test, seed 11 without collaboration: a suggested move, save and
 * reopen, then a retype in editing mode showed the cell twice once back in
 * suggesting mode).
 */
import {
  alice,
  cellsOf,
  cleanup,
  ICellView,
  idsOf,
  manage,
  reload,
  replaceText,
  replicaOf,
  retype,
  setup,
  summary
} from './helpers';

afterEach(cleanup);

const START: ICellView[] = [
  { id: 'a', type: 'code', source: 'x = 1\ny = 2\n' },
  { id: 'b', type: 'markdown', source: '# Title' },
  { id: 'c', type: 'code', source: 'print(x)' }
];

/** Whether no cell id appears twice. */
const unique = (ids: string[]) => new Set(ids).size === ids.length;

describe('a cell recreated by the branch, then by the notebook', () => {
  it('a suggested edit and move, save and reopen, then a retype in the notebook: the cell once, the edit kept', () => {
    const first = setup();
    const suggested = first.manager.branchFor(alice);
    replaceText(suggested.doc, 'a', 'y = 2', 'y = 3');
    suggested.doc.moveCell(0, 2);
    expect(idsOf(suggested.doc)).toEqual(['b', 'c', 'a']);

    const { notebook, manager } = reload(first.notebook, first.manager);
    const [branch] = manager.branches;
    expect(idsOf(branch.doc)).toEqual(['b', 'c', 'a']);
    expect(cellsOf(branch.doc)[2].source).toBe('x = 1\ny = 3\n');

    // Back in editing mode, the cell is made markdown (`m`).
    retype(notebook, 'a', 'markdown');
    expect(idsOf(notebook)).toEqual(['a', 'b', 'c']);

    // The shown document holds the cell once: the notebook's markdown copy,
    // with the suggested edit on it.
    expect(unique(idsOf(branch.doc))).toBe(true);
    expect(cellsOf(branch.doc)).toEqual([
      { id: 'a', type: 'markdown', source: 'x = 1\ny = 3\n' },
      START[1],
      START[2]
    ]);
    expect(summary(manager)).toEqual([{ cellId: 'a', kinds: ['source'] }]);

    // Accepting gives the notebook the edit, the cell once.
    expect(manager.acceptAll().refused).toEqual([]);
    expect(cellsOf(notebook)).toEqual(cellsOf(branch.doc));
    expect(manager.changes()).toEqual([]);
  });

  it('the same without a reload, and the suggested metadata is kept too', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'x = 1', 'x = 4');
    branch.doc.cells[0].setMetadata({ tags: ['setup'] } as any);
    branch.doc.moveCell(0, 1);
    retype(notebook, 'a', 'raw');
    expect(cellsOf(branch.doc)).toEqual([
      { id: 'a', type: 'raw', source: 'x = 4\ny = 2\n' },
      START[1],
      START[2]
    ]);
    expect(summary(manager)).toEqual([
      { cellId: 'a', kinds: ['source', 'metadata'] }
    ]);
    manager.acceptAll();
    expect(cellsOf(notebook)[0]).toEqual({
      id: 'a',
      type: 'raw',
      source: 'x = 4\ny = 2\n'
    });
    expect(notebook.cells[0].getMetadata()).toMatchObject({ tags: ['setup'] });
  });

  it('a move alone yields to the notebook’s move: nothing left to review, nothing twice', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    branch.doc.moveCell(0, 2);
    notebook.moveCell(0, 1);
    expect(idsOf(branch.doc)).toEqual(['b', 'a', 'c']);
    expect(manager.changes()).toEqual([]);
    manager.acceptAll();
    expect(cellsOf(notebook)).toEqual([START[1], START[0], START[2]]);
  });

  it('the notebook’s edit made between the two recreations shows as a conflict, not silently undone', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    branch.doc.moveCell(0, 2);
    // The branch's copy does not follow edits of the original.
    replaceText(notebook, 'a', 'x = 1', 'x = 5');
    retype(notebook, 'a', 'markdown');
    expect(unique(idsOf(branch.doc))).toBe(true);
    expect(summary(manager)).toEqual([
      { cellId: 'a', kinds: ['source'], conflict: 'rewritten-in-notebook' }
    ]);
    expect(manager.acceptAll().refused).toEqual([
      { cellId: 'a', reason: 'rewritten-in-notebook' }
    ]);
    expect(cellsOf(notebook)[0]).toEqual({
      id: 'a',
      type: 'markdown',
      source: 'x = 5\ny = 2\n'
    });
  });

  it('a second replica gets the fold, once', () => {
    const { notebook, manager } = setup();
    const other = replicaOf(notebook);
    const otherManager = manage(other);
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    branch.doc.moveCell(0, 2);
    retype(notebook, 'a', 'markdown');
    const [there] = otherManager.branches;
    expect(cellsOf(there.doc)).toEqual(cellsOf(branch.doc));
    expect(unique(idsOf(there.doc))).toBe(true);
    expect(summary(otherManager)).toEqual([{ cellId: 'a', kinds: ['source'] }]);
    otherManager.acceptAll();
    expect(cellsOf(notebook)).toEqual(cellsOf(other));
    expect(cellsOf(notebook)[0]).toEqual({
      id: 'a',
      type: 'markdown',
      source: 'x = 1\ny = 3\n'
    });
  });
});
