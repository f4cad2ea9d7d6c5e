/**
 * Saved suggestions on notebooks as people keep them: below nbformat 4.5
 * (no ids on disk), edited on disk around the suggestion, with metadata
 * keys removed, with notebook-level metadata changed.
 */
import { suggestNotebook } from '../notebookDiff';
import {
  alice,
  cell,
  cleanup,
  idsOf,
  loadAsJupyterLabDoes,
  manage,
  replaceText,
  saveAsJupyterLabDoes,
  settle,
  summary
} from './helpers';

afterEach(cleanup);

/** A notebook file at nbformat 4.4, as written before 2021: no ids. */
function file44(): any {
  return {
    nbformat: 4,
    nbformat_minor: 4,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3' },
      language_info: { name: 'python' }
    },
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Data\n'] },
      {
        cell_type: 'code',
        metadata: { collapsed: true, outputId: 'ac45-78', deletable: false },
        execution_count: 1,
        outputs: [],
        source: ['x = 1\n', 'y = 2\n']
      },
      {
        cell_type: 'code',
        metadata: {},
        execution_count: 2,
        outputs: [],
        source: ['print(x + y)']
      }
    ]
  };
}

describe('a notebook below nbformat 4.5', () => {
  it('is upgraded to 4.5 when a suggestion is first saved into it, so its ids persist', () => {
    const notebook = loadAsJupyterLabDoes(file44());
    const manager = manage(notebook);
    const upgraded: unknown[] = [];
    manager.formatUpgraded.connect((_, args) => upgraded.push(args));
    replaceText(manager.branchFor(alice).doc, idsOf(notebook)[2], 'x', 'z');
    manager.save();
    expect(upgraded).toEqual([{ from: [4, 4], to: [4, 5] }]);
    const saved = saveAsJupyterLabDoes(notebook);
    expect(saved.nbformat_minor).toBe(5);
    expect(saved.cells.map((c: any) => c.id)).toEqual(idsOf(notebook));

    const again = loadAsJupyterLabDoes(saved);
    expect(summary(manage(again))).toEqual([
      { cellId: idsOf(notebook)[2], kinds: ['source'] }
    ]);
  });

  it('without the upgrade (a tool rewrote the file without ids), finds the cells by content', () => {
    const notebook = loadAsJupyterLabDoes(file44());
    const manager = manage(notebook);
    const branch = manager.branchFor(alice);
    const [, b, c] = idsOf(notebook);
    replaceText(branch.doc, c, 'x', 'z');
    branch.doc.deleteCell(1);
    manager.save();
    const saved = saveAsJupyterLabDoes(notebook);
    saved.nbformat_minor = 4;
    saved.cells.forEach((x: any) => delete x.id);

    const again = loadAsJupyterLabDoes(saved);
    const ids = idsOf(again);
    expect(ids).not.toContain(b);
    const reopened = manage(again);
    expect(summary(reopened)).toEqual([
      { cellId: ids[1], kinds: ['deleted'] },
      { cellId: ids[2], kinds: ['source'] }
    ]);
    reopened.acceptAll();
    expect(again.cells.map(x => x.getSource())).toEqual([
      '# Data\n',
      'print(z + y)'
    ]);
  });

  it('reads version 1 records (no locators) by their source hash when the ids are gone', () => {
    const notebook = loadAsJupyterLabDoes(file44());
    const manager = manage(notebook);
    const c = idsOf(notebook)[2];
    replaceText(manager.branchFor(alice).doc, c, 'x', 'z');
    manager.save();
    const saved = saveAsJupyterLabDoes(notebook);
    saved.metadata.coauthor.version = 1;
    for (const record of saved.metadata.coauthor.suggestions.branches[0]
      .cells) {
      delete record.locate;
    }
    saved.nbformat_minor = 4;
    const again = loadAsJupyterLabDoes(saved);
    const reopened = manage(again);
    expect(summary(reopened)).toEqual([
      { cellId: idsOf(again)[2], kinds: ['source'] }
    ]);
  });

  it('a content that is not unique is a conflict, not a guess', () => {
    const file = file44();
    file.cells.push(
      { cell_type: 'markdown', metadata: {}, source: ['Again:'] },
      { ...file.cells[2] },
      { cell_type: 'markdown', metadata: {}, source: ['The end.'] }
    );
    const notebook = loadAsJupyterLabDoes(file);
    const manager = manage(notebook);
    replaceText(manager.branchFor(alice).doc, idsOf(notebook)[2], 'x', 'z');
    manager.save();
    const saved = saveAsJupyterLabDoes(notebook);
    saved.nbformat_minor = 4;
    saved.cells.forEach((x: any) => delete x.id);
    // Both neighbours of the edited cell rewritten: its two copies are
    // equally good matches.
    saved.cells[1].source = ['x = 10\n', 'y = 2\n'];
    saved.cells[3].source = ['And again:'];
    const again = manage(loadAsJupyterLabDoes(saved));
    expect(summary(again)).toEqual([
      expect.objectContaining({ conflict: 'deleted-in-notebook' })
    ]);
  });
});

describe('an insert or a move whose anchor is gone', () => {
  it('is a conflict, not a cell at the top', () => {
    const notebook = loadAsJupyterLabDoes(file44());
    const manager = manage(notebook);
    const branch = manager.branchFor(alice);
    const [a, b] = idsOf(notebook);
    branch.doc.insertCell(2, {
      id: 'new',
      cell_type: 'code',
      source: 'z = 3'
    } as any);
    branch.doc.moveCell(0, 2); // a goes after b
    manager.save();
    const saved = saveAsJupyterLabDoes(notebook);
    // b, the anchor of both, deleted on disk.
    saved.cells = saved.cells.filter((x: any) => x.id !== b);
    const again = loadAsJupyterLabDoes(saved);
    const reopened = manage(again);
    const conflicts = reopened
      .changes()
      .filter(x => x.conflict)
      .map(x => [x.cellId, x.conflict]);
    expect(conflicts).toEqual(
      expect.arrayContaining([
        ['new', 'anchor-missing'],
        [a, 'anchor-missing']
      ])
    );
    expect(idsOf(reopened.branches[0].doc)).not.toContain('new');
    expect(idsOf(reopened.branches[0].doc)[0]).toBe(a);
  });
});

describe('metadata key removals', () => {
  function removing() {
    const notebook = loadAsJupyterLabDoes(file44());
    const manager = manage(notebook);
    const b = idsOf(notebook)[1];
    const branch = manager.branchFor(alice);
    branch.transactCell(b, () => {
      const map = (branch.doc.cells[1] as any).ymodel.get('metadata');
      map.delete('outputId');
      map.delete('deletable');
    });
    return { notebook, manager, b };
  }

  it('are listed, saved and replayed', () => {
    const { notebook, manager, b } = removing();
    expect(manager.changes()[0].metadata).toEqual({
      set: [],
      removed: ['outputId', 'deletable']
    });
    manager.save();
    const again = loadAsJupyterLabDoes(saveAsJupyterLabDoes(notebook));
    const reopened = manage(again);
    expect(summary(reopened)).toEqual([{ cellId: b, kinds: ['metadata'] }]);
    reopened.acceptAll();
    expect(cell(again, b).getMetadata()).toEqual({
      collapsed: true,
      jupyter: { outputs_hidden: true }
    });
  });

  it('come back as a suggestion when the accept is undone, and go again on redo', async () => {
    const { notebook, manager, b } = removing();
    manager.acceptAll();
    expect(cell(notebook, b).getMetadata('outputId')).toBeUndefined();
    // Ctrl+Z in the cell: an accept of one cell's metadata is its undo.
    cell(notebook, b).undo();
    await settle();
    expect(cell(notebook, b).getMetadata('outputId')).toBe('ac45-78');
    expect(summary(manager)).toEqual([{ cellId: b, kinds: ['metadata'] }]);
    cell(notebook, b).redo();
    await settle();
    expect(cell(notebook, b).getMetadata('outputId')).toBeUndefined();
  });
});

describe('notebook-level metadata', () => {
  function suggesting() {
    const notebook = loadAsJupyterLabDoes(file44());
    const manager = manage(notebook);
    const branch = manager.branchFor(alice);
    const after = file44();
    after.metadata.kernelspec = { name: 'julia-1.9', display_name: 'Julia' };
    after.metadata.colab = { provenance: [] };
    delete after.metadata.language_info.name;
    after.metadata.language_info = { name: 'julia' };
    after.cells[2].source = ['print(x * y)'];
    suggestNotebook(branch, after, false);
    return { notebook, manager, branch };
  }

  it('is a change of its own, listed first', () => {
    const { manager, notebook } = suggesting();
    expect(summary(manager)).toEqual([
      { cellId: '__notebook__', kinds: ['notebook-metadata'] },
      { cellId: idsOf(notebook)[2], kinds: ['source'] }
    ]);
    expect(manager.changes()[0].metadata).toEqual({
      set: ['kernelspec', 'language_info', 'colab'],
      removed: []
    });
  });

  it('is accepted and rejected alone', () => {
    const { manager, notebook, branch } = suggesting();
    manager.acceptChange(`${branch.id}/__notebook__`);
    expect(notebook.getMetadata('kernelspec')).toEqual({
      name: 'julia-1.9',
      display_name: 'Julia'
    });
    expect(notebook.cells[2].getSource()).toBe('print(x + y)');
    expect(summary(manager)).toHaveLength(1);

    const other = suggesting();
    other.manager.rejectChange(`${other.branch.id}/__notebook__`);
    expect(summary(other.manager)).toEqual([
      { cellId: idsOf(other.notebook)[2], kinds: ['source'] }
    ]);
    other.manager.acceptAll();
    expect(other.notebook.getMetadata('kernelspec')).toEqual({
      name: 'python3',
      display_name: 'Python 3'
    });
  });

  it('is saved and replayed', () => {
    const { manager, notebook } = suggesting();
    manager.save();
    const again = loadAsJupyterLabDoes(saveAsJupyterLabDoes(notebook));
    const reopened = manage(again);
    expect(summary(reopened).map(x => x.kinds)).toEqual([
      ['notebook-metadata'],
      ['source']
    ]);
    reopened.acceptAll();
    expect(again.getMetadata('colab')).toEqual({ provenance: [] });
    expect(again.getMetadata('language_info')).toEqual({ name: 'julia' });
  });
});

describe('a branch whose id has a slash (an author made from a path)', () => {
  it('has changes that accept by id', () => {
    const notebook = loadAsJupyterLabDoes(file44());
    const manager = manage(notebook);
    const branch = manager.branchFor({
      id: 'file:v2/analysis.ipynb',
      name: 'analysis.ipynb',
      color: '#888'
    });
    replaceText(branch.doc, idsOf(notebook)[2], 'x', 'z');
    const [change] = manager.changes();
    expect(change.id).toBe(`${branch.id}/${idsOf(notebook)[2]}`);
    expect(manager.acceptChange(change.id).cellIds).toEqual([
      idsOf(notebook)[2]
    ]);
    expect(notebook.cells[2].getSource()).toBe('print(z + y)');
  });
});
