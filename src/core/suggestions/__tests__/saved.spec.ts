/**
 * The saved form (`metadata.coauthor.suggestions`) and the reload: saving,
 * writing the notebook as ipynb JSON, opening that as a new document and
 * accepting gives what accepting before the reload gives.
 */
import type { YNotebook } from '@jupyter/ydoc';

import { hashText } from '..';
import type { ICellRecord, ISuggestionsSection } from '..';
import {
  alice,
  bob,
  cell,
  CELLS,
  cellsOf,
  cleanup,
  fromFile,
  manage,
  reload,
  replaceText,
  retype,
  setup,
  summary
} from './helpers';

afterEach(() => {
  cleanup();
  jest.restoreAllMocks();
});

/** The saved suggestions of an ipynb JSON. */
function savedOf(file: any): ISuggestionsSection | undefined {
  return file.metadata?.coauthor?.suggestions;
}

/** A file whose saved suggestion edits line 2 of cell a, with a changed on disk. */
function changedOnDisk(source: string): any {
  const { notebook, manager } = setup([
    { id: 'a', source: 'one\ntwo\nthree\n' },
    { id: 'b', source: 'b' }
  ]);
  const branch = manager.branchFor(alice);
  replaceText(branch.doc, 'a', 'two', 'TWO');
  const { file } = reload(notebook, manager);
  file.cells[0].source = source;
  return file;
}

describe('the saved form', () => {
  it('is metadata.coauthor, version 2, one record per changed cell', () => {
    const now = jest.spyOn(Date, 'now');
    now.mockReturnValue(1_000);
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    now.mockReturnValue(2_000);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    now.mockReturnValue(3_000);
    branch.doc.deleteCell(1);
    now.mockReturnValue(4_000);
    branch.doc.insertCell(2, {
      id: 'n',
      cell_type: 'markdown',
      source: '## Notes'
    } as any);
    now.mockReturnValue(5_000);
    cell(branch.doc, 'c').setMetadata({ tags: ['slow'] });

    const { file } = reload(notebook, manager);
    // Each record also says where its cell is by content: its source's
    // hash and its neighbours' (locate.ts).
    const [a, b, c] = ['x = 1\ny = 2\n', '# Title', 'print(x)'].map(hashText);
    expect(file.metadata.coauthor).toEqual({
      version: 2,
      suggestions: {
        branches: [
          {
            id: branch.id,
            author: alice,
            created: 1_000,
            cells: [
              {
                cellId: 'a',
                time: 2_000,
                locate: { hash: a, before: null, after: b },
                source: {
                  baseHash: 'ea4eb807:12',
                  hunks: [[1, ['y = 2\n'], ['y = 3\n']]]
                }
              },
              {
                cellId: 'b',
                time: 3_000,
                locate: { hash: b, before: a, after: c },
                delete: true
              },
              {
                cellId: 'c',
                time: 5_000,
                locate: { hash: c, before: b, after: null },
                metadata: { tags: ['slow'] }
              },
              {
                cellId: 'n',
                time: 4_000,
                insert: {
                  after: 'c',
                  afterLocate: { hash: c, before: b, after: null },
                  cell_type: 'markdown',
                  source: '## Notes',
                  metadata: {}
                }
              }
            ]
          }
        ]
      }
    });
    expect(hashText('x = 1\ny = 2\n')).toBe('ea4eb807:12');
  });

  it('records moves by the cell they follow, and type changes', () => {
    const { notebook, manager } = setup([...CELLS, { id: 'd', source: 'd' }]);
    const branch = manager.branchFor(alice);
    branch.doc.moveCell(3, 0);
    branch.doc.moveCell(1, 3);
    retype(branch.doc, 'c', 'raw');
    expect(cellsOf(branch.doc).map(c => c.id)).toEqual(['d', 'b', 'c', 'a']);
    const { file } = reload(notebook, manager);
    const cells = savedOf(file)!.branches[0].cells.map(
      ({ time, locate, moveAfterLocate, ...rest }: ICellRecord) => rest
    );
    expect(cells).toEqual([
      { cellId: 'd', moveAfter: null },
      { cellId: 'c', cellType: 'raw' },
      { cellId: 'a', moveAfter: 'c' }
    ]);
  });

  it('holds no Yjs ids', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    branch.doc.insertCell(0, { id: 'n', cell_type: 'code', source: '' } as any);
    retype(branch.doc, 'b', 'raw');
    const { file } = reload(notebook, manager);
    const text = JSON.stringify(file.metadata);
    const clients = [
      notebook.ydoc.clientID,
      ...branch.entries.map(e => e.client)
    ];
    expect(clients.filter(c => text.includes(String(c)))).toEqual([]);
    const allowed = [
      'cellId',
      'time',
      'locate',
      'moveAfterLocate',
      'metadataRemoved',
      'notebook',
      'insert',
      'delete',
      'moveAfter',
      'cellType',
      'metadata',
      'source',
      'conflict'
    ];
    for (const record of savedOf(file)!.branches[0].cells) {
      expect(Object.keys(record).filter(k => !allowed.includes(k))).toEqual([]);
    }
  });

  it('is absent when there are no suggestions', () => {
    const { notebook, manager } = setup();
    manager.save();
    expect(notebook.toJSON().metadata).toEqual({});

    // A branch whose edits came to nothing.
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    replaceText(branch.doc, 'a', 'y = 3', 'y = 2');
    manager.save();
    expect(notebook.toJSON().metadata).toEqual({});

    // Accepted: the section goes, and the key with it.
    replaceText(branch.doc, 'c', 'x', 'y');
    manager.save();
    expect(savedOf(notebook.toJSON())!.branches).toHaveLength(1);
    manager.acceptAll();
    manager.save();
    expect(notebook.toJSON().metadata).toEqual({});
  });

  it('leaves the other sections of metadata.coauthor alone', () => {
    const { notebook, manager } = setup();
    const chat = { messages: [{ id: 'm1', body: 'hi' }] };
    notebook.setMetadata('coauthor', { version: 1, chat } as any);
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'c', 'x', 'y');
    manager.save();
    expect(Object.keys(notebook.getMetadata('coauthor') as any)).toEqual([
      'version',
      'chat',
      'suggestions'
    ]);
    manager.rejectAll();
    manager.save();
    // Rewritten in the current version (2), the chat as it was.
    expect(notebook.getMetadata('coauthor')).toEqual({ version: 2, chat });
  });

  it('is written by itself after the edits stop', async () => {
    const { notebook } = setup();
    const manager = manage(notebook, 5);
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'c', 'x', 'y');
    expect(notebook.getMetadata('coauthor')).toBeUndefined();
    await new Promise(resolve => setTimeout(resolve, 30));
    expect(savedOf(notebook.toJSON())!.branches[0].cells).toMatchObject([
      { cellId: 'c', source: { hunks: [[0, ['print(x)'], ['print(y)']]] } }
    ]);
  });
});

/** An edit of a branch, for the reload table. */
type Edit = (doc: YNotebook) => void;

const RELOADED: [string, Edit][] = [
  ['a source edit', doc => replaceText(doc, 'a', 'y = 2', 'y = 3')],
  [
    'two hunks in one cell',
    doc => {
      replaceText(doc, 'a', 'x = 1', 'x = 0');
      cell(doc, 'a').updateSource(12, 12, 'z = 3\n');
    }
  ],
  [
    'an inserted cell',
    doc =>
      doc.insertCell(1, {
        id: 'n',
        cell_type: 'markdown',
        source: 'note',
        metadata: { tags: ['t'] }
      } as any)
  ],
  ['a deleted cell', doc => doc.deleteCell(1)],
  ['a move', doc => doc.moveCell(0, 2)],
  ['a move to the top', doc => doc.moveCell(2, 0)],
  ['a type change', doc => retype(doc, 'a', 'markdown')],
  ['a metadata change', doc => cell(doc, 'b').setMetadata({ tags: ['x'] })],
  [
    'a move and an edit of the moved cell',
    doc => {
      doc.moveCell(0, 2);
      replaceText(doc, 'a', 'x', 'w');
    }
  ],
  [
    'a type change and an edit',
    doc => {
      retype(doc, 'c', 'raw');
      replaceText(doc, 'c', 'print', 'show');
    }
  ],
  [
    'new cells inserted after new cells, text typed in them',
    doc => {
      doc.insertCell(3, { id: 'n1', cell_type: 'code', source: '' } as any);
      doc.insertCell(4, { id: 'n2', cell_type: 'code', source: 'b' } as any);
      cell(doc, 'n1').updateSource(0, 0, 'first\n');
      doc.insertCell(4, { id: 'n3', cell_type: 'code', source: 'c' } as any);
    }
  ],
  [
    'everything at once',
    doc => {
      doc.deleteCell(1);
      doc.moveCell(1, 0);
      replaceText(doc, 'a', 'y = 2\n', '');
      doc.insertCell(0, { id: 'n', cell_type: 'raw', source: 'r' } as any);
      cell(doc, 'c').setMetadata({ collapsed: true });
    }
  ]
];

describe('save and reload', () => {
  it.each(RELOADED)(
    '%s: accepting after the reload gives what accepting before gives',
    (_name, edit) => {
      const { notebook, manager } = setup();
      const branch = manager.branchFor(alice);
      edit(branch.doc);
      const expected = summary(manager);
      expect(expected.length).toBeGreaterThan(0);

      const again = reload(notebook, manager);
      expect(again.manager.branches.map(b => b.author)).toEqual([alice]);
      expect(summary(again.manager)).toEqual(expected);
      expect(
        again.manager.changes().map(c => [c.cellId, c.proposedSource])
      ).toEqual(manager.changes().map(c => [c.cellId, c.proposedSource]));

      manager.acceptAll();
      again.manager.acceptAll();
      expect(cellsOf(again.notebook)).toEqual(cellsOf(notebook));
      expect(again.notebook.cells.map(c => c.getMetadata())).toEqual(
        notebook.cells.map(c => c.getMetadata())
      );
      expect(again.manager.changes()).toEqual([]);
    }
  );

  it('several branches come back with their authors', () => {
    const { notebook, manager } = setup();
    replaceText(manager.branchFor(alice).doc, 'a', 'x = 1', 'x = 0');
    replaceText(manager.branchFor(bob).doc, 'c', 'x', 'y');
    const again = reload(notebook, manager);
    expect(
      again.manager
        .changes()
        .map(c => [c.author.id, c.cellId, c.proposedSource])
    ).toEqual([
      ['alice', 'a', 'x = 0\ny = 2\n'],
      ['bob', 'c', 'print(y)']
    ]);
    manager.acceptAll();
    again.manager.acceptAll();
    expect(cellsOf(again.notebook)).toEqual(cellsOf(notebook));
  });

  it('replaying the records twice adds nothing', () => {
    const { notebook, manager } = setup();
    const branch = manager.branchFor(alice);
    branch.doc.insertCell(1, {
      id: 'n',
      cell_type: 'code',
      source: 'n'
    } as any);
    replaceText(branch.doc, 'c', 'x', 'x, 2');
    branch.doc.moveCell(3, 0);
    const again = reload(notebook, manager);
    const restored = again.manager.branches[0];
    const cells = cellsOf(restored.doc);
    const entries = restored.entries.length;
    const records = savedOf(again.file)!.branches[0].cells;

    expect(restored.replay(records)).toEqual([]);
    expect(cellsOf(restored.doc)).toEqual(cells);
    expect(cells.map(c => c.source)).toEqual([
      'print(x, 2)',
      'x = 1\ny = 2\n',
      'n',
      '# Title'
    ]);
    expect(restored.entries.length).toBe(entries);
  });

  it('a saved suggestion whose base changed on disk is a base-changed conflict', () => {
    const file = changedOnDisk('one\n2\nthree\n');
    const fresh = fromFile(file);
    const manager = manage(fresh);
    expect(summary(manager)).toEqual([
      { cellId: 'a', kinds: [], conflict: 'base-changed' }
    ]);
    const [change] = manager.changes();
    expect(manager.acceptChange(change.id)).toEqual({
      cellIds: [],
      alsoCellIds: [],
      refused: [{ cellId: 'a', reason: 'base-changed' }]
    });
    expect(cell(fresh, 'a').getSource()).toBe('one\n2\nthree\n');
    expect(cell(manager.branches[0].doc, 'a').getSource()).toBe(
      'one\n2\nthree\n'
    );

    // Saved again, it is kept (people still see it); rejected, it goes.
    manager.save();
    expect(savedOf(fresh.toJSON())!.branches[0].cells).toEqual([
      { ...savedOf(file)!.branches[0].cells[0], conflict: 'base-changed' }
    ]);
    manager.rejectChange(change.id);
    manager.save();
    expect(manager.changes()).toEqual([]);
    expect(fresh.toJSON().metadata.coauthor).toBeUndefined();
  });

  it('a conflict found live is saved: after a reopen it is the same conflict, with its text', () => {
    // The notebook rewrote the line the suggestion edits (a live conflict):
    // before, live conflicts were left out of the saved form, and the
    // suggested text was gone after Ctrl+S and a reopen.
    const { notebook, manager } = setup([
      { id: 'a', source: 'x = 1\ny = 2\n' },
      { id: 'b', source: 'b' }
    ]);
    const branch = manager.branchFor(alice);
    replaceText(branch.doc, 'a', 'y = 2', 'y = 3');
    replaceText(notebook, 'a', 'y = 2', 'z = 2');
    expect(summary(manager)).toEqual([
      { cellId: 'a', kinds: ['source'], conflict: 'rewritten-in-notebook' }
    ]);
    // Both replaced the same characters: the branch shows both insertions,
    // in the order of their (random) client ids.
    const proposed = manager.changes()[0].proposedSource;
    expect(proposed).toMatch(/^x = 1\n(y = 3z = 2|z = 2y = 3)\n$/);
    const line = proposed.split('\n')[1] + '\n';
    const again = reload(notebook, manager);
    expect(savedOf(again.file)!.branches[0].cells).toEqual([
      expect.objectContaining({
        cellId: 'a',
        conflict: 'rewritten-in-notebook',
        source: {
          baseHash: hashText('x = 1\nz = 2\n'),
          hunks: [[1, ['z = 2\n'], [line]]]
        }
      })
    ]);
    expect(summary(again.manager)).toEqual([
      { cellId: 'a', kinds: [], conflict: 'rewritten-in-notebook' }
    ]);
    const [change] = again.manager.changes();
    expect(change.proposedSource).toBe(proposed);
    // Still refused, nothing applied; saved again it stays; rejected, it goes.
    expect(again.manager.acceptAll().refused).toEqual([
      { cellId: 'a', reason: 'rewritten-in-notebook' }
    ]);
    expect(cell(again.notebook, 'a').getSource()).toBe('x = 1\nz = 2\n');
    const third = reload(again.notebook, again.manager);
    expect(summary(third.manager)).toEqual([
      { cellId: 'a', kinds: [], conflict: 'rewritten-in-notebook' }
    ]);
    third.manager.rejectChange(change.id);
    third.manager.save();
    expect(third.notebook.toJSON().metadata.coauthor).toBeUndefined();
  });

  it('a cell the branch moved and the notebook deleted is saved whole, and comes back as its conflict', () => {
    const { notebook, manager } = setup([
      { id: 'a', source: 'first' },
      { id: 'b', source: 'second' },
      { id: 'c', source: 'third' }
    ]);
    const branch = manager.branchFor(alice);
    branch.doc.moveCell(0, 2);
    replaceText(branch.doc, 'a', 'first', 'first, edited');
    notebook.deleteCell(0);
    expect(summary(manager)).toEqual([
      { cellId: 'a', kinds: [], conflict: 'deleted-in-notebook' }
    ]);
    const again = reload(notebook, manager);
    expect(savedOf(again.file)!.branches[0].cells).toEqual([
      expect.objectContaining({
        cellId: 'a',
        conflict: 'deleted-in-notebook',
        insert: {
          after: 'c',
          cell_type: 'code',
          source: 'first, edited',
          metadata: {}
        }
      })
    ]);
    expect(summary(again.manager)).toEqual([
      { cellId: 'a', kinds: [], conflict: 'deleted-in-notebook' }
    ]);
    expect(again.manager.changes()[0].proposedSource).toBe('first, edited');
    expect(again.manager.acceptAll().cellIds).toEqual([]);
    expect(cellsOf(again.notebook).map(c => c.id)).toEqual(['b', 'c']);
  });

  it('a hunk whose lines moved on disk applies where they are now', () => {
    const file = changedOnDisk('zero\none\ntwo\nthree\nfour\n');
    const manager = manage(fromFile(file));
    expect(manager.changes().map(c => [c.kinds, c.proposedSource])).toEqual([
      [['source'], 'zero\none\nTWO\nthree\nfour\n']
    ]);
  });

  it('a saved suggestion whose cell was deleted on disk', () => {
    const file = changedOnDisk('');
    file.cells.splice(0, 1);
    const fresh = fromFile(file);
    const manager = manage(fresh);
    expect(summary(manager)).toEqual([
      { cellId: 'a', kinds: [], conflict: 'deleted-in-notebook' }
    ]);
    expect(manager.acceptAll().cellIds).toEqual([]);
    expect(cellsOf(fresh)).toEqual([{ id: 'b', type: 'code', source: 'b' }]);
  });
});
