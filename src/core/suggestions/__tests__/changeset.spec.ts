/**
 * The change set of a branch: one change per cell it touched, of each kind,
 * with hunks, ids, author and time.
 */
import {
  alice,
  cell,
  cellsOf,
  cleanup,
  replaceText,
  retype,
  setup,
  summary
} from './helpers';

afterEach(() => {
  cleanup();
  jest.restoreAllMocks();
});

describe('change set', () => {
  it('a source edit: line hunks with line and character ranges', () => {
    const { manager } = setup([
      { id: 'a', source: 'one\ntwo\nthree\nfour\nfive\n' }
    ]);
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'two\n', 'TWO\n2b\n');
    replaceText(branch.doc, 'a', 'four\n', '');
    const [change] = manager.changes();
    expect(change.kinds).toEqual(['source']);
    expect(change.baseSource).toBe('one\ntwo\nthree\nfour\nfive\n');
    expect(change.proposedSource).toBe('one\nTWO\n2b\nthree\nfive\n');
    expect(change.hunks).toEqual([
      {
        baseStart: 1,
        baseLines: ['two\n'],
        proposedStart: 1,
        proposedLines: ['TWO\n', '2b\n'],
        baseFrom: 4,
        baseTo: 8,
        proposedFrom: 4,
        proposedTo: 11
      },
      {
        baseStart: 3,
        baseLines: ['four\n'],
        proposedStart: 4,
        proposedLines: [],
        baseFrom: 14,
        baseTo: 19,
        proposedFrom: 17,
        proposedTo: 17
      }
    ]);
    // The character ranges cut exactly the hunk's lines out of each text.
    for (const hunk of change.hunks) {
      expect(change.baseSource.slice(hunk.baseFrom, hunk.baseTo)).toBe(
        hunk.baseLines.join('')
      );
      expect(
        change.proposedSource.slice(hunk.proposedFrom, hunk.proposedTo)
      ).toBe(hunk.proposedLines.join(''));
    }
  });

  it('an inserted cell', () => {
    const { manager } = setup();
    const branch = manager.branchFor(alice);
    branch.doc.insertCell(1, {
      id: 'n',
      cell_type: 'code',
      source: 'new()\n'
    } as any);
    expect(manager.changes()).toMatchObject([
      {
        cellId: 'n',
        kinds: ['inserted'],
        baseIndex: null,
        proposedIndex: 1,
        baseSource: '',
        proposedSource: 'new()\n'
      }
    ]);
    expect(manager.changes()[0].conflict).toBeUndefined();
  });

  it('a deleted cell', () => {
    const { manager } = setup();
    const branch = manager.branchFor(alice);
    branch.doc.deleteCell(1);
    expect(manager.changes()).toMatchObject([
      {
        cellId: 'b',
        kinds: ['deleted'],
        baseIndex: 1,
        proposedIndex: null,
        baseSource: '# Title',
        hunks: []
      }
    ]);
  });

  it('a moved cell, and not the cells it crossed', () => {
    const { manager } = setup();
    const branch = manager.branchFor(alice);
    branch.doc.moveCell(0, 2);
    expect(summary(manager)).toEqual([{ cellId: 'a', kinds: ['moved'] }]);
    expect(manager.changes()[0]).toMatchObject({
      baseIndex: 0,
      proposedIndex: 2,
      baseSource: 'x = 1\ny = 2\n',
      proposedSource: 'x = 1\ny = 2\n',
      hunks: []
    });
  });

  it('a type change', () => {
    const { manager } = setup();
    const branch = manager.branchFor(alice);
    retype(branch.doc, 'b', 'code');
    expect(summary(manager)).toEqual([{ cellId: 'b', kinds: ['type'] }]);
    expect(manager.changes()[0].type).toEqual({
      base: 'markdown',
      proposed: 'code'
    });
  });

  it('a metadata change', () => {
    const { manager } = setup();
    const branch = manager.branchFor(alice);
    cell(branch.doc, 'c').setMetadata({ tags: ['slow'] });
    expect(summary(manager)).toEqual([{ cellId: 'c', kinds: ['metadata'] }]);
    expect(manager.changes()[0].hunks).toEqual([]);
  });

  it('several kinds of one cell at once, in a fixed order', () => {
    const { manager } = setup();
    const branch = manager.branchFor(alice);
    retype(branch.doc, 'b', 'raw');
    replaceText(branch.doc, 'b', 'Title', 'Heading');
    cell(branch.doc, 'b').setMetadata({ collapsed: true });
    branch.doc.moveCell(1, 0);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    expect(summary(manager)).toEqual([
      { cellId: 'b', kinds: ['moved', 'type', 'source', 'metadata'] },
      { cellId: 'a', kinds: ['source'] }
    ]);
    expect(cellsOf(manager.branches[0].doc)).toEqual([
      { id: 'b', type: 'raw', source: '# Heading' },
      { id: 'a', type: 'code', source: 'x = 1\ny = 3\n' },
      { id: 'c', type: 'code', source: 'print(x)' }
    ]);
  });

  it('what the branch undid itself is no change', () => {
    const { manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    replaceText(branch.doc, 'a', 'y = 3', 'y = 2');
    branch.doc.insertCell(1, { id: 'n', cell_type: 'code', source: '' } as any);
    branch.doc.deleteCell(1);
    expect(branch.entries.length).toBeGreaterThan(0);
    expect(manager.changes()).toEqual([]);
  });

  it('follows the notebook: its edits are no change of the branch', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    replaceText(notebook, 'c', 'x', 'x, 1');
    notebook.insertCell(0, {
      id: 'top',
      cell_type: 'markdown',
      source: 'intro'
    } as any);
    expect(cellsOf(branch.doc)).toEqual([
      { id: 'top', type: 'markdown', source: 'intro' },
      { id: 'a', type: 'code', source: 'x = 1\ny = 3\n' },
      { id: 'b', type: 'markdown', source: '# Title' },
      { id: 'c', type: 'code', source: 'print(x, 1)' }
    ]);
    expect(summary(manager)).toEqual([{ cellId: 'a', kinds: ['source'] }]);
    expect(manager.changes()[0]).toMatchObject({
      baseIndex: 1,
      proposedIndex: 1
    });
  });

  it('ids, author and time of the last edit; ids stable', () => {
    const now = jest.spyOn(Date, 'now');
    now.mockReturnValue(1_000);
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    now.mockReturnValue(2_000);
    replaceText(branch.doc, 'a', 'x = 1', 'x = 10');
    now.mockReturnValue(3_000);
    replaceText(branch.doc, 'c', 'x', 'x + 1');
    now.mockReturnValue(4_000);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 20');
    const first = manager.changes();
    expect(
      first.map(c => ({
        id: c.id,
        branchId: c.branchId,
        author: c.author,
        time: c.time
      }))
    ).toEqual([
      { id: `${branch.id}/a`, branchId: branch.id, author: alice, time: 4_000 },
      { id: `${branch.id}/c`, branchId: branch.id, author: alice, time: 3_000 }
    ]);
    expect(branch.id).toMatch(/^alice-/);
    expect(branch.created).toBe(1_000);

    // Notebook edits and an accept of another change leave the id alone.
    replaceText(notebook, 'b', 'Title', 'Heading');
    manager.acceptChange(`${branch.id}/c`);
    expect(manager.changes().map(c => [c.id, c.time])).toEqual([
      [`${branch.id}/a`, 4_000]
    ]);
  });
});
