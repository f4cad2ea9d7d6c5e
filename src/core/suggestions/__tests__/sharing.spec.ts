/**
 * Several branches at once, each under its author, and branches shared live
 * between replicas of a notebook through its own document.
 */
import {
  alice,
  bob,
  carol,
  cell,
  cellsOf,
  cleanup,
  manage,
  replaceText,
  replicaOf,
  setup
} from './helpers';

afterEach(cleanup);

/** A notebook, a second replica of it, and a manager on each. */
function twoPeers() {
  const one = setup();
  const other = replicaOf(one.notebook);
  return { one, two: { notebook: other, manager: manage(other) } };
}

describe('several branches', () => {
  it('one per author, each change under its author', () => {
    const { notebook, manager } = setup();
    const branches = [alice, bob, carol].map(a => manager.branchFor(a));
    expect(manager.branchFor(bob)).toBe(branches[1]);
    expect(branches.map(b => b.id.split('-')[0])).toEqual([
      'alice',
      'bob',
      'carol'
    ]);
    replaceText(branches[0].doc, 'a', 'x = 1', 'x = 10');
    replaceText(branches[1].doc, 'c', 'x', 'x, 1');
    branches[2].doc.deleteCell(1);
    expect(
      manager.changes().map(c => [c.author.name, c.cellId, c.kinds])
    ).toEqual([
      ['Alice', 'a', ['source']],
      ['Bob', 'c', ['source']],
      ['Carol', 'b', ['deleted']]
    ]);
    // Each branch holds only its own suggestion.
    expect(branches.map(b => b.changes().length)).toEqual([1, 1, 1]);
    expect(cell(branches[1].doc, 'a').getSource()).toBe('x = 1\ny = 2\n');

    manager.acceptBranch(branches[1].id);
    expect(cell(notebook, 'c').getSource()).toBe('print(x, 1)');
    expect(manager.changes().map(c => c.author.id)).toEqual(['alice', 'carol']);
    // The others follow the notebook.
    expect(cell(branches[0].doc, 'c').getSource()).toBe('print(x, 1)');
    expect(cell(branches[2].doc, 'c').getSource()).toBe('print(x, 1)');
  });
});

describe('shared between replicas', () => {
  it('each peer sees every branch live', () => {
    const { one, two } = twoPeers();
    const ba = one.manager.branchFor(alice);
    const bb = two.manager.branchFor(bob);
    replaceText(ba.doc, 'a', 'x = 1', 'x = 10');
    replaceText(bb.doc, 'c', 'x', 'x, 1');
    const view = (m: typeof one.manager) =>
      m.changes().map(c => [c.id, c.author.id, c.proposedSource]);
    expect(view(one.manager)).toEqual([
      [`${ba.id}/a`, 'alice', 'x = 10\ny = 2\n'],
      [`${bb.id}/c`, 'bob', 'print(x, 1)']
    ]);
    expect(view(two.manager)).toEqual(view(one.manager));
    // The suggestions are not in the notebook.
    expect(cellsOf(two.notebook)).toEqual(cellsOf(one.notebook));
    expect(cell(one.notebook, 'a').getSource()).toBe('x = 1\ny = 2\n');
  });

  it('an accept on one peer: the text once everywhere, no change left', () => {
    const { one, two } = twoPeers();
    const ba = one.manager.branchFor(alice);
    replaceText(ba.doc, 'a', 'y = 2', 'y = 3');
    ba.doc.insertCell(1, { id: 'n', cell_type: 'code', source: 'n()' } as any);
    two.manager.acceptAll();
    const expected = [
      { id: 'a', type: 'code', source: 'x = 1\ny = 3\n' },
      { id: 'n', type: 'code', source: 'n()' },
      { id: 'b', type: 'markdown', source: '# Title' },
      { id: 'c', type: 'code', source: 'print(x)' }
    ];
    expect(cellsOf(one.notebook)).toEqual(expected);
    expect(cellsOf(two.notebook)).toEqual(expected);
    expect(cellsOf(ba.doc)).toEqual(expected);
    expect(cellsOf(two.manager.branches[0].doc)).toEqual(expected);
    expect(one.manager.changes()).toEqual([]);
    expect(two.manager.changes()).toEqual([]);
  });

  it('a reject on one peer drops the suggestion on the other', () => {
    const { one, two } = twoPeers();
    const ba = one.manager.branchFor(alice);
    replaceText(ba.doc, 'a', 'y = 2', 'y = 3');
    replaceText(ba.doc, 'c', 'x', 'y');
    two.manager.rejectChange(`${ba.id}/a`);
    expect(cell(ba.doc, 'a').getSource()).toBe('x = 1\ny = 2\n');
    for (const peer of [one, two]) {
      expect(peer.manager.changes().map(c => c.id)).toEqual([`${ba.id}/c`]);
      expect(cell(peer.notebook, 'a').getSource()).toBe('x = 1\ny = 2\n');
    }
  });

  it('one peer’s notebook edit merges into the other peer’s suggestion', () => {
    const { one, two } = twoPeers();
    const bb = two.manager.branchFor(bob);
    replaceText(bb.doc, 'a', 'y = 2', 'y = 20');
    const a = cell(one.notebook, 'a');
    a.updateSource(a.getSource().length, a.getSource().length, 'z = 3\n');
    expect(one.manager.changes().map(c => c.proposedSource)).toEqual([
      'x = 1\ny = 20\nz = 3\n'
    ]);
    one.manager.acceptAll();
    expect(cell(two.notebook, 'a').getSource()).toBe('x = 1\ny = 20\nz = 3\n');
  });

  it('a peer that opens the notebook later builds the branches', () => {
    const { notebook, manager } = setup();
    const ba = manager.branchFor(alice);
    replaceText(ba.doc, 'c', 'x', 'y');
    ba.doc.insertCell(0, { id: 'n', cell_type: 'code', source: '' } as any);
    const late = replicaOf(notebook);
    const lateManager = manage(late);
    expect(lateManager.branches.map(b => [b.id, b.author])).toEqual([
      [ba.id, alice]
    ]);
    expect(
      lateManager.changes().map(c => [c.id, c.kinds, c.proposedSource])
    ).toEqual([
      [`${ba.id}/n`, ['inserted'], ''],
      [`${ba.id}/c`, ['source'], 'print(y)']
    ]);
    lateManager.acceptChange(`${ba.id}/c`);
    expect(cell(notebook, 'c').getSource()).toBe('print(y)');
    expect(manager.changes().map(c => c.id)).toEqual([`${ba.id}/n`]);
  });
});
