import {
  describeToolCall,
  IChatMessage,
  IToolEdit,
  lineChanges,
  planRevert,
  readToolResult,
  restoreStep,
  toolCallStatus,
  turnEnds,
  turnOf
} from '..';

const ok = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ ok: true, ...fields });
const failed = (error: string) => JSON.stringify({ ok: false, error });
const call = (name: string, args: Record<string, unknown> = {}) => ({
  name,
  arguments: JSON.stringify(args)
});

describe('the status of a tool call', () => {
  it('is failed for {"ok": false} and for a run that raised', () => {
    expect(toolCallStatus(failed('No cell has id x'), true)).toBe('failed');
    expect(
      toolCallStatus(
        JSON.stringify({
          ok: false,
          status: 'error',
          errors: [{ ename: 'NameError', evalue: "name 'y' is not defined" }]
        }),
        false
      )
    ).toBe('failed');
    expect(readToolResult(JSON.stringify({ error: 'boom' }))).toEqual({
      ok: false,
      error: 'boom',
      data: { error: 'boom' }
    });
  });

  it('is done for a successful result, and for text that is not JSON', () => {
    expect(toolCallStatus(ok({ cell_id: 'c1' }), true)).toBe('done');
    expect(toolCallStatus('fine', false)).toBe('done');
  });

  it('is running without a result while the agent works, else not run', () => {
    expect(toolCallStatus(undefined, true)).toBe('running');
    expect(toolCallStatus(undefined, false)).toBe('not-run');
  });
});

describe('what a tool call did, in words', () => {
  const position = (id: string) => ({ c0: 1, c1: 2, c2: 3 })[id] ?? null;
  const edit: IToolEdit = {
    branchId: 'b',
    clients: [1],
    cells: [
      {
        id: 'c2',
        kind: 'source',
        before: 'a\nb\nc',
        after: 'a\nB\nc',
        index: 2
      }
    ]
  };

  it('says what each tool did', () => {
    const say = (c: ReturnType<typeof call>, result: string, e?: IToolEdit) =>
      describeToolCall({
        call: c,
        result,
        edit: e,
        status: toolCallStatus(result, false),
        position
      }).summary;
    expect(say(call('edit_cell', { cell_id: 'c2' }), ok(), edit)).toBe(
      'Edited cell 3: +1 −1'
    );
    expect(
      say(
        call('insert_cell', { source: 'x', after_cell_id: 'c1' }),
        ok({ cell_id: 'n', index: 2, type: 'code' })
      )
    ).toBe('Inserted a cell after cell 2');
    expect(
      say(
        call('insert_cell', { source: '# T', cell_type: 'markdown' }),
        ok({ cell_id: 'n', index: 0, type: 'markdown' })
      )
    ).toBe('Inserted a Markdown cell at the top');
    expect(
      say(call('run_cell', { cell_id: 'c2' }), ok({ cell_id: 'c2' }))
    ).toBe('Ran cell 3');
    expect(say(call('list_cells'), ok({ total: 3 }))).toBe('Read the notebook');
    expect(say(call('read_cell', { cell_id: 'c0' }), ok({ id: 'c0' }))).toBe(
      'Read cell 1'
    );
    expect(
      say(call('delete_cell', { cell_id: 'c1' }), ok({ deleted: 'c1' }))
    ).toBe('Deleted cell 2');
    expect(
      say(
        call('set_cell_type', { cell_id: 'c0', cell_type: 'markdown' }),
        ok({ cell_id: 'c0' })
      )
    ).toBe('Made cell 1 Markdown');
    expect(
      say(
        call('edit_cell', { cell_id: 'c1', source: 'same' }),
        ok({ cell_id: 'c1', changed: false })
      )
    ).toBe('Left cell 2 unchanged');
  });

  it('says why a call failed, and which cell it was about', () => {
    const words = describeToolCall({
      call: call('edit_cell', { cell_id: 'c1', old_text: 'q', new_text: 'r' }),
      result: failed("old_text does not occur in cell 'c1'"),
      status: 'failed',
      position
    });
    expect(words).toEqual({
      summary: 'Could not edit cell 2',
      error: "old_text does not occur in cell 'c1'",
      cellId: 'c1'
    });
    const ran = describeToolCall({
      call: call('run_cell', { cell_id: 'c0' }),
      result: JSON.stringify({
        ok: false,
        cell_id: 'c0',
        status: 'error',
        errors: [{ ename: 'NameError', evalue: "name 'y' is not defined" }]
      }),
      status: 'failed',
      position
    });
    expect(ran.summary).toBe('Ran cell 1: NameError');
    expect(
      describeToolCall({
        call: call('delete_cell', { cell_id: 'nope' }),
        result: failed("No cell has id 'nope'."),
        status: 'failed',
        position
      }).summary
    ).toBe('Could not delete cell “nope”');
    expect(ran.error).toBe("NameError: name 'y' is not defined");
  });

  it('says what a call is doing while it runs, and translates', () => {
    const trans = (text: string, ...args: (string | number)[]) =>
      `«${text}»${args.join(',')}`;
    expect(
      describeToolCall({
        call: call('run_cell', { cell_id: 'c1' }),
        status: 'running',
        position,
        trans
      }).summary
    ).toBe('«Running cell %1…»2');
    expect(
      describeToolCall({ call: call('edit_cell'), status: 'not-run' }).summary
    ).toBe('Not run: edit_cell (stopped)');
  });

  it('numbers a cell by where it is now, else where it was', () => {
    expect(
      describeToolCall({
        call: call('edit_cell', { cell_id: 'c2' }),
        result: ok(),
        edit,
        status: 'done',
        position: () => null
      }).summary
    ).toBe('Edited cell 3: +1 −1');
  });

  it('counts the lines an edit adds and removes', () => {
    expect(lineChanges('a\nb', 'a\nb\nc')).toEqual({ added: 1, removed: 0 });
    expect(lineChanges('', 'x\ny')).toEqual({ added: 2, removed: 0 });
    expect(lineChanges('a\nb\nc', 'a\nc')).toEqual({ added: 0, removed: 1 });
    expect(lineChanges('same', 'same')).toEqual({ added: 0, removed: 0 });
  });
});

describe('turns', () => {
  const author = { name: 'x', color: 'red' };
  const m = (id: string, fields: Partial<IChatMessage>): IChatMessage => ({
    id,
    role: 'assistant',
    author,
    time: 0,
    body: '',
    status: 'done',
    ...fields
  });
  const editOf = (id: string): IToolEdit => ({
    branchId: 'b',
    clients: [1],
    cells: [{ id, kind: 'source', before: 'a', after: 'b', index: 0 }]
  });
  const messages = [
    m('u1', { role: 'user' }),
    m('a1', { toolCalls: [{ id: 't1', name: 'edit_cell', arguments: '{}' }] }),
    m('r1', { role: 'tool', toolCallId: 't1', toolEdit: editOf('c0') }),
    m('a2', { body: 'done' }),
    m('u2', { role: 'user' }),
    m('a3', { body: 'just talk' })
  ];

  it('finds the turn of a message and its calls with their results', () => {
    const turn = turnOf(messages, 'a2')!;
    expect([turn.start, turn.end]).toEqual([1, 4]);
    expect(turn.calls.map(c => [c.call.id, c.result?.id])).toEqual([
      ['t1', 'r1']
    ]);
    expect(turnOf(messages, 'u1')).toBeNull();
  });

  it('puts "Revert this turn" on the last agent message of turns with edits', () => {
    expect([...turnEnds(messages)]).toEqual(['a2']);
  });

  it('merges several calls on one cell: before the first, after the last', () => {
    const first = editOf('c0');
    const second: IToolEdit = {
      ...first,
      cells: [{ ...first.cells[0], before: 'b', after: 'c' }]
    };
    const plan = planRevert([
      { callId: '1', edit: first, state: 'kept' },
      { callId: '2', edit: second, state: null },
      { callId: '3', edit: editOf('c9'), state: 'undone' }
    ]);
    expect(plan.reject).toEqual([]);
    expect(plan.restore).toEqual([
      expect.objectContaining({ cellId: 'c0', before: 'a', after: 'c' })
    ]);
  });

  it('drops a cell the turn inserted and deleted again', () => {
    const inserted: IToolEdit = {
      cells: [{ id: 'n', kind: 'inserted', before: null, after: 'x', index: 1 }]
    };
    const deleted: IToolEdit = {
      cells: [{ id: 'n', kind: 'deleted', before: 'x', after: null, index: 1 }]
    };
    expect(
      planRevert([
        { callId: '1', edit: inserted, state: null },
        { callId: '2', edit: deleted, state: null }
      ]).restore
    ).toEqual([]);
  });

  it('puts a cell back only if no one changed it since', () => {
    const restore = {
      cellId: 'c0',
      kind: 'source' as const,
      before: 'a',
      after: 'b',
      index: 0
    };
    expect(restoreStep(restore, { source: 'b', type: 'code' })).toEqual({
      action: 'source',
      source: 'a'
    });
    expect(restoreStep(restore, { source: 'b2', type: 'code' })).toEqual({
      action: 'skip',
      reason: 'changed-since'
    });
    expect(
      restoreStep(
        { ...restore, kind: 'inserted', before: null },
        { source: 'b', type: 'code' }
      )
    ).toEqual({ action: 'delete' });
    expect(
      restoreStep(
        { ...restore, kind: 'deleted', after: null, typeBefore: 'markdown' },
        null
      )
    ).toEqual({ action: 'insert', index: 0, source: 'a', type: 'markdown' });
    expect(restoreStep({ ...restore, kind: 'moved' }, null)).toEqual({
      action: 'skip',
      reason: 'not-supported'
    });
  });
});
