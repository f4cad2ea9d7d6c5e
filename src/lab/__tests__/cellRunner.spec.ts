/**
 * The kernel runner sends the approved source itself to the kernel, never
 * the cell as it is when the kernel gets to it; refuses a cell of the
 * notebook that no longer has that source; and lets outputs land in the
 * cell only while the cell still holds what ran. JupyterLab's `CodeCell`
 * is stood in for by a class of the same shape (the runner only tests
 * `instanceof` and uses its model and output area); the real one in the
 * browser: ui-tests/tests/agent-run-approval.spec.ts.
 */
jest.mock('@jupyterlab/cells', () => ({
  CodeCell: class CodeCell {}
}));

import { CodeCell } from '@jupyterlab/cells';

import { RunRefusedError } from '../../core/agent/approval';
import { KernelCellRunner } from '../cellRunner';

/** A message of the kernel's IOPub channel. */
const stream = (text: string) => ({
  header: { msg_type: 'stream' },
  content: { name: 'stdout', text }
});

/**
 * A kernel that records what it is asked to execute; each run publishes
 * the given outputs, calling `between` after the first.
 */
function fakeKernel(outputs: string[], between: () => void = () => undefined) {
  const requests: any[] = [];
  return {
    requests,
    interrupt: async () => undefined,
    requestExecute(content: any) {
      requests.push(content);
      const future: any = {
        onIOPub: null,
        onReply: null,
        done: Promise.resolve().then(() => {
          outputs.forEach((text, i) => {
            future.onIOPub?.(stream(text));
            if (i === 0) {
              between();
            }
          });
          return { content: { status: 'ok', execution_count: 4 } };
        }),
        dispose: () => undefined
      };
      return future;
    }
  };
}

/** A notebook cell: its source, and the outputs its output area received. */
function fakeCell(id: string, source: { text: string }) {
  const landed: string[] = [];
  const model: any = {
    id,
    executionCount: null,
    executionState: 'idle',
    sharedModel: {
      getSource: () => source.text,
      transact: (fn: () => void) => fn()
    },
    clearExecution: () => undefined
  };
  const outputArea: any = {
    set future(future: any) {
      future.onIOPub = (msg: any) => landed.push(msg.content.text);
      future.onReply = () => undefined;
    }
  };
  const cell = Object.assign(new (CodeCell as any)(), {
    model,
    outputArea,
    isDisposed: false,
    outputHidden: true
  });
  return { cell, model, landed };
}

function fakePanel(kernel: any, widgets: any[] = []) {
  return {
    sessionContext: { session: kernel ? { kernel } : null },
    content: { widgets }
  } as any;
}

const trans = { __: (text: string) => text } as any;

describe('KernelCellRunner', () => {
  it('executes exactly the approved source, and its outputs land in the cell', async () => {
    const source = { text: 'print("approved")' };
    const { cell, model, landed } = fakeCell('c1', source);
    const kernel = fakeKernel(['a\n', 'b\n']);
    const runner = new KernelCellRunner(fakePanel(kernel, [cell]), trans);
    const result = await runner.run({
      cellId: 'c1',
      source: 'print("approved")',
      inNotebook: true
    });
    expect(kernel.requests.map(r => r.code)).toEqual(['print("approved")']);
    expect(landed).toEqual(['a\n', 'b\n']);
    expect(model.executionCount).toBe(4);
    expect(model.executionState).toBe('idle');
    expect(result.landedInCell).toBeUndefined();
    expect(result.outputs).toHaveLength(2);
  });

  it('refuses a cell that no longer has the approved source, or is gone', async () => {
    const { cell } = fakeCell('c1', { text: 'import os  # Bob' });
    const kernel = fakeKernel(['x\n']);
    const runner = new KernelCellRunner(fakePanel(kernel, [cell]), trans);
    await expect(
      runner.run({ cellId: 'c1', source: 'x = 1', inNotebook: true })
    ).rejects.toBeInstanceOf(RunRefusedError);
    await expect(
      runner.run({ cellId: 'gone', source: 'x = 1', inNotebook: true })
    ).rejects.toThrow(/deleted/);
    expect(kernel.requests).toEqual([]);
  });

  it('sends outputs to the agent only once the cell is edited during the run', async () => {
    const source = { text: 'slow()' };
    const { cell, model, landed } = fakeCell('c1', source);
    const kernel = fakeKernel(['first\n', 'second\n'], () => {
      source.text = 'bob_was_here()';
    });
    const runner = new KernelCellRunner(fakePanel(kernel, [cell]), trans);
    const result = await runner.run({
      cellId: 'c1',
      source: 'slow()',
      inNotebook: true
    });
    expect(landed).toEqual(['first\n']);
    expect(result.outputs.map((o: any) => o.text)).toEqual([
      'first\n',
      'second\n'
    ]);
    expect(result.landedInCell).toBe(false);
    // Not counted as the run of what the cell holds now.
    expect(model.executionCount).toBeNull();
  });

  it("runs the agent's suggestion as code only, and says when there is no kernel", async () => {
    const kernel = fakeKernel(['ran\n']);
    const runner = new KernelCellRunner(fakePanel(kernel), trans);
    const result = await runner.run({
      cellId: 'new',
      source: 'print("suggested")',
      inNotebook: false
    });
    expect(kernel.requests[0]).toMatchObject({
      code: 'print("suggested")',
      store_history: false
    });
    expect(result.outputs).toHaveLength(1);
    await expect(
      new KernelCellRunner(fakePanel(null), trans).run({
        cellId: 'c1',
        source: 'x',
        inNotebook: false
      })
    ).rejects.toThrow(/No kernel/);
  });
});
