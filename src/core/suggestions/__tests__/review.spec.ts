/**
 * Accept and reject: per change, per cell, per branch, all; closures; an
 * accept is the branch's own operations (nothing duplicated) and one
 * undoable step.
 */
import { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';

import type { Branch } from '..';
import {
  alice,
  bob,
  cell,
  cellsOf,
  cleanup,
  ICellView,
  idsOf,
  replaceText,
  retype,
  settle,
  setup,
  summary
} from './helpers';

afterEach(cleanup);

const START: ICellView[] = [
  { id: 'a', type: 'code', source: 'x = 1\ny = 2\n' },
  { id: 'b', type: 'markdown', source: '# Title' },
  { id: 'c', type: 'code', source: 'print(x)' }
];

/** One edit of each kind, and the notebook once it is accepted. */
const KINDS: [string, (doc: YNotebook) => void, ICellView[]][] = [
  [
    'source',
    doc => replaceText(doc, 'a', 'y = 2', 'y = 3'),
    [{ ...START[0], source: 'x = 1\ny = 3\n' }, START[1], START[2]]
  ],
  [
    'inserted',
    doc =>
      doc.insertCell(2, {
        id: 'n',
        cell_type: 'markdown',
        source: 'note'
      } as any),
    [
      START[0],
      START[1],
      { id: 'n', type: 'markdown', source: 'note' },
      START[2]
    ]
  ],
  ['deleted', doc => doc.deleteCell(0), [START[1], START[2]]],
  ['moved', doc => doc.moveCell(2, 0), [START[2], START[0], START[1]]],
  [
    'type',
    doc => retype(doc, 'b', 'raw'),
    [START[0], { ...START[1], type: 'raw' }, START[2]]
  ]
];

describe('accept and reject', () => {
  it.each(KINDS)('accepting a %s change', (kind, edit, expected) => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    edit(branch.doc);
    const [change] = manager.changes();
    expect(change.kinds).toEqual([kind]);
    expect(manager.acceptChange(change.id)).toEqual({
      cellIds: [change.cellId],
      alsoCellIds: [],
      refused: []
    });
    expect(cellsOf(notebook)).toEqual(expected);
    expect(cellsOf(branch.doc)).toEqual(expected);
    expect(manager.changes()).toEqual([]);
    expect(notebook.ydoc.store.pendingStructs).toBeNull();
  });

  it.each(KINDS)('rejecting a %s change', (kind, edit) => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    edit(branch.doc);
    const [change] = manager.changes();
    expect(manager.rejectChange(change.id)).toEqual({
      cellIds: [change.cellId],
      alsoCellIds: [],
      refused: []
    });
    expect(cellsOf(notebook)).toEqual(START);
    expect(cellsOf(branch.doc)).toEqual(START);
    expect(manager.changes()).toEqual([]);
  });

  it('accepting and rejecting a metadata change', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    cell(branch.doc, 'c').setMetadata({ tags: ['slow'] });
    cell(branch.doc, 'a').setMetadata({ tags: ['fast'] });
    manager.acceptChange(`${branch.id}/c`);
    manager.rejectChange(`${branch.id}/a`);
    expect(cell(notebook, 'c').getMetadata()).toEqual({ tags: ['slow'] });
    expect(cell(notebook, 'a').getMetadata()).toEqual({});
    expect(cell(branch.doc, 'a').getMetadata()).toEqual({});
    expect(manager.changes()).toEqual([]);
  });

  it('one change: only its cell, the others stay suggested', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    replaceText(branch.doc, 'c', 'x', 'y');
    manager.acceptChange(`${branch.id}/a`);
    expect(cellsOf(notebook)).toEqual([
      { ...START[0], source: 'x = 1\ny = 3\n' },
      START[1],
      START[2]
    ]);
    expect(manager.changes().map(c => [c.id, c.proposedSource])).toEqual([
      [`${branch.id}/c`, 'print(y)']
    ]);
    manager.rejectChange(`${branch.id}/c`);
    expect(cell(branch.doc, 'c').getSource()).toBe('print(x)');
    expect(cell(notebook, 'c').getSource()).toBe('print(x)');
    expect(manager.changes()).toEqual([]);
  });

  /** Alice adds a line on top of a, Bob one at its end and edits c. */
  function twoBranches() {
    const { notebook, manager } = setup();
    const ba = manager.branchFor(alice);
    const bb = manager.branchFor(bob);
    cell(ba.doc, 'a').updateSource(0, 0, '# alice\n');
    const a = cell(bb.doc, 'a');
    a.updateSource(a.getSource().length, a.getSource().length, '# bob\n');
    replaceText(bb.doc, 'c', 'x', 'x, 2');
    return { notebook, manager, ba, bb };
  }

  it('per cell: every branch that changed it', () => {
    const { notebook, manager, bb } = twoBranches();
    expect(manager.acceptCell('a')).toEqual({
      cellIds: ['a', 'a'],
      alsoCellIds: [],
      refused: []
    });
    expect(cellsOf(notebook)).toEqual([
      { ...START[0], source: '# alice\nx = 1\ny = 2\n# bob\n' },
      START[1],
      START[2]
    ]);
    expect(manager.changes().map(c => c.id)).toEqual([`${bb.id}/c`]);
  });

  it('rejecting per cell', () => {
    const { notebook, manager, ba, bb } = twoBranches();
    manager.rejectCell('a');
    expect(cellsOf(notebook)).toEqual(START);
    expect(cellsOf(ba.doc)).toEqual(START);
    expect(cell(bb.doc, 'a').getSource()).toBe(START[0].source);
    expect(manager.changes().map(c => c.id)).toEqual([`${bb.id}/c`]);
  });

  it('per branch: the other branch stays', () => {
    const { notebook, manager, ba, bb } = twoBranches();
    expect(manager.acceptBranch(bb.id)).toEqual({
      cellIds: ['a', 'c'],
      alsoCellIds: [],
      refused: []
    });
    expect(cellsOf(notebook)).toEqual([
      { ...START[0], source: 'x = 1\ny = 2\n# bob\n' },
      START[1],
      { ...START[2], source: 'print(x, 2)' }
    ]);
    expect(manager.changes().map(c => [c.id, c.proposedSource])).toEqual([
      [`${ba.id}/a`, '# alice\nx = 1\ny = 2\n# bob\n']
    ]);
    manager.rejectBranch(ba.id);
    expect(cellsOf(ba.doc)).toEqual(cellsOf(notebook));
    expect(manager.changes()).toEqual([]);
  });

  it('all branches', () => {
    const accepted = twoBranches();
    accepted.manager.acceptAll();
    expect(cellsOf(accepted.notebook)).toEqual([
      { ...START[0], source: '# alice\nx = 1\ny = 2\n# bob\n' },
      START[1],
      { ...START[2], source: 'print(x, 2)' }
    ]);
    expect(accepted.manager.changes()).toEqual([]);

    const rejected = twoBranches();
    rejected.manager.rejectAll();
    expect(cellsOf(rejected.notebook)).toEqual(START);
    for (const branch of rejected.manager.branches) {
      expect(cellsOf(branch.doc)).toEqual(START);
    }
    expect(rejected.manager.changes()).toEqual([]);
  });

  /** Two new cells, the second inserted after the first, and an edit of c. */
  function chain() {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    branch.doc.insertCell(1, {
      id: 'n1',
      cell_type: 'code',
      source: '1'
    } as any);
    branch.doc.insertCell(2, {
      id: 'n2',
      cell_type: 'code',
      source: '2'
    } as any);
    replaceText(branch.doc, 'n1', '1', 'one');
    replaceText(branch.doc, 'c', 'x', 'y');
    return { notebook, manager, branch };
  }

  it('accepting a cell takes the new cells it builds on along', () => {
    const { notebook, manager, branch } = chain();
    expect(manager.acceptChange(`${branch.id}/n2`)).toEqual({
      cellIds: ['n2'],
      alsoCellIds: ['n1'],
      refused: []
    });
    expect(cellsOf(notebook)).toEqual([
      START[0],
      { id: 'n1', type: 'code', source: 'one' },
      { id: 'n2', type: 'code', source: '2' },
      START[1],
      START[2]
    ]);
    expect(summary(manager)).toEqual([{ cellId: 'c', kinds: ['source'] }]);
    expect(notebook.ydoc.store.pendingStructs).toBeNull();
  });

  it('rejecting a cell takes the new cells built on it along', () => {
    const { notebook, manager, branch } = chain();
    expect(manager.rejectChange(`${branch.id}/n1`)).toEqual({
      cellIds: ['n1'],
      alsoCellIds: ['n2'],
      refused: []
    });
    expect(idsOf(branch.doc)).toEqual(['a', 'b', 'c']);
    expect(cellsOf(notebook)).toEqual(START);
    expect(summary(manager)).toEqual([{ cellId: 'c', kinds: ['source'] }]);
  });

  it('the accepted operations are the branch’s own: nothing duplicated', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    branch.doc.insertCell(1, {
      id: 'n',
      cell_type: 'code',
      source: 'n()'
    } as any);
    const entries = branch.entries.map(e => e.update);
    const before = Y.encodeStateAsUpdate(notebook.ydoc);
    manager.acceptAll();
    const expected: ICellView[] = [
      { ...START[0], source: 'x = 1\ny = 3\n' },
      { id: 'n', type: 'code', source: 'n()' },
      START[1],
      START[2]
    ];
    // The notebook's update flowed back into the branch: nothing changes.
    expect(cellsOf(branch.doc)).toEqual(expected);
    expect(branch.changes()).toEqual([]);
    // The branch holds nothing the notebook lacks.
    const rest = Y.encodeStateAsUpdate(
      branch.ydoc,
      Y.encodeStateVector(notebook.ydoc)
    );
    Y.applyUpdate(notebook.ydoc, rest);
    expect(cellsOf(notebook)).toEqual(expected);

    // A replica that receives both the branch's operations and the
    // notebook's accept, in either order, has each text once.
    const after = Y.encodeStateAsUpdate(notebook.ydoc);
    for (const updates of [
      [before, ...entries, after],
      [before, after, ...entries]
    ]) {
      const replica = new YNotebook({ disableDocumentWideUndoRedo: true });
      updates.forEach(u => Y.applyUpdate(replica.ydoc, u));
      expect(cellsOf(replica)).toEqual(expected);
      replica.dispose();
    }
  });

  it('accepting a source change is one step of the cell’s undo', async () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'x = 1', 'x = 10');
    replaceText(branch.doc, 'a', 'y = 2', 'y = 20');
    const target = cell(notebook, 'a');
    const depth = target.undoManager!.undoStack.length;
    manager.acceptChange(`${branch.id}/a`);
    expect(target.getSource()).toBe('x = 10\ny = 20\n');
    expect(target.undoManager!.undoStack.length).toBe(depth + 1);

    target.undo();
    await settle();
    expect(cellsOf(notebook)).toEqual(START);
    // The suggestion is back, under the same id, and can be accepted again.
    expect(manager.changes().map(c => [c.id, c.proposedSource])).toEqual([
      [`${branch.id}/a`, 'x = 10\ny = 20\n']
    ]);
    manager.acceptChange(`${branch.id}/a`);
    expect(cell(notebook, 'a').getSource()).toBe('x = 10\ny = 20\n');
    expect(manager.changes()).toEqual([]);
  });

  it('accepting a branch is one step of the notebook’s undo', async () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    branch.doc.insertCell(3, {
      id: 'n',
      cell_type: 'code',
      source: 'n()'
    } as any);
    branch.doc.moveCell(1, 0);
    const depth = notebook.undoManager.undoStack.length;
    manager.acceptBranch(branch.id);
    expect(idsOf(notebook)).toEqual(['b', 'a', 'c', 'n']);
    expect(notebook.undoManager.undoStack.length).toBe(depth + 1);

    notebook.undoManager.undo();
    await settle();
    expect(cellsOf(notebook)).toEqual(START);
    expect(summary(manager)).toEqual([
      { cellId: 'b', kinds: ['moved'] },
      { cellId: 'a', kinds: ['source'] },
      { cellId: 'n', kinds: ['inserted'] }
    ]);
  });

  it('cell ids stay unique through accepts of recreated cells', () => {
    const { notebook, manager } = setup();
    const branches: Branch[] = [
      manager.branchFor(alice),
      manager.branchFor(bob)
    ];
    branches[0].doc.moveCell(0, 1);
    retype(branches[0].doc, 'b', 'code');
    branches[1].doc.insertCell(3, {
      id: 'n',
      cell_type: 'code',
      source: ''
    } as any);
    replaceText(branches[1].doc, 'c', 'x', 'x, 1');
    manager.acceptAll();
    expect(idsOf(notebook)).toEqual(['b', 'a', 'c', 'n']);
    expect(cell(notebook, 'b').cell_type).toBe('code');
    expect(cell(notebook, 'c').getSource()).toBe('print(x, 1)');
    for (const branch of branches) {
      expect(idsOf(branch.doc)).toEqual(['b', 'a', 'c', 'n']);
    }
    expect(manager.changes()).toEqual([]);
  });
});
