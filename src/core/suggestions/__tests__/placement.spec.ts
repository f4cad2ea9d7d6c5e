/** Where a cell a view does not hold is shown (deleted or new cells). */
import { alice, cleanup, setup } from './helpers';
import { cellIds, shownBefore } from '../placement';

afterEach(cleanup);

describe('placement of cells a view does not hold', () => {
  const order = ['a', 'b', 'c', 'd'];

  it('after the nearest earlier cell the view shows', () => {
    expect(shownBefore(order, 'c', new Set(['a', 'b', 'd']))).toBe('b');
    expect(shownBefore(order, 'c', new Set(['a', 'd']))).toBe('a');
  });

  it('before the first cell when no earlier cell is shown', () => {
    expect(shownBefore(order, 'a', new Set(['b', 'c']))).toBeNull();
    expect(shownBefore(order, 'b', new Set(['c']))).toBeNull();
  });

  it('undefined for a cell the order does not hold', () => {
    expect(shownBefore(order, 'z', new Set(order))).toBeUndefined();
  });

  it("reads a document's cell order without a YNotebook", () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    branch.doc.insertCell(1, { id: 'new', cell_type: 'code', source: '' });
    expect(cellIds(notebook.ydoc)).toEqual(['a', 'b', 'c']);
    expect(cellIds(branch.ydoc)).toEqual(['a', 'new', 'b', 'c']);
    expect(
      shownBefore(cellIds(branch.ydoc), 'new', new Set(cellIds(notebook.ydoc)))
    ).toBe('a');
  });
});
