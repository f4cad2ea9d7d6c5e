import { YNotebook } from '@jupyter/ydoc';
import { DirectTarget } from '../../agent';
import { chooseClaims, claimsIn, respectingClaims } from '../claims';

const cells = [
  { id: 'intro', source: '# Title' },
  { id: 'a', source: 'def a():\n    pass' },
  { id: 'b', source: 'def b():\n    pass' },
  { id: 'c', source: 'x = 1' },
  { id: 'd', source: 'def d():\n    pass' }
];

function states(entries: [number, string, string[]][]) {
  return new Map<number, Record<string, any>>(
    entries.map(([id, name, claims]) => [
      id,
      { user: { name }, agent: {}, coauthor: { claims } }
    ])
  );
}

describe('claims', () => {
  it('reads who claims each cell; the lowest client id keeps a shared one', () => {
    const claims = claimsIn(
      states([
        [9, 'Bob', ['a', 'b']],
        [3, 'Ada', ['b']]
      ])
    );
    expect(claims.get('a')).toEqual({ clientId: 9, name: 'Bob' });
    expect(claims.get('b')).toEqual({ clientId: 3, name: 'Ada' });
  });

  it('chooses matching cells no one else claims, in notebook order', () => {
    const pattern = /^def /m;
    const none = states([]);
    expect(
      chooseClaims({
        cells,
        pattern,
        count: 2,
        self: 5,
        held: [],
        states: none
      })
    ).toEqual(['a', 'b']);
    const bobHasA = states([[9, 'Bob', ['a']]]);
    expect(
      chooseClaims({
        cells,
        pattern,
        count: 2,
        self: 5,
        held: [],
        states: bobHasA
      })
    ).toEqual(['b', 'd']);
    // Held cells stay; a cell also claimed by a lower id goes.
    const adaHasB = states([
      [3, 'Ada', ['b']],
      [5, 'Me', ['b', 'd']]
    ]);
    expect(
      chooseClaims({
        cells,
        pattern,
        count: 2,
        self: 5,
        held: ['b', 'd'],
        states: adaHasB
      })
    ).toEqual(['d', 'a']);
    // Nothing left.
    const all = states([[1, 'Ada', ['a', 'b', 'd']]]);
    expect(
      chooseClaims({ cells, pattern, count: 2, self: 5, held: [], states: all })
    ).toEqual([]);
  });

  it("refuses, before applying anything, an edit of another agent's cell", () => {
    const notebook = new YNotebook();
    notebook.insertCell(0, { cell_type: 'code', source: 'x', id: 'a' } as any);
    const direct = new DirectTarget({ notebook });
    const target = respectingClaims(direct, id => (id === 'a' ? 'Bob' : null));
    expect(() =>
      target.transact('a', () => notebook.cells[0].setSource('mine'))
    ).toThrow("cell 'a' is claimed by Bob");
    expect(notebook.cells[0].getSource()).toBe('x');
    target.transact(null, () =>
      notebook.insertCell(1, { cell_type: 'code', source: 'y' })
    );
    expect(notebook.cells.length).toBe(2);
    expect(target.notebook).toBe(notebook);
    direct.dispose();
    notebook.dispose();
  });
});
