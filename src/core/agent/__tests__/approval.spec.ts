/**
 * What you approve is what runs: the run request carries the exact source
 * the user is shown; a cell changed after the request (while the dialog is
 * open, or between the answer and the run) is refused, and both the model
 * and the people in the chat are told why; a session approval covers one
 * notebook and one agent, and revoking it makes the next run ask again.
 */
import { YNotebook } from '@jupyter/ydoc';
import {
  AgentPeer,
  AgentTools,
  IRunRequest,
  readNotebookContent,
  RunApproval,
  RunRefusedError,
  SessionApproval
} from '..';
import { FakeApprover, FakeRunner, makeNotebook } from './helpers';

const APPROVED = 'x = 1\nprint(x)';
const BOBS = 'import os\nos.remove("results.csv")';

describe('running a cell: exactly what was approved', () => {
  let notebook: YNotebook;
  let peer: AgentPeer;
  let runner: FakeRunner;

  beforeEach(() => {
    notebook = makeNotebook([
      { source: '# Title', type: 'markdown' },
      { source: APPROVED },
      { source: 'y = 2' }
    ]);
    peer = new AgentPeer({ notebook, name: 'model' });
    runner = new FakeRunner();
  });
  afterEach(() => {
    peer.dispose();
    notebook.dispose();
  });

  function tools(
    approver: { approve(r: IRunRequest, o?: any): Promise<RunApproval> },
    options: Partial<AgentTools.IOptions> = {}
  ): AgentTools {
    return new AgentTools({
      target: peer.direct,
      notebook,
      runner,
      approver,
      ...options
    });
  }

  async function run(t: AgentTools, cellId = 'c1') {
    const outcome = await t.execute({
      name: 'run_cell',
      arguments: JSON.stringify({ cell_id: cellId })
    });
    return { outcome, result: JSON.parse(outcome.content) };
  }

  it('asks with the exact source, its position, and runs exactly that', async () => {
    const approver = new FakeApprover(['once']);
    const { outcome, result } = await run(tools(approver));
    expect(approver.asked).toEqual([
      {
        cellId: 'c1',
        source: APPROVED,
        inNotebook: true,
        index: 1,
        cellCount: 3
      }
    ]);
    expect(runner.requests).toEqual(approver.asked);
    expect(result.ok).toBe(true);
    expect(readNotebookContent(result.outputs)?.text).toBe('ran\n');
    expect(outcome.notice).toBeUndefined();
  });

  it('refuses when a collaborator edits the cell while the dialog is open', async () => {
    // The approver answers after Bob's edit reached the notebook (and so
    // the agent's replica): the user approved what they saw, not Bob's.
    const approver = {
      asked: [] as IRunRequest[],
      async approve(request: IRunRequest): Promise<RunApproval> {
        this.asked.push(request);
        notebook.cells[1].setSource(BOBS);
        return 'once';
      }
    };
    const { outcome, result } = await run(tools(approver));
    expect(approver.asked[0].source).toBe(APPROVED);
    expect(runner.requests).toEqual([]);
    expect(result).toMatchObject({ ok: false, refused: true });
    expect(result.error).toMatch(/Nothing ran: the cell was edited/);
    expect(result.error).toMatch(/call run_cell again/);
    // The people in the chat are told too.
    expect(outcome.notice).toMatch(
      /run of cell 2 \(c1\) was refused: the cell was edited.*Nothing ran/
    );
  });

  it('refuses when the cell is deleted while the dialog is open', async () => {
    const approver = {
      async approve(): Promise<RunApproval> {
        notebook.deleteCell(1);
        return 'once';
      }
    };
    const { result } = await run(tools(approver));
    expect(runner.requests).toEqual([]);
    expect(result.error).toMatch(/the cell was deleted/);
  });

  it('refuses what the runner refuses (the cell changed right before the kernel got it)', async () => {
    runner.run = async () => {
      throw new RunRefusedError('the cell was edited');
    };
    const { outcome, result } = await run(tools(new FakeApprover(['once'])));
    expect(result).toMatchObject({ ok: false, refused: true });
    expect(outcome.notice).toMatch(/refused/);
  });

  it('says when outputs did not land in the cell', async () => {
    runner.result = { ...runner.result, landedInCell: false };
    const { result } = await run(tools(new FakeApprover(['once'])));
    expect(result.outputs_in_cell).toBe(false);
    expect(result.note).toMatch(/not written into the cell/);
  });

  it('a session approval covers later runs of this agent in this notebook only', async () => {
    const session = new SessionApproval();
    const changes: boolean[] = [];
    session.changed.connect((_, on) => changes.push(on));
    const scope = { notebook: 'nb-1', agent: 'client-7 model-a' };
    const approver = new FakeApprover(['session']);
    const mine = tools(approver, { session, scope });
    await run(mine);
    await run(mine, 'c2');
    expect(approver.asked).toHaveLength(1);
    expect(runner.requests).toHaveLength(2);
    expect(mine.runAllowedForSession).toBe(true);
    expect(changes).toEqual([true]);

    // The same approval does not cover another agent, nor another notebook.
    for (const other of [
      { notebook: 'nb-1', agent: 'client-8 model-a' },
      { notebook: 'nb-1', agent: 'client-7 model-b' },
      { notebook: 'nb-2', agent: 'client-7 model-a' }
    ]) {
      const asked = new FakeApprover(['deny']);
      const theirs = tools(asked, { session, scope: other });
      expect(theirs.runAllowedForSession).toBe(false);
      const { result } = await run(theirs);
      expect(asked.asked).toHaveLength(1);
      expect(result.error).toMatch(/declined/);
    }

    // Revoked: the next run asks again.
    session.revoke();
    expect(changes).toEqual([true, false]);
    approver.answers = ['deny'];
    await run(mine);
    expect(approver.asked).toHaveLength(2);
    expect(runner.requests).toHaveLength(2);
  });

  it('never gives a session approval when the setting forbids offering it', async () => {
    let offered = false;
    const session = new SessionApproval({ offered: () => offered });
    const approver = {
      options: [] as any[],
      async approve(_: IRunRequest, options?: any): Promise<RunApproval> {
        this.options.push(options);
        // A misbehaving approver answers 'session' anyway.
        return 'session';
      }
    };
    const t = tools(approver, { session });
    await run(t);
    await run(t);
    expect(approver.options).toEqual([
      { offerSession: false },
      { offerSession: false }
    ]);
    expect(session.active).toBe(false);
    // Turned on, then off again while an approval is running: it covers
    // nothing from then on.
    offered = true;
    await run(t);
    expect(session.active).toBe(true);
    expect(t.runAllowedForSession).toBe(true);
    offered = false;
    expect(t.runAllowedForSession).toBe(false);
    await run(t);
    expect(approver.options).toHaveLength(4);
  });

  it('shows the notebook version when the agent runs its suggested version', async () => {
    const branch = makeNotebook([
      { source: '# Title', type: 'markdown' },
      { source: 'x = 2  # the agent changed it\nprint(x)' },
      { source: 'y = 2' }
    ]);
    const approver = new FakeApprover(['once']);
    const t = new AgentTools({
      target: {
        notebook: branch,
        transact: (_: unknown, fn: () => void) => fn()
      } as any,
      notebook,
      runner,
      approver
    });
    await run(t);
    expect(approver.asked[0]).toMatchObject({
      source: 'x = 2  # the agent changed it\nprint(x)',
      inNotebook: false,
      notebookSource: APPROVED,
      lastEditedBy: 'you (the co-author), in your suggestion'
    });
    branch.dispose();
  });
});
