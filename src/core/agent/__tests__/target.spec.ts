import { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';
import { AgentTools, branchTarget, IBranchLike, readNotebookContent } from '..';
import { makeNotebook, sources } from './helpers';

/**
 * The shape of the branch core's `Branch` that the adapter relies on: a
 * forked replica and a per-cell transaction. (The suggest-mode specs against
 * the real `Branch` come when src/core/branch lands.)
 */
class ForkedReplica implements IBranchLike {
  constructor(notebook: YNotebook) {
    this.doc = new YNotebook();
    Y.applyUpdate(this.doc.ydoc, Y.encodeStateAsUpdate(notebook.ydoc));
  }
  readonly doc: YNotebook;
  readonly edits: (string | null)[] = [];
  transactCell(cellId: string | null, fn: () => void): void {
    this.edits.push(cellId);
    this.doc.transact(fn);
  }
}

describe('branchTarget', () => {
  it('sends every tool edit through the branch, attributed to its cell', async () => {
    const notebook = makeNotebook([{ source: 'a' }, { source: 'b' }]);
    const branch = new ForkedReplica(notebook);
    const tools = new AgentTools({ target: branchTarget(branch), notebook });
    const run = (name: string, args: unknown) =>
      tools.execute({ name, arguments: JSON.stringify(args) });

    expect((await run('edit_cell', { cell_id: 'c0', source: 'a2' })).ok).toBe(
      true
    );
    expect(
      (await run('insert_cell', { source: 'new', after_cell_id: 'c1' })).ok
    ).toBe(true);
    expect(
      (await run('move_cell', { cell_id: 'c0', after_cell_id: 'c1' })).ok
    ).toBe(true);
    expect(
      (await run('set_cell_type', { cell_id: 'c1', cell_type: 'markdown' })).ok
    ).toBe(true);
    expect((await run('delete_cell', { cell_id: 'c1' })).ok).toBe(true);
    // Reads see the branch.
    const read = JSON.parse(
      (await run('read_cell', { cell_id: 'c0' })).content
    );
    expect(readNotebookContent(read.source)?.text).toBe('a2');

    expect(branch.edits).toEqual(['c0', null, null, null, null]);
    expect(sources(branch.doc)).toEqual(['a2', 'new']);
    // The notebook itself is untouched until someone accepts.
    expect(sources(notebook)).toEqual(['a', 'b']);
    branch.doc.dispose();
    notebook.dispose();
  });
});
