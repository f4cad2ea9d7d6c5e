import { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';
import { SuggestionManager } from '../manager';

const alice = { id: 'alice', name: 'Alice', color: '#f00' };

function notebook(): YNotebook {
  const nb = YNotebook.create({
    disableDocumentWideUndoRedo: true,
    data: {
      cells: [
        { cell_type: 'code', id: 'a', source: 'x = 1\ny = 2\n', metadata: {} },
        { cell_type: 'markdown', id: 'b', source: '# Title', metadata: {} },
        { cell_type: 'code', id: 'c', source: 'print(x)', metadata: {} }
      ] as any
    }
  });
  nb.undoManager.stopCapturing();
  return nb;
}

describe('SuggestionManager', () => {
  it('edits, follows, accepts one cell, undo brings it back', async () => {
    const nb = notebook();
    const m = new SuggestionManager({ notebook: nb, saveDelay: 0 });
    const b = m.branchFor(alice);
    const doc = b.doc;
    doc.cells[0].updateSource(0, 0, '# s\n');
    doc.cells[2].updateSource(8, 8, '\nprint(y)');
    nb.cells[0].updateSource(
      nb.cells[0].getSource().length,
      nb.cells[0].getSource().length,
      'z = 3\n'
    );
    expect(doc.cells[0].getSource()).toBe('# s\nx = 1\ny = 2\nz = 3\n');
    const changes = b.changes();
    expect(changes.map(c => c.cellId)).toEqual(['a', 'c']);
    const r = m.acceptChange(`${b.id}/a`);
    expect(r.cellIds).toEqual(['a']);
    expect(nb.cells[0].getSource()).toBe('# s\nx = 1\ny = 2\nz = 3\n');
    expect(nb.cells[2].getSource()).toBe('print(x)');
    expect(b.changes().map(c => c.cellId)).toEqual(['c']);
    nb.cells[0].undo();
    await Promise.resolve();
    await Promise.resolve();
    expect(nb.cells[0].getSource()).toBe('x = 1\ny = 2\nz = 3\n');
    expect(
      b
        .changes()
        .map(c => c.cellId)
        .sort()
    ).toEqual(['a', 'c']);
    m.dispose();
    nb.dispose();
  });

  it('moves, inserts, deletes, retypes; reject rebuilds; save and restore', () => {
    const nb = notebook();
    const m = new SuggestionManager({ notebook: nb, saveDelay: 0 });
    const b = m.branchFor(alice);
    const doc = b.doc;
    doc.moveCell(0, 2);
    doc.insertCell(1, { cell_type: 'code', id: 'n', source: 'new()' } as any);
    doc.deleteCell(0);
    const kinds = Object.fromEntries(
      b.changes().map(c => [c.cellId, c.kinds.join('+')])
    );
    expect(kinds).toEqual({ a: 'moved', n: 'inserted', b: 'deleted' });
    m.rejectChange(`${b.id}/b`);
    expect(
      b
        .changes()
        .map(c => c.cellId)
        .sort()
    ).toEqual(['a', 'n']);
    m.save();
    const saved = JSON.parse(JSON.stringify(nb.toJSON()));
    const fresh = YNotebook.create({
      disableDocumentWideUndoRedo: true,
      data: saved
    });
    const m2 = new SuggestionManager({ notebook: fresh, saveDelay: 0 });
    expect(m2.branches).toHaveLength(1);
    expect(
      m2
        .changes()
        .map(c => c.cellId)
        .sort()
    ).toEqual(['a', 'n']);
    m.acceptAll();
    m2.acceptAll();
    expect(fresh.cells.map(c => c.getId())).toEqual(
      nb.cells.map(c => c.getId())
    );
    expect(fresh.cells.map(c => c.getSource())).toEqual(
      nb.cells.map(c => c.getSource())
    );
    m.dispose();
    m2.dispose();
    nb.dispose();
    fresh.dispose();
  });

  it('shares branches between two replicas', () => {
    const nb1 = notebook();
    const nb2 = new YNotebook({ disableDocumentWideUndoRedo: true });
    Y.applyUpdate(nb2.ydoc, Y.encodeStateAsUpdate(nb1.ydoc));
    nb1.ydoc.on(
      'update',
      (u: Uint8Array, o: any) => o !== 'r' && Y.applyUpdate(nb2.ydoc, u, 'r')
    );
    nb2.ydoc.on(
      'update',
      (u: Uint8Array, o: any) => o !== 'r' && Y.applyUpdate(nb1.ydoc, u, 'r')
    );
    const m1 = new SuggestionManager({ notebook: nb1, saveDelay: 0 });
    const m2 = new SuggestionManager({ notebook: nb2, saveDelay: 0 });
    const b = m1.branchFor(alice);
    b.doc.cells[1].updateSource(7, 7, '!');
    expect(m2.changes().map(c => c.proposedSource)).toEqual(['# Title!']);
    m2.acceptAll();
    expect(nb1.cells[1].getSource()).toBe('# Title!');
    expect(m1.changes()).toEqual([]);
    m1.dispose();
    m2.dispose();
    nb1.dispose();
    nb2.dispose();
  });

  it('is the one listener of the notebook: its branches add none', () => {
    const nb = notebook();
    // Net listeners on the notebook's document, per event.
    const count = new Map<string, number>();
    const on = nb.ydoc.on.bind(nb.ydoc);
    const off = nb.ydoc.off.bind(nb.ydoc);
    nb.ydoc.on = (name: any, f: any) => {
      count.set(name, (count.get(name) ?? 0) + 1);
      return on(name, f);
    };
    nb.ydoc.off = (name: any, f: any) => {
      count.set(name, (count.get(name) ?? 0) - 1);
      return off(name, f);
    };
    const m = new SuggestionManager({ notebook: nb, saveDelay: 0 });
    const afterManager = new Map(count);
    expect(afterManager.get('update')).toBe(1);
    expect(afterManager.get('beforeObserverCalls')).toBe(1);
    const branches = ['alice', 'bob', 'carol'].map(id =>
      m.branchFor({ id, name: id, color: '#f00' })
    );
    // Materialised, edited, rejected (rebuilt), as a person uses them.
    for (const b of branches) {
      b.doc.cells[0].updateSource(0, 0, `# ${b.author.id}\n`);
    }
    m.rejectChange(`${branches[2].id}/a`);
    expect(count).toEqual(afterManager);
    // And they still follow the notebook, through the manager.
    nb.cells[2].updateSource(0, 0, '# seen\n');
    for (const b of branches) {
      expect(b.doc.cells[2].getSource()).toBe('# seen\nprint(x)');
    }
    m.dispose();
    expect(count.get('update')).toBe(0);
    expect(count.get('beforeObserverCalls')).toBe(0);
    nb.dispose();
  });
});
