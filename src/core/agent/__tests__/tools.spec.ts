import { YNotebook } from '@jupyter/ydoc';
import { AgentPeer, AgentTools, readNotebookContent, toolHelpers } from '..';
import {
  connect,
  FakeApprover,
  FakeRunner,
  makeNotebook,
  sources
} from './helpers';

describe('AgentTools on the direct target', () => {
  let notebook: YNotebook;
  let peer: AgentPeer;
  let tools: AgentTools;
  let runner: FakeRunner;
  let approver: FakeApprover;

  beforeEach(() => {
    notebook = makeNotebook([
      { source: '# Title', type: 'markdown' },
      {
        source: 'x = 1\nprint(x)',
        outputs: [
          { output_type: 'stream', name: 'stdout', text: ['1\n'] },
          {
            output_type: 'execute_result',
            data: { 'text/plain': ['42'], 'image/png': 'AAAA' },
            metadata: {},
            execution_count: 3
          }
        ]
      },
      {
        source: '1/0',
        outputs: [
          {
            output_type: 'error',
            ename: 'ZeroDivisionError',
            evalue: 'division by zero',
            traceback: [
              '\u001b[0;31mZeroDivisionError\u001b[0m: division by zero'
            ]
          }
        ]
      }
    ]);
    peer = new AgentPeer({ notebook, name: 'model' });
    runner = new FakeRunner();
    approver = new FakeApprover();
    tools = new AgentTools({
      target: peer.direct,
      notebook,
      runner,
      approver,
      presence: peer,
      outputBudget: 200
    });
  });
  afterEach(() => {
    peer.dispose();
    notebook.dispose();
  });

  async function call(name: string, args: unknown): Promise<any> {
    const outcome = await tools.execute({
      name,
      arguments: typeof args === 'string' ? args : JSON.stringify(args)
    });
    const parsed = JSON.parse(outcome.content);
    expect(parsed.ok).toBe(outcome.ok);
    return parsed;
  }

  /** The text of a block of notebook content, and where it says it is from. */
  function content(value: string): { text: string; origin: any } {
    const block = readNotebookContent(value);
    expect(block).not.toBeNull();
    return block!;
  }

  it('lists cells by id with type, first line and errors', async () => {
    const result = await call('list_cells', {});
    expect(result.total).toBe(3);
    // The first lines are notebook content, delimited, whose author is not
    // known here (no awareness, no edit seen).
    for (const cell of result.cells) {
      expect(content(cell.first_line).origin).toEqual({
        part: 'first-line',
        'last-edited-by': 'unknown'
      });
      cell.first_line = content(cell.first_line).text;
    }
    expect(result.cells).toEqual([
      { index: 0, id: 'c0', type: 'markdown', lines: 1, first_line: '# Title' },
      {
        index: 1,
        id: 'c1',
        type: 'code',
        lines: 2,
        first_line: 'x = 1',
        outputs: 2
      },
      {
        index: 2,
        id: 'c2',
        type: 'code',
        lines: 1,
        first_line: '1/0',
        outputs: 1,
        has_error: true
      }
    ]);
    const page = await call('list_cells', { start: 1, limit: 1 });
    expect(page.cells.map((c: any) => c.id)).toEqual(['c1']);
    expect(page.more).toMatch(/start=2/);
  });

  it('reads a cell: source, outputs and errors', async () => {
    const cell = await call('read_cell', { cell_id: 'c1' });
    expect(cell).toMatchObject({
      ok: true,
      id: 'c1',
      index: 1,
      type: 'code',
      last_edited_by: 'unknown',
      errors: []
    });
    expect(content(cell.source)).toEqual({
      text: 'x = 1\nprint(x)',
      origin: { cell: 'c1', part: 'source', 'last-edited-by': 'unknown' }
    });
    expect(content(cell.outputs)).toEqual({
      text: '1\n\n42\n[image/png output not shown]',
      origin: { cell: 'c1', part: 'outputs' }
    });
    const failed = await call('read_cell', { cell_id: 'c2' });
    expect(failed.errors).toEqual([
      { ename: 'ZeroDivisionError', evalue: 'division by zero' }
    ]);
    // ANSI colours are removed from tracebacks.
    expect(content(failed.outputs).text).toBe(
      'ZeroDivisionError: division by zero'
    );
  });

  it('truncates long outputs to the budget, keeping head and tail', async () => {
    notebook.transact(() => {
      (notebook.cells[1] as any).setOutputs([
        {
          output_type: 'stream',
          name: 'stdout',
          text: 'START' + 'x'.repeat(5000) + 'END'
        }
      ]);
    });
    const cell = await call('read_cell', { cell_id: 'c1' });
    expect(cell.outputs_truncated).toBe(true);
    const outputs = content(cell.outputs).text;
    expect(outputs.length).toBeLessThan(300);
    expect(outputs.startsWith('START')).toBe(true);
    expect(outputs.endsWith('END')).toBe(true);
    expect(outputs).toMatch(/characters truncated/);
  });

  it('inserts a cell after, before, or at the end, and returns its id', async () => {
    const a = await call('insert_cell', {
      source: 'import numpy as np',
      after_cell_id: 'c0'
    });
    expect(a).toMatchObject({ ok: true, index: 1, type: 'code' });
    const b = await call('insert_cell', {
      source: '## Notes',
      cell_type: 'markdown',
      before_cell_id: 'c0'
    });
    const c = await call('insert_cell', { source: 'end' });
    expect(sources(notebook)).toEqual([
      '## Notes',
      '# Title',
      'import numpy as np',
      'x = 1\nprint(x)',
      '1/0',
      'end'
    ]);
    const ids = notebook.cells.map(cell => cell.getId());
    expect(ids[0]).toBe(b.cell_id);
    expect(ids[2]).toBe(a.cell_id);
    expect(ids[5]).toBe(c.cell_id);
    expect(notebook.cells[0].cell_type).toBe('markdown');
    // Presence follows the agent to the new cell.
    expect(
      notebook.awareness.getStates().get(peer.clientId)?.activeCellId
    ).toBe(c.cell_id);
  });

  it('edits only the changed part of a source, keeping a concurrent edit', async () => {
    // A collaborator, offline for a moment, types inside the part of the
    // line that the agent keeps; a whole-source rewrite would garble it.
    const person = new YNotebook();
    connect(notebook.ydoc, person.ydoc)();
    const text = person.cells[1].ysource;
    text.insert(text.toString().indexOf('(x)') + 2, ', y');
    const result = await call('edit_cell', {
      cell_id: 'c1',
      source: 'x = 2\nprint(x)'
    });
    expect(result).toMatchObject({ ok: true, changed: true });
    const reconnect = connect(notebook.ydoc, person.ydoc);
    expect(notebook.cells[1].getSource()).toBe('x = 2\nprint(x, y)');
    expect(person.cells[1].getSource()).toBe('x = 2\nprint(x, y)');
    reconnect();
    person.dispose();

    const replaced = await call('edit_cell', {
      cell_id: 'c1',
      old_text: 'print(x, y)',
      new_text: 'print(x * 2)'
    });
    expect(replaced.ok).toBe(true);
    expect(notebook.cells[1].getSource()).toBe('x = 2\nprint(x * 2)');
  });

  it('explains bad edits: missing, ambiguous, both forms', async () => {
    expect(
      (
        await call('edit_cell', {
          cell_id: 'c1',
          old_text: 'nope',
          new_text: ''
        })
      ).error
    ).toMatch(/does not occur/);
    await call('edit_cell', { cell_id: 'c1', source: 'a\na' });
    expect(
      (await call('edit_cell', { cell_id: 'c1', old_text: 'a', new_text: 'b' }))
        .error
    ).toMatch(/more than once/);
    expect(
      (
        await call('edit_cell', {
          cell_id: 'c1',
          source: 'x',
          old_text: 'a',
          new_text: 'b'
        })
      ).error
    ).toMatch(/not both/);
    expect((await call('edit_cell', { cell_id: 'c1' })).error).toMatch(
      /Give source/
    );
  });

  it('deletes a cell', async () => {
    expect((await call('delete_cell', { cell_id: 'c1' })).ok).toBe(true);
    expect(notebook.cells.map(c => c.getId())).toEqual(['c0', 'c2']);
  });

  it('moves a cell after or before another, keeping its id', async () => {
    await call('move_cell', { cell_id: 'c0', after_cell_id: 'c2' });
    expect(notebook.cells.map(c => c.getId())).toEqual(['c1', 'c2', 'c0']);
    await call('move_cell', { cell_id: 'c0', before_cell_id: 'c1' });
    expect(notebook.cells.map(c => c.getId())).toEqual(['c0', 'c1', 'c2']);
    await call('move_cell', { cell_id: 'c2', before_cell_id: 'c1' });
    expect(notebook.cells.map(c => c.getId())).toEqual(['c0', 'c2', 'c1']);
    expect(
      (await call('move_cell', { cell_id: 'c0', after_cell_id: 'c0' })).error
    ).toMatch(/itself/);
    expect(
      (
        await call('move_cell', {
          cell_id: 'c0',
          after_cell_id: 'c1',
          before_cell_id: 'c2'
        })
      ).error
    ).toMatch(/exactly one/);
  });

  it("changes a cell's type in place, same id and source", async () => {
    const result = await call('set_cell_type', {
      cell_id: 'c1',
      cell_type: 'markdown'
    });
    expect(result).toMatchObject({ ok: true, changed: true });
    expect(notebook.cells[1].getId()).toBe('c1');
    expect(notebook.cells[1].cell_type).toBe('markdown');
    expect(notebook.cells[1].getSource()).toBe('x = 1\nprint(x)');
    await call('set_cell_type', { cell_id: 'c0', cell_type: 'code' });
    expect(notebook.cells[0].cell_type).toBe('code');
    expect(notebook.cells.map(c => c.getId())).toEqual(['c0', 'c1', 'c2']);
  });

  it('makes each tool call one undoable step of the agent only', async () => {
    await call('edit_cell', { cell_id: 'c1', source: 'changed' });
    await call('insert_cell', { source: 'new', after_cell_id: 'c2' });
    await call('move_cell', { cell_id: 'c0', after_cell_id: 'c1' });
    // A person's edit meanwhile, which undo must keep.
    notebook.cells[2].setSource('1/0  # person');
    expect(peer.direct.undoLastStep()).toBe(true); // the move
    expect(notebook.cells.map(c => c.getId())[0]).toBe('c0');
    expect(peer.direct.undoLastStep()).toBe(true); // the insert
    expect(notebook.cells.length).toBe(3);
    expect(peer.direct.undoLastStep()).toBe(true); // the edit
    expect(sources(notebook)).toEqual([
      '# Title',
      'x = 1\nprint(x)',
      '1/0  # person'
    ]);
    expect(peer.direct.undoLastStep()).toBe(false);
  });

  it('returns a clear error for a cell id that no longer exists', async () => {
    notebook.deleteCell(1); // a collaborator deleted it
    for (const [name, args] of [
      ['read_cell', { cell_id: 'c1' }],
      ['edit_cell', { cell_id: 'c1', source: 'x' }],
      ['delete_cell', { cell_id: 'c1' }],
      ['move_cell', { cell_id: 'c0', after_cell_id: 'c1' }],
      ['set_cell_type', { cell_id: 'c1', cell_type: 'raw' }],
      ['insert_cell', { source: 'x', after_cell_id: 'c1' }],
      ['run_cell', { cell_id: 'c1' }]
    ] as const) {
      const result = await call(name, args);
      expect(result.error).toMatch(/No cell has id 'c1'.*list_cells/);
    }
    expect(sources(notebook)).toEqual(['# Title', '1/0']);
  });

  it('answers malformed and unknown calls with what to do', async () => {
    expect((await call('read_cell', '{"cell_id": "c1"')).error).toMatch(
      /not a valid JSON object/
    );
    expect((await call('read_cell', '[1]')).error).toMatch(/JSON object/);
    expect((await call('read_cell', {})).error).toMatch(
      /'cell_id' is required/
    );
    expect((await call('read_cell', { cell_id: 3 })).error).toMatch(
      /must be a string/
    );
    expect(
      (await call('read_cell', { cell: 'c1', cell_id: 'c1' })).error
    ).toMatch(/unknown argument 'cell'/);
    expect(
      (await call('set_cell_type', { cell_id: 'c1', cell_type: 'python' }))
        .error
    ).toMatch(/one of code, markdown, raw/);
    expect((await call('rm_rf', {})).error).toMatch(
      /Unknown tool 'rm_rf'.*list_cells/
    );
  });

  it('runs a cell after approval, once or for the session, and returns outputs', async () => {
    approver.answers = ['once', 'session'];
    runner.result = {
      status: 'error',
      outputs: [
        { output_type: 'stream', name: 'stdout', text: 'partial\n' },
        {
          output_type: 'error',
          ename: 'NameError',
          evalue: "name 'y' is not defined",
          traceback: ["NameError: name 'y' is not defined"]
        }
      ],
      executionCount: 7
    };
    const first = await call('run_cell', { cell_id: 'c1' });
    expect(first).toMatchObject({
      ok: false,
      status: 'error',
      execution_count: 7,
      errors: [{ ename: 'NameError', evalue: "name 'y' is not defined" }]
    });
    expect(content(first.outputs).text).toMatch(/partial/);
    expect(approver.asked).toHaveLength(1);
    expect(runner.requests[0]).toMatchObject({
      cellId: 'c1',
      source: 'x = 1\nprint(x)',
      inNotebook: true
    });
    await call('run_cell', { cell_id: 'c1' });
    expect(approver.asked).toHaveLength(2);
    expect(tools.runAllowedForSession).toBe(true);
    await call('run_cell', { cell_id: 'c2' });
    expect(approver.asked).toHaveLength(2);
    expect(runner.requests).toHaveLength(3);
    tools.resetSession();
    approver.answers = ['deny'];
    const denied = await call('run_cell', { cell_id: 'c2' });
    expect(denied.error).toMatch(/declined/);
    expect(runner.requests).toHaveLength(3);
  });

  it('does not run markdown cells, nor without a runner', async () => {
    expect((await call('run_cell', { cell_id: 'c0' })).error).toMatch(
      /markdown cell/
    );
    const bare = new AgentTools({ target: peer.direct });
    const outcome = await bare.execute({
      name: 'run_cell',
      arguments: '{"cell_id":"c1"}'
    });
    expect(JSON.parse(outcome.content).error).toMatch(/not available/);
  });

  it('tells the runner when the cell differs from the notebook', async () => {
    approver.answers = ['once'];
    // Edit in the replica only (a suggestion would do the same).
    peer.replica.cells[1].setSource('changed');
    await call('run_cell', { cell_id: 'c1' });
    // Synced directly, so the notebook has it: inNotebook.
    expect(runner.requests[0].inNotebook).toBe(true);
    const detached = makeNotebook([{ source: 'other' }]);
    const tools2 = new AgentTools({
      target: peer.direct,
      notebook: detached,
      runner,
      approver: new FakeApprover(['once'])
    });
    await tools2.execute({ name: 'run_cell', arguments: '{"cell_id":"c1"}' });
    expect(runner.requests[1]).toMatchObject({
      cellId: 'c1',
      source: 'changed',
      inNotebook: false,
      // The notebook has no such cell: the dialog says so.
      notebookSource: null
    });
    detached.dispose();
  });
});

describe('tool helpers', () => {
  it('finds the minimal range between two texts', () => {
    expect(toolHelpers.diffRange('abcdef', 'abXYef')).toEqual({
      start: 2,
      removed: 2,
      inserted: 'XY'
    });
    expect(toolHelpers.diffRange('aaa', 'aaaa')).toEqual({
      start: 3,
      removed: 0,
      inserted: 'a'
    });
    expect(toolHelpers.diffRange('same', 'same')).toEqual({
      start: 4,
      removed: 0,
      inserted: ''
    });
  });
});
