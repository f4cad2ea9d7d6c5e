import { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';

import { Replica } from '../replica';

const FOLLOWED = Symbol('test:followed');
const REBUILT = Symbol('test:rebuilt');

function notebookOf(...sources: string[]): YNotebook {
  const notebook = new YNotebook();
  notebook.insertCells(
    0,
    sources.map(source => ({ cell_type: 'code' as const, source }))
  );
  return notebook;
}

function sourcesOf(doc: Y.Doc): string[] {
  return doc
    .getArray<Y.Map<any>>('cells')
    .toArray()
    .map(cell => cell.get('source').toString());
}

describe('Replica', () => {
  const cleanup: { dispose(): void }[] = [];
  afterEach(() => {
    cleanup
      .splice(0)
      .reverse()
      .forEach(x => x.dispose());
  });
  function replicaOf(
    notebook: YNotebook,
    options: Partial<Replica.IOptions> = {}
  ): Replica {
    const replica = new Replica({
      notebook,
      createView: () => new YNotebook(),
      origin: FOLLOWED,
      rebuildOrigin: REBUILT,
      ...options
    });
    replica.listen();
    cleanup.push(replica);
    return replica;
  }

  it('forks the notebook as a plain document and follows its updates', () => {
    const notebook = notebookOf('a = 1', 'b = 2');
    cleanup.push(notebook);
    const replica = replicaOf(notebook);
    expect(replica.view).toBeNull();
    expect(replica.ydoc).not.toBe(notebook.ydoc);
    expect(replica.ydoc.gc).toBe(false);
    expect(sourcesOf(replica.ydoc)).toEqual(['a = 1', 'b = 2']);

    const origins: unknown[] = [];
    replica.ydoc.on('update', (_u: Uint8Array, origin: unknown) =>
      origins.push(origin)
    );
    notebook.cells[0].setSource('a = 10');
    expect(sourcesOf(replica.ydoc)).toEqual(['a = 10', 'b = 2']);
    expect(origins).toEqual([FOLLOWED]);
  });

  it('follows only the origins it accepts', () => {
    const notebook = notebookOf('a = 1', 'b = 2');
    cleanup.push(notebook);
    const mine = {};
    const followed: number[] = [];
    const replica = replicaOf(notebook, {
      accepts: o => o !== mine,
      follow: apply => {
        followed.push(1);
        apply();
      }
    });
    // The replica's own edit, forwarded to the notebook as the agent's peer
    // does: not followed back.
    const doc = replica.ydoc;
    const forward = (update: Uint8Array, origin: unknown) => {
      if (origin !== FOLLOWED) {
        Y.applyUpdate(notebook.ydoc, update, mine);
      }
    };
    doc.on('update', forward);
    doc.getArray<Y.Map<any>>('cells').get(0).get('source').insert(0, '# ');
    expect(notebook.cells[0].getSource()).toBe('# a = 1');
    expect(followed).toEqual([]);
    notebook.cells[1].setSource('theirs');
    expect(followed).toEqual([1]);
    expect(sourcesOf(doc)).toEqual(['# a = 1', 'theirs']);
    doc.off('update', forward);
  });

  it('materialises a YNotebook once, which replaces the plain document', () => {
    const notebook = notebookOf('a = 1');
    cleanup.push(notebook);
    const attached: Y.Doc[] = [];
    const detached: Y.Doc[] = [];
    const replica = replicaOf(notebook, {
      attach: doc => attached.push(doc),
      detach: doc => detached.push(doc)
    });
    const plain = replica.ydoc;
    const view = replica.materialize();
    expect(replica.materialize()).toBe(view);
    expect(replica.view).toBe(view);
    expect(replica.ydoc).toBe(view.ydoc);
    expect(view.ydoc.gc).toBe(false);
    expect(view.cells.map(c => c.getSource())).toEqual(['a = 1']);
    expect(attached).toEqual([plain, view.ydoc]);
    expect(detached).toEqual([plain]);
    notebook.cells[0].setSource('a = 2');
    expect(view.cells[0].getSource()).toBe('a = 2');
  });

  it('materialises at once when eager, with the gc asked for', () => {
    const notebook = notebookOf('a = 1');
    cleanup.push(notebook);
    const replica = replicaOf(notebook, { eager: true, gc: true });
    expect(replica.view).not.toBeNull();
    expect(replica.ydoc).toBe(replica.view!.ydoc);
    expect(replica.ydoc.gc).toBe(true);
    expect(replica.view!.cells[0].getSource()).toBe('a = 1');
  });

  it('rebuilds from the notebook plus updates, in a new view', () => {
    const notebook = notebookOf('a = 1', 'b = 2');
    cleanup.push(notebook);
    const replica = replicaOf(notebook);
    const old = replica.materialize();
    // An edit of the replica, kept as an update, and one that is dropped.
    const kept: Uint8Array[] = [];
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === 'edit') {
        kept.push(update);
      }
    };
    old.ydoc.on('update', onUpdate);
    old.ydoc.transact(() => old.cells[0].setSource('kept'), 'edit');
    old.ydoc.off('update', onUpdate);
    old.ydoc.transact(() => old.cells[1].setSource('dropped'), 'other');

    const replaced: YNotebook[] = [];
    const origins: unknown[] = [];
    replica.rebuild(kept, view => {
      replaced.push(view);
      // Called before the old view is disposed.
      expect(old.isDisposed).toBe(false);
      view.ydoc.on('update', (_u: Uint8Array, o: unknown) => origins.push(o));
    });
    expect(replaced).toEqual([replica.view]);
    expect(replica.view).not.toBe(old);
    expect(old.isDisposed).toBe(true);
    expect(replica.view!.cells.map(c => c.getSource())).toEqual([
      'kept',
      'b = 2'
    ]);
    notebook.cells[1].setSource('b = 3');
    expect(replica.view!.cells[1].getSource()).toBe('b = 3');
    expect(origins).toEqual([FOLLOWED]);
  });

  it('defers a notebook update that arrives during its own transaction', () => {
    const notebook = notebookOf('a = 1', 'b = 2');
    cleanup.push(notebook);
    const followed: boolean[] = [];
    const replica = replicaOf(notebook, {
      mark: () => true,
      follow: (apply, marked) => {
        followed.push(marked);
        apply();
      }
    });
    const doc = replica.ydoc;
    const text = doc.getArray<Y.Map<any>>('cells').get(0).get('source');
    const ownUpdates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'own') {
        ownUpdates.push(update);
      }
    });
    let seenInside: string[] = [];
    doc.transact(() => {
      text.insert(0, '# ');
      // The notebook changes while the replica's transaction is open (an
      // observer of an update forwarded there answers at once).
      notebook.cells[1].setSource('b = 3');
      seenInside = sourcesOf(doc);
    }, 'own');
    expect(seenInside).toEqual(['# a = 1', 'b = 2']);
    expect(sourcesOf(doc)).toEqual(['# a = 1', 'b = 3']);
    expect(followed).toEqual([true]);
    // The replica's own update holds its own operations only.
    expect(ownUpdates).toHaveLength(1);
    const clients = new Set(
      Y.decodeUpdate(ownUpdates[0]).structs.map(s => s.id.client)
    );
    expect([...clients]).toEqual([doc.clientID]);
  });

  it('defers while its transactions are being cleaned up, too', () => {
    const notebook = notebookOf('a = 1', 'b = 2');
    cleanup.push(notebook);
    const replica = replicaOf(notebook);
    const doc = replica.ydoc;
    let seenInCleanup: string[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin === 'own') {
        notebook.cells[1].setSource('b = 3');
        seenInCleanup = sourcesOf(doc);
      }
    });
    doc.transact(() => {
      doc.getArray<Y.Map<any>>('cells').get(0).get('source').insert(0, '# ');
    }, 'own');
    expect(seenInCleanup).toEqual(['# a = 1', 'b = 2']);
    expect(sourcesOf(doc)).toEqual(['# a = 1', 'b = 3']);
  });

  it('gives its document its own client id back between transactions', () => {
    const notebook = notebookOf('a = 1');
    cleanup.push(notebook);
    const replica = replicaOf(notebook);
    const doc = replica.ydoc;
    const home = doc.clientID;
    doc.on('beforeTransaction', () => {
      doc.clientID = home + 1;
    });
    doc.transact(() => {
      doc.getArray<Y.Map<any>>('cells').get(0).get('source').insert(0, 'x');
    });
    expect(doc.clientID).toBe(home);
  });

  it('stops following and frees its documents on dispose', () => {
    const notebook = notebookOf('a = 1');
    cleanup.push(notebook);
    let follows = 0;
    const replica = new Replica({
      notebook,
      createView: () => new YNotebook(),
      origin: FOLLOWED,
      follow: apply => {
        follows++;
        apply();
      }
    });
    replica.listen();
    const view = replica.materialize();
    notebook.cells[0].setSource('a = 2');
    expect(follows).toBe(1);
    replica.dispose();
    expect(replica.isDisposed).toBe(true);
    expect(view.isDisposed).toBe(true);
    notebook.cells[0].setSource('a = 3');
    expect(follows).toBe(1);
  });

  it('follows only when driven, unless it listens itself', () => {
    const notebook = notebookOf('a = 1', 'b = 2');
    cleanup.push(notebook);
    const replica = new Replica({
      notebook,
      createView: () => new YNotebook(),
      origin: FOLLOWED
    });
    cleanup.push(replica);
    const updates: [Uint8Array, unknown, Y.Doc, Y.Transaction][] = [];
    const record = (u: Uint8Array, o: unknown, d: Y.Doc, t: Y.Transaction) =>
      updates.push([u, o, d, t]);
    notebook.ydoc.on('update', record);
    notebook.cells[0].setSource('a = 10');
    // Not listening: the replica does not see it until it is handed over.
    expect(sourcesOf(replica.ydoc)).toEqual(['a = 1', 'b = 2']);
    replica.follow(...updates[0]);
    expect(sourcesOf(replica.ydoc)).toEqual(['a = 10', 'b = 2']);
    notebook.ydoc.off('update', record);
  });

  it('defers a driven update that arrives during its own transaction', () => {
    const notebook = notebookOf('a = 1', 'b = 2');
    cleanup.push(notebook);
    const replica = new Replica({
      notebook,
      createView: () => new YNotebook(),
      origin: FOLLOWED
    });
    cleanup.push(replica);
    // What a manager does: the one listener, driving the replica.
    const drive = (u: Uint8Array, o: unknown, d: Y.Doc, t: Y.Transaction) =>
      replica.follow(u, o, d, t);
    notebook.ydoc.on('update', drive);
    const doc = replica.ydoc;
    let seenInside: string[] = [];
    doc.transact(() => {
      doc.getArray<Y.Map<any>>('cells').get(0).get('source').insert(0, '# ');
      notebook.cells[1].setSource('b = 3');
      seenInside = sourcesOf(doc);
    }, 'own');
    expect(seenInside).toEqual(['# a = 1', 'b = 2']);
    expect(sourcesOf(doc)).toEqual(['# a = 1', 'b = 3']);
    notebook.ydoc.off('update', drive);
  });
});
