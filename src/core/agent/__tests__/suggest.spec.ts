import { SuggestionManager } from '../../suggestions';
import { AgentPeer, AgentTools, branchTarget } from '..';
import { makeNotebook, sources } from './helpers';

/**
 * Suggest mode end to end in the core: the agent's tools edit its own
 * suggestion branch (the real branch core), the notebook is unchanged until a
 * person accepts, and accepting one change brings exactly that change in,
 * merged with what the person typed meanwhile.
 */
describe('the agent in suggest mode', () => {
  it("edits land as its own suggestion, reviewed like anyone's", async () => {
    const notebook = makeNotebook([
      { source: 'x = 1\ny = 2\n' },
      { source: 'print(x)' }
    ]);
    const manager = new SuggestionManager({ notebook, saveDelay: 0 });
    const peer = new AgentPeer({ notebook, name: 'test-model' });
    const branch = manager.branchFor({
      id: peer.identity.username,
      name: peer.identity.display_name,
      color: peer.identity.color
    });
    const tools = new AgentTools({ target: branchTarget(branch), notebook });
    const run = (name: string, args: unknown) =>
      tools.execute({ name, arguments: JSON.stringify(args) });

    expect(
      (await run('edit_cell', { cell_id: 'c1', source: 'print(x, y)' })).ok
    ).toBe(true);
    expect(
      (await run('insert_cell', { source: 'z = 3', after_cell_id: 'c0' })).ok
    ).toBe(true);
    // The notebook is untouched; the suggestion has two changes by the agent.
    expect(sources(notebook)).toEqual(['x = 1\ny = 2\n', 'print(x)']);
    const changes = manager.changes();
    expect(changes.map(c => c.kinds[0]).sort()).toEqual(['inserted', 'source']);
    expect(changes.every(c => c.author.name === 'test-model')).toBe(true);

    // A person types in the same cell meanwhile; then accepts the edit only.
    notebook.cells[1].updateSource(0, 0, '# checked\n');
    const edit = changes.find(c => c.kinds.includes('source'))!;
    manager.acceptChange(edit.id);
    expect(sources(notebook)).toEqual([
      'x = 1\ny = 2\n',
      '# checked\nprint(x, y)'
    ]);
    expect(manager.changes().map(c => c.kinds[0])).toEqual(['inserted']);

    manager.acceptAll();
    expect(sources(notebook)).toEqual([
      'x = 1\ny = 2\n',
      'z = 3',
      '# checked\nprint(x, y)'
    ]);
    expect(manager.changes()).toEqual([]);
    peer.dispose();
    manager.dispose();
    notebook.dispose();
  });
});
