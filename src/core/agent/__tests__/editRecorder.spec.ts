import { SuggestionManager } from '../../suggestions';
import {
  IChatMessage,
  IToolEdit,
  planRevert,
  reviewState,
  turnOf
} from '../../chat';
import { AgentPeer, AgentTools, branchTarget, DirectTarget } from '..';
import { makeNotebook, sources } from './helpers';

/**
 * Each tool call records what it changed (the cells, their sources before
 * and after, and in suggest mode the branch chain entries it made), and the
 * record is what tells, on every peer, whether its suggestion was kept or
 * undone, and what reverting its turn does.
 */
describe('the edits a tool call records', () => {
  const setup = () => {
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
    const state = (edit: IToolEdit | undefined) =>
      reviewState(edit, manager.chainState(branch.id), id => {
        const cell = notebook.cells.find(c => c.getId() === id);
        return cell ? cell.getSource() : null;
      });
    const dispose = () => {
      peer.dispose();
      manager.dispose();
      notebook.dispose();
    };
    return { notebook, manager, branch, run, state, dispose };
  };

  it('records an edit: cell, sources, and its chain in the branch', async () => {
    const { branch, run, dispose } = setup();
    const outcome = await run('edit_cell', {
      cell_id: 'c1',
      old_text: 'print(x)',
      new_text: 'print(x, y)'
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.edit).toEqual({
      branchId: branch.id,
      clients: [expect.any(Number)],
      cells: [
        {
          id: 'c1',
          kind: 'source',
          before: 'print(x)',
          after: 'print(x, y)',
          typeBefore: 'code',
          typeAfter: 'code',
          index: 1
        }
      ]
    });
    expect(branch.entries.map(e => e.client)).toContain(
      outcome.edit!.clients![0]
    );
    dispose();
  });

  it('records nothing for reads and failures', async () => {
    const { run, dispose } = setup();
    expect((await run('read_cell', { cell_id: 'c0' })).edit).toBeUndefined();
    const failed = await run('edit_cell', {
      cell_id: 'nope',
      source: 'x'
    });
    expect(failed.ok).toBe(false);
    expect(failed.edit).toBeUndefined();
    dispose();
  });

  it('records inserts, deletes, moves and type changes by cell', async () => {
    const { run, dispose } = setup();
    const inserted = await run('insert_cell', {
      source: 'z = 3',
      after_cell_id: 'c0'
    });
    expect(inserted.edit!.cells).toEqual([
      expect.objectContaining({
        kind: 'inserted',
        before: null,
        after: 'z = 3',
        index: 1
      })
    ]);
    const moved = await run('move_cell', {
      cell_id: 'c0',
      after_cell_id: 'c1'
    });
    // The cells around a move shift too; only the moved one is recorded.
    expect(moved.edit!.cells.map(c => [c.id, c.kind])).toEqual([
      ['c0', 'moved']
    ]);
    const retyped = await run('set_cell_type', {
      cell_id: 'c1',
      cell_type: 'markdown'
    });
    expect(retyped.edit!.cells).toEqual([
      expect.objectContaining({
        id: 'c1',
        kind: 'type',
        typeBefore: 'code',
        typeAfter: 'markdown'
      })
    ]);
    const deleted = await run('delete_cell', { cell_id: 'c1' });
    expect(deleted.edit!.cells).toEqual([
      expect.objectContaining({
        id: 'c1',
        kind: 'deleted',
        after: null,
        before: 'print(x)'
      })
    ]);
    dispose();
  });

  it('tells pending, kept and undone from the chains, whoever reviewed', async () => {
    const { notebook, manager, branch, run, state, dispose } = setup();
    const edit = (await run('edit_cell', { cell_id: 'c1', source: 'p(1)' }))
      .edit;
    const insert = (
      await run('insert_cell', { source: 'new', after_cell_id: 'c0' })
    ).edit;
    expect(state(edit)).toBe('pending');
    expect(state(insert)).toBe('pending');

    manager.acceptChange(`${branch.id}/c1`);
    expect(state(edit)).toBe('kept');
    expect(state(insert)).toBe('pending');

    const newId = insert!.cells[0].id;
    manager.rejectChange(`${branch.id}/${newId}`);
    expect(state(insert)).toBe('undone');
    expect(sources(notebook)).toEqual(['x = 1\ny = 2\n', 'p(1)']);

    // A later edit of the kept cell is a new chain: the first stays kept.
    const again = (await run('edit_cell', { cell_id: 'c1', source: 'p(2)' }))
      .edit;
    expect(again!.clients).not.toEqual(edit!.clients);
    expect(state(again)).toBe('pending');
    expect(state(edit)).toBe('kept');
    dispose();
  });

  it('a kept edit the notebook no longer has (a reverted turn) is undone', async () => {
    const { notebook, manager, branch, run, state, dispose } = setup();
    const edit = (await run('edit_cell', { cell_id: 'c1', source: 'p(1)' }))
      .edit;
    manager.acceptChange(`${branch.id}/c1`);
    expect(state(edit)).toBe('kept');
    const cell = notebook.cells[1];
    cell.setSource('print(x)');
    expect(state(edit)).toBe('undone');
    // Someone's later edit of the cell does not make it undone.
    cell.setSource('p(1)\n# checked');
    expect(state(edit)).toBe('kept');
    dispose();
  });

  it('without known chains (a reopened file), reads the notebook', () => {
    const edit: IToolEdit = {
      branchId: 'b',
      clients: [42],
      cells: [{ id: 'c1', kind: 'source', before: 'a', after: 'b', index: 1 }]
    };
    const none = {
      pending: new Set<number>(),
      rejected: new Set<number>(),
      accepted: new Set<number>(),
      changedCells: new Set<string>()
    };
    expect(reviewState(edit, none, () => 'b')).toBe('kept');
    expect(reviewState(edit, none, () => 'a')).toBe('undone');
    expect(
      reviewState(edit, { ...none, changedCells: new Set(['c1']) }, () => 'a')
    ).toBe('pending');
    // Direct mode: nothing to review.
    expect(reviewState({ cells: edit.cells }, none, () => 'b')).toBeNull();
  });

  it('plans the revert of a turn: reject what is pending, restore what was kept', async () => {
    const { notebook, manager, branch, run, state, dispose } = setup();
    const messages: IChatMessage[] = [];
    const author = { name: 'a', color: 'red' };
    const add = (m: Partial<IChatMessage>) =>
      messages.push({
        id: `m${messages.length}`,
        author,
        time: 0,
        body: '',
        status: 'done',
        role: 'assistant',
        ...m
      });
    add({ role: 'user', body: 'go' });
    const calls = [
      ['edit_cell', { cell_id: 'c0', source: 'x = 10\ny = 2\n' }],
      ['insert_cell', { source: 'z = 3', after_cell_id: 'c0' }],
      ['read_cell', { cell_id: 'c1' }]
    ] as const;
    add({
      toolCalls: calls.map(([name, args], i) => ({
        id: `t${i}`,
        name,
        arguments: JSON.stringify(args)
      }))
    });
    for (const [i, [name, args]] of calls.entries()) {
      const outcome = await run(name, args);
      add({
        role: 'tool',
        body: outcome.content,
        toolCallId: `t${i}`,
        toolName: name,
        toolEdit: outcome.edit
      });
    }
    add({ body: 'Done.' });
    // Someone keeps the edit of c0; the insert is still suggested.
    manager.acceptChange(`${branch.id}/c0`);

    const turn = turnOf(messages, 'm5')!;
    expect(turn.calls.map(c => c.call.id)).toEqual(['t0', 't1', 't2']);
    const edits = turn.calls
      .filter(c => c.result?.toolEdit)
      .map(c => ({
        callId: c.call.id,
        edit: c.result!.toolEdit!,
        state: state(c.result!.toolEdit)
      }));
    const plan = planRevert(edits);
    const newId = edits[1].edit.cells[0].id;
    expect(plan.reject).toEqual([`${branch.id}/${newId}`]);
    expect(plan.restore).toEqual([
      expect.objectContaining({
        cellId: 'c0',
        kind: 'source',
        before: 'x = 1\ny = 2\n',
        after: 'x = 10\ny = 2\n'
      })
    ]);
    expect(sources(notebook)[0]).toBe('x = 10\ny = 2\n');
    dispose();
  });

  it('records edits in direct mode too, without a branch', async () => {
    const notebook = makeNotebook([{ source: 'a' }]);
    const target = new DirectTarget({ notebook });
    const tools = new AgentTools({ target });
    const outcome = await tools.execute({
      name: 'edit_cell',
      arguments: JSON.stringify({ cell_id: 'c0', source: 'b' })
    });
    expect(outcome.edit).toEqual({
      cells: [expect.objectContaining({ id: 'c0', before: 'a', after: 'b' })]
    });
    target.dispose();
    notebook.dispose();
  });
});
