/**
 * Concurrent edits of the notebook and of a branch: merged at the character
 * level where they can be, conflicts (accept refused, nothing applied) where
 * they cannot, and moves or retypes that carry the notebook's later edits.
 */
import {
  alice,
  bob,
  cell,
  cellsOf,
  cleanup,
  ICellView,
  idsOf,
  manage,
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

describe('concurrent edits', () => {
  it('the branch shows the notebook’s edits merged into its own, by character', () => {
    const { notebook, manager } = setup([
      { id: 'a', source: 'impot os\n\ndef f():\n    return 1\n' }
    ]);
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'return 1', 'return 2');
    replaceText(notebook, 'a', 'impot', 'import');
    expect(cell(branch.doc, 'a').getSource()).toBe(
      'import os\n\ndef f():\n    return 2\n'
    );
    const [change] = manager.changes();
    expect(change.baseSource).toBe('import os\n\ndef f():\n    return 1\n');
    expect(change.proposedSource).toBe('import os\n\ndef f():\n    return 2\n');
    expect(change.hunks.map(h => [h.baseLines, h.proposedLines])).toEqual([
      [['    return 1\n'], ['    return 2\n']]
    ]);
  });

  it('a line the notebook adds on top while the suggestion rewrites the bottom: accept keeps both', () => {
    const { notebook, manager } = setup([
      { id: 'a', source: 'def f():\n    return 1\n' }
    ]);
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'return 1', 'return 2');
    cell(notebook, 'a').updateSource(0, 0, 'import os\n\n');
    expect(summary(manager)).toEqual([{ cellId: 'a', kinds: ['source'] }]);
    expect(manager.acceptAll().refused).toEqual([]);
    expect(cell(notebook, 'a').getSource()).toBe(
      'import os\n\ndef f():\n    return 2\n'
    );
  });

  it('two edits in one line merge', () => {
    const { notebook, manager } = setup([{ id: 'a', source: 'f(a, b)\n' }]);
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'b)', 'b, c)');
    replaceText(notebook, 'a', 'f(', 'g(');
    expect(cell(branch.doc, 'a').getSource()).toBe('g(a, b, c)\n');
  });
});

describe('conflicts', () => {
  it('a cell the notebook deleted: accepting is refused, nothing applied', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'b', 'Title', 'Heading');
    replaceText(branch.doc, 'c', 'x', 'y');
    notebook.deleteCell(1);
    expect(summary(manager)).toEqual([
      { cellId: 'b', kinds: [], conflict: 'deleted-in-notebook' },
      { cellId: 'c', kinds: ['source'] }
    ]);
    const before = cellsOf(notebook);
    expect(manager.acceptChange(`${branch.id}/b`)).toEqual({
      cellIds: [],
      alsoCellIds: [],
      refused: [{ cellId: 'b', reason: 'deleted-in-notebook' }]
    });
    expect(cellsOf(notebook)).toEqual(before);
    expect(manager.changes().map(c => c.cellId)).toEqual(['b', 'c']);

    // It can be rejected; the other change is untouched.
    manager.rejectChange(`${branch.id}/b`);
    expect(summary(manager)).toEqual([{ cellId: 'c', kinds: ['source'] }]);
  });

  it('lines the notebook rewrote: accepting is refused, nothing applied', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    replaceText(notebook, 'a', 'y = 2', 'z = 2');
    expect(summary(manager)).toEqual([
      { cellId: 'a', kinds: ['source'], conflict: 'rewritten-in-notebook' }
    ]);
    expect(manager.acceptChange(`${branch.id}/a`)).toEqual({
      cellIds: [],
      alsoCellIds: [],
      refused: [{ cellId: 'a', reason: 'rewritten-in-notebook' }]
    });
    expect(cell(notebook, 'a').getSource()).toBe('x = 1\nz = 2\n');
  });

  it('a conflict refuses the whole branch accept: nothing applied', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    branch.doc.insertCell(3, { id: 'n', cell_type: 'code', source: '' } as any);
    replaceText(branch.doc, 'b', 'Title', 'Heading');
    notebook.deleteCell(1);
    const before = cellsOf(notebook);
    for (const result of [
      manager.acceptBranch(branch.id),
      manager.acceptAll()
    ]) {
      expect(result).toEqual({
        cellIds: [],
        alsoCellIds: [],
        refused: [{ cellId: 'b', reason: 'deleted-in-notebook' }]
      });
      expect(cellsOf(notebook)).toEqual(before);
    }
    // The others can still be accepted one by one.
    manager.acceptChange(`${branch.id}/a`);
    manager.acceptChange(`${branch.id}/n`);
    expect(idsOf(notebook)).toEqual(['a', 'c', 'n']);
    expect(cell(notebook, 'a').getSource()).toBe('x = 1\ny = 3\n');
    expect(summary(manager)).toEqual([
      { cellId: 'b', kinds: [], conflict: 'deleted-in-notebook' }
    ]);
  });

  it('a move of a cell the notebook deleted', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    branch.doc.moveCell(0, 2);
    notebook.deleteCell(0);
    expect(summary(manager)).toEqual([
      { cellId: 'a', kinds: [], conflict: 'deleted-in-notebook' }
    ]);
    expect(manager.acceptAll().refused).toEqual([
      { cellId: 'a', reason: 'deleted-in-notebook' }
    ]);
    expect(cellsOf(notebook)).toEqual([START[1], START[2]]);
  });

  it('a cell both the branch and a peer without this extension moved', () => {
    const { notebook, manager } = setup();
    // A replica with no manager (a pycrdt script, say): the move arrives
    // here as a remote update, and nobody folds the branch's copy onto the
    // notebook's (see recreatedByBoth.spec.ts for the move made here).
    const script = replicaOf(notebook);
    const branch = manager.branchFor(alice);
    branch.doc.moveCell(0, 2);
    script.moveCell(0, 1);
    expect(summary(manager)).toEqual([
      { cellId: 'a', kinds: ['moved'], conflict: 'recreated-in-notebook' }
    ]);
    expect(manager.acceptChange(`${branch.id}/a`).refused).toEqual([
      { cellId: 'a', reason: 'recreated-in-notebook' }
    ]);
    expect(idsOf(notebook)).toEqual(['b', 'a', 'c']);
    manager.rejectChange(`${branch.id}/a`);
    expect(idsOf(branch.doc)).toEqual(['b', 'a', 'c']);
    expect(manager.changes()).toEqual([]);
  });
});

describe('moves and retypes against concurrent edits', () => {
  it('a move keeps the notebook’s later edit of the cell', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    branch.doc.moveCell(0, 2);
    replaceText(notebook, 'a', 'x = 1', 'x = 5');
    const [change] = manager.changes();
    expect(change).toMatchObject({
      cellId: 'a',
      kinds: ['moved'],
      staleCopy: true,
      baseSource: 'x = 5\ny = 2\n',
      proposedSource: 'x = 1\ny = 2\n'
    });
    expect(change.conflict).toBeUndefined();
    expect(manager.acceptChange(change.id).refused).toEqual([]);
    expect(cellsOf(notebook)).toEqual([
      START[1],
      START[2],
      { ...START[0], source: 'x = 5\ny = 2\n' }
    ]);
    expect(cellsOf(branch.doc)).toEqual(cellsOf(notebook));
    expect(manager.changes()).toEqual([]);
  });

  it('a retype keeps the notebook’s later edit of the cell', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    retype(branch.doc, 'b', 'raw');
    replaceText(notebook, 'b', 'Title', 'Heading');
    expect(manager.changes()).toMatchObject([
      { cellId: 'b', kinds: ['type'], staleCopy: true }
    ]);
    manager.acceptAll();
    expect(cellsOf(notebook)).toEqual([
      START[0],
      { id: 'b', type: 'raw', source: '# Heading' },
      START[2]
    ]);
  });

  it('a move made invisible by deletes still carries the notebook’s edit', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    branch.doc.moveCell(0, 1);
    notebook.deleteCell(1);
    replaceText(notebook, 'a', 'x = 1', 'x = 5');
    expect(manager.changes()).toEqual([]);
    expect(branch.changes(true)).toMatchObject([
      { cellId: 'a', kinds: [], staleCopy: true }
    ]);
    manager.acceptAll();
    expect(cellsOf(notebook)).toEqual([
      { ...START[0], source: 'x = 5\ny = 2\n' },
      START[2]
    ]);
  });
});

describe('cells the notebook recreates under a suggestion', () => {
  // YNotebook moves and retypes a cell by deleting it and inserting a copy:
  // before, the branch followed and its edit of the cell stayed in the
  // deleted original, gone from the change set with no word (the random
  // browser test's `recreate`).
  it('a move in the notebook keeps the suggested edit of the cell', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    const time = branch.changes()[0].time;
    notebook.moveCell(0, 2);
    expect(idsOf(branch.doc)).toEqual(['b', 'c', 'a']);
    expect(summary(manager)).toEqual([{ cellId: 'a', kinds: ['source'] }]);
    const [change] = manager.changes();
    expect(change.proposedSource).toBe('x = 1\ny = 3\n');
    // The carried edit keeps the suggestion's time.
    expect(change.time).toBe(time);
    expect(manager.acceptAll().refused).toEqual([]);
    expect(cellsOf(notebook)).toEqual([
      START[1],
      START[2],
      { ...START[0], source: 'x = 1\ny = 3\n' }
    ]);
    expect(manager.changes()).toEqual([]);
  });

  it('a retype in the notebook keeps the suggested edit and metadata', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'b', 'Title', 'Heading');
    branch.doc.cells[1].setMetadata({ tags: ['intro'] } as any);
    retype(notebook, 'b', 'raw');
    expect(summary(manager)).toEqual([
      { cellId: 'b', kinds: ['source', 'metadata'] }
    ]);
    manager.acceptAll();
    expect(cellsOf(notebook)[1]).toEqual({
      id: 'b',
      type: 'raw',
      source: '# Heading'
    });
    expect(notebook.cells[1].getMetadata()).toMatchObject({ tags: ['intro'] });
  });

  it('accepting another suggestion’s move keeps this one’s edit of the cell', () => {
    const { notebook, manager } = setup();
    const mine = manager.branchFor(alice);
    replaceText(mine.doc, 'a', 'x = 1', 'x = 9');
    const theirs = manager.branchFor(bob);
    theirs.doc.moveCell(0, 2);
    manager.acceptBranch(theirs.id);
    expect(idsOf(notebook)).toEqual(['b', 'c', 'a']);
    expect(
      manager.changes().map(c => [c.author.id, c.cellId, c.kinds])
    ).toEqual([[alice.id, 'a', ['source']]]);
    manager.acceptAll();
    expect(cellsOf(notebook)[2].source).toBe('x = 9\ny = 2\n');
  });

  it('an undo of the move keeps it too, and nothing is there twice', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    notebook.undoManager.stopCapturing();
    notebook.moveCell(0, 2);
    notebook.undoManager.stopCapturing();
    notebook.undo();
    expect(idsOf(notebook)).toEqual(['a', 'b', 'c']);
    expect(cellsOf(branch.doc)[0].source).toBe('x = 1\ny = 3\n');
    manager.acceptAll();
    expect(cellsOf(notebook)).toEqual([
      { ...START[0], source: 'x = 1\ny = 3\n' },
      START[1],
      START[2]
    ]);
  });

  it('a second replica gets the carried edit, once', () => {
    const { notebook, manager } = setup();
    const other = replicaOf(notebook);
    const otherManager = manage(other);
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    notebook.moveCell(0, 2);
    const [there] = otherManager.changes();
    expect(there).toMatchObject({
      cellId: 'a',
      kinds: ['source'],
      proposedSource: 'x = 1\ny = 3\n'
    });
    otherManager.acceptAll();
    expect(cellsOf(notebook)).toEqual(cellsOf(other));
    expect(cellsOf(notebook)[2].source).toBe('x = 1\ny = 3\n');
  });
});
