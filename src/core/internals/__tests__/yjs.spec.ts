import * as Y from 'yjs';

import { firstItemOf, isTransacting, lastValueOf, typeIdOf } from '../yjs';

/**
 * Pins what the core reads of Yjs's private state (src/core/internals/yjs.ts):
 * each test fails if a Yjs upgrade changes the behaviour depended on.
 */

/** The content of every item of a type's list, deleted ones included. */
function walk(
  type: Y.AbstractType<any>
): { value: unknown; deleted: boolean }[] {
  const out: { value: unknown; deleted: boolean }[] = [];
  for (let item = firstItemOf(type); item; item = item.right as Y.Item | null) {
    for (const value of item.content.getContent()) {
      out.push({ value, deleted: item.deleted });
    }
  }
  return out;
}

describe('firstItemOf', () => {
  it('is null for an empty array', () => {
    const doc = new Y.Doc();
    expect(firstItemOf(doc.getArray('a'))).toBeNull();
  });

  it('starts the list of items in order, deleted items included', () => {
    // No garbage collection: deleted content stays, as in a branch's doc.
    const doc = new Y.Doc({ gc: false });
    const array = doc.getArray<number>('a');
    array.insert(0, [1]);
    array.insert(1, [2]);
    array.insert(2, [3]);
    array.delete(1, 1);
    expect(firstItemOf(array)?.content.getContent()).toEqual([1]);
    expect(walk(array)).toEqual([
      { value: 1, deleted: false },
      { value: 2, deleted: true },
      { value: 3, deleted: false }
    ]);
  });

  it('reaches a map inserted and deleted in one transaction, from afterTransaction', () => {
    // What Branch does: in afterTransaction, find the cells of the array
    // the transaction created or deleted (the public `event.changes` leaves
    // an item both added and deleted out).
    const doc = new Y.Doc({ gc: false });
    const array = doc.getArray<Y.Map<any>>('cells');
    let seen: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      const before = tr.beforeState.get(doc.clientID) ?? 0;
      seen = [];
      for (
        let item = firstItemOf(array);
        item;
        item = item.right as Y.Item | null
      ) {
        const type = (item.content as Y.ContentType).type;
        if (item.id.clock >= before && type instanceof Y.Map) {
          seen.push(lastValueOf(type, 'id'));
        }
      }
    });
    doc.transact(() => {
      const cell = new Y.Map<string>();
      array.insert(0, [cell]);
      cell.set('id', 'x');
      array.delete(0, 1);
    });
    expect(seen).toEqual(['x']);
  });

  it('starts a Y.Text too', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'ab');
    expect(firstItemOf(text)?.content.getContent().join('')).toBe('ab');
  });
});

describe('isTransacting', () => {
  it('is false outside any transaction', () => {
    const doc = new Y.Doc();
    expect(isTransacting(doc)).toBe(false);
    doc.getArray('a').insert(0, [1]);
    expect(isTransacting(doc)).toBe(false);
  });

  it('is true inside transact', () => {
    const doc = new Y.Doc();
    let inside: boolean | null = null;
    doc.transact(() => {
      doc.getArray('a').insert(0, [1]);
      inside = isTransacting(doc);
    });
    expect(inside).toBe(true);
    expect(isTransacting(doc)).toBe(false);
  });

  it('is true in observers and cleanup listeners, false after', () => {
    const doc = new Y.Doc();
    const array = doc.getArray<number>('a');
    const seen: Record<string, boolean> = {};
    array.observe(() => {
      seen.observer = isTransacting(doc);
    });
    doc.on('afterTransaction', () => {
      seen.afterTransaction = isTransacting(doc);
    });
    doc.on('update', () => {
      seen.update = isTransacting(doc);
    });
    doc.on('afterTransactionCleanup', () => {
      seen.afterTransactionCleanup = isTransacting(doc);
    });
    array.insert(0, [1]);
    expect(seen).toEqual({
      observer: true,
      afterTransaction: true,
      update: true,
      afterTransactionCleanup: true
    });
    expect(isTransacting(doc)).toBe(false);
  });

  it('is true while a transaction opened by an observer is cleaned up', () => {
    // A listener of the first transaction opens a second one: the doc is
    // busy until the second's cleanup has ended too.
    const doc = new Y.Doc();
    const a = doc.getArray<number>('a');
    const b = doc.getArray<number>('b');
    let inSecond: boolean | null = null;
    a.observe(() => {
      b.insert(0, [2]);
    });
    b.observe(() => {
      inSecond = isTransacting(doc);
    });
    a.insert(0, [1]);
    expect(inSecond).toBe(true);
    expect(isTransacting(doc)).toBe(false);
  });

  it('is false again after a transaction threw', () => {
    const doc = new Y.Doc();
    expect(() =>
      doc.transact(() => {
        doc.getArray('a').insert(0, [1]);
        throw new Error('boom');
      })
    ).toThrow('boom');
    expect(isTransacting(doc)).toBe(false);
  });
});

describe('lastValueOf', () => {
  it('reads a live entry', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<string>('m');
    map.set('id', 'a');
    map.set('id', 'b');
    expect(lastValueOf(map, 'id')).toBe('b');
    expect(lastValueOf(map, 'missing')).toBeUndefined();
  });

  it('reads the last value of a map deleted from its array', () => {
    const doc = new Y.Doc({ gc: false });
    const array = doc.getArray<Y.Map<string>>('cells');
    const cell = new Y.Map<string>();
    array.insert(0, [cell]);
    cell.set('id', 'c1');
    array.delete(0, 1);
    // The public read forgets it: that is why the internal one exists.
    expect(cell.get('id')).toBeUndefined();
    expect(lastValueOf(cell, 'id')).toBe('c1');
  });

  it('reads the last value of a deleted entry', () => {
    const doc = new Y.Doc({ gc: false });
    const map = doc.getMap<string>('m');
    map.set('id', 'a');
    map.delete('id');
    expect(map.get('id')).toBeUndefined();
    expect(lastValueOf(map, 'id')).toBe('a');
  });
});

describe('typeIdOf', () => {
  it('is the same for a nested type on two replicas, different for another', () => {
    const one = new Y.Doc();
    const two = new Y.Doc();
    const cells = one.getArray<Y.Map<any>>('cells');
    cells.insert(0, [new Y.Map(), new Y.Map()]);
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
    const mine = cells.get(0);
    const theirs = two.getArray<Y.Map<any>>('cells').get(0);
    const x = typeIdOf(mine);
    const y = typeIdOf(theirs);
    expect(x).not.toBeNull();
    expect(Y.compareIDs(x, y)).toBe(true);
    expect(Y.compareIDs(x, typeIdOf(cells.get(1)))).toBe(false);
    // Not a copy of the local object only: the id Yjs encodes the item with.
    expect(x).toEqual(
      expect.objectContaining({
        client: one.clientID,
        clock: expect.any(Number)
      })
    );
  });

  it('is null for a root type and for a type not in a document', () => {
    const doc = new Y.Doc();
    expect(typeIdOf(doc.getArray('cells'))).toBeNull();
    expect(typeIdOf(new Y.Map())).toBeNull();
  });

  it('differs for a copy of a cell (a move or retype recreates it)', () => {
    const doc = new Y.Doc();
    const cells = doc.getArray<Y.Map<any>>('cells');
    const cell = new Y.Map<string>();
    cells.insert(0, [cell]);
    cell.set('id', 'c');
    const before = typeIdOf(cells.get(0));
    doc.transact(() => {
      const copy = new Y.Map<string>();
      cells.delete(0, 1);
      cells.insert(0, [copy]);
      copy.set('id', 'c');
    });
    expect(Y.compareIDs(before, typeIdOf(cells.get(0)))).toBe(false);
  });
});
