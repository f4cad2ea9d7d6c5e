/**
 * Issue 12's "one listener": a transaction of the notebook's document
 * reaches the manager's listeners once, whatever the number of branches,
 * and change sets are computed again only for the branches whose cells it
 * touched. An edit of a cell no branch touches, or a chat message in the
 * same Y.Doc, changes no change set and emits nothing.
 */
import * as Y from 'yjs';

import * as changeset from '../changeset';
import { alice, bob, carol, cell, cleanup, setup } from './helpers';

afterEach(cleanup);

/** Three branches, each with a change to one cell of a/b/c. */
function threeBranches() {
  const { notebook, manager } = setup([
    { id: 'a', source: 'x = 1\n' },
    { id: 'b', source: 'y = 2\n' },
    { id: 'c', source: 'z = 3\n' },
    { id: 'd', source: 'free = 0\n' }
  ]);
  const branches = [alice, bob, carol].map((author, k) => {
    const branch = manager.branchFor(author);
    const id = ['a', 'b', 'c'][k];
    branch.doc.cells
      .find(c => c.getId() === id)!
      .updateSource(0, 0, `# by ${author.name}\n`);
    return branch;
  });
  for (const branch of branches) {
    expect(branch.changes()).toHaveLength(1); // computed, and cached
  }
  return { notebook, manager, branches };
}

describe('one listener', () => {
  let compute: jest.SpyInstance;
  beforeEach(() => {
    compute = jest.spyOn(changeset, 'computeChanges');
  });
  afterEach(() => compute.mockRestore());

  it('emits nothing and computes nothing for an edit of a cell no branch touches', () => {
    const { notebook, manager, branches } = threeBranches();
    const emitted: unknown[] = [];
    manager.changed.connect((_, args) => emitted.push(args));
    compute.mockClear();
    cell(notebook, 'd').updateSource(0, 0, 'k');
    // The branches followed the edit...
    expect(branches[0].doc.cells[3].getSource()).toBe('kfree = 0\n');
    // ...and their change sets are the cached ones.
    for (const branch of branches) {
      expect(branch.changes()).toHaveLength(1);
    }
    expect(compute).not.toHaveBeenCalled();
    expect(emitted).toEqual([]);
  });

  it('emits once per transaction, naming the branches whose cells it touched', () => {
    const { notebook, manager, branches } = threeBranches();
    const emitted: string[][] = [];
    manager.changed.connect((_, { branches }) =>
      emitted.push([...branches].sort())
    );
    compute.mockClear();
    notebook.transact(() => {
      cell(notebook, 'a').updateSource(0, 0, 'p');
      cell(notebook, 'b').updateSource(0, 0, 'q');
      cell(notebook, 'd').updateSource(0, 0, 'r');
    });
    expect(emitted).toEqual([[branches[0].id, branches[1].id].sort()]);
    for (const branch of branches) {
      branch.changes();
    }
    // Alice's and Bob's change sets again; Carol's is as it was.
    expect(compute.mock.calls.map(c => c[0])).toEqual([
      branches[0],
      branches[1]
    ]);
  });

  it('ignores the chat and the other roots of the document', () => {
    const { notebook, manager, branches } = threeBranches();
    const chat = notebook.ydoc.getArray<Y.Map<any>>('coauthor:chat');
    const message = new Y.Map<any>();
    message.set('body', new Y.Text());
    chat.push([message]);
    let emitted = 0;
    manager.changed.connect(() => emitted++);
    compute.mockClear();
    const body = message.get('body') as Y.Text;
    for (const token of ['Hel', 'lo', ' there']) {
      body.insert(body.length, token); // a streamed reply
    }
    notebook.ydoc.getMap('state').set('dirty', true);
    for (const branch of branches) {
      branch.changes();
    }
    expect(compute).not.toHaveBeenCalled();
    expect(emitted).toBe(0);
  });

  it('computes again after a structural edit or a notebook metadata edit', () => {
    const { notebook, manager, branches } = threeBranches();
    let emitted = 0;
    manager.changed.connect(() => emitted++);
    notebook.insertCell(4, { cell_type: 'code', source: 'new' });
    expect(emitted).toBe(1);
    compute.mockClear();
    for (const branch of branches) {
      branch.changes();
    }
    expect(compute).toHaveBeenCalledTimes(3);
    notebook.setMetadata('kernelspec', { name: 'python3' } as any);
    expect(emitted).toBe(2);
  });

  it('still emits for an edit made in a branch', () => {
    const { manager, branches } = threeBranches();
    const emitted: string[][] = [];
    manager.changed.connect((_, { branches }) => emitted.push([...branches]));
    branches[2].doc.cells[3].updateSource(0, 0, '# carol again\n');
    expect(emitted).toEqual([[branches[2].id]]);
    expect(branches[2].changes().map(c => c.cellId)).toEqual(['c', 'd']);
  });
});
