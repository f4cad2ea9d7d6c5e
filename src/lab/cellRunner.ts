import { CodeCell } from '@jupyterlab/cells';
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';

import {
  ICellRunner,
  IRunRequest,
  IRunResult,
  RunRefusedError
} from '../core/agent';

/**
 * Runs cells for the agent in the notebook's kernel: exactly the source the
 * user approved, never the cell as it is when the kernel gets to it (which a
 * collaborator may have changed since).
 *
 * For a cell of the notebook, the approved source goes to the kernel
 * directly (`requestExecute`, as `CodeCell.execute` does with the cell's
 * source), and only if the cell still has that source right before; its
 * outputs go through the cell's own output area (so they render as for the
 * user's run) only while the cell's source is still the one that ran. Once
 * someone edits it, the rest of the outputs go to the agent only. Code that
 * exists only in the agent's suggestion runs in the same kernel, its
 * outputs returned to the agent and written nowhere. Without a kernel
 * (none started, or JupyterLite without one) it fails with a clear message
 * that goes back to the model.
 */
export class KernelCellRunner implements ICellRunner {
  constructor(
    private readonly _panel: NotebookPanel,
    private readonly _trans: TranslationBundle
  ) {}

  async run(request: IRunRequest, signal?: AbortSignal): Promise<IRunResult> {
    const kernel = this._panel.sessionContext.session?.kernel;
    if (!kernel) {
      throw new Error(
        this._trans.__(
          'No kernel is running for this notebook, so the cell cannot run. Ask the user to start a kernel (Kernel menu) first.'
        )
      );
    }
    let cell: CodeCell | null = null;
    if (request.inNotebook) {
      const widget = this._panel.content.widgets.find(
        w => w.model.id === request.cellId
      );
      if (!(widget instanceof CodeCell)) {
        throw new RunRefusedError('the cell was deleted');
      }
      if (widget.model.sharedModel.getSource() !== request.source) {
        throw new RunRefusedError('the cell was edited');
      }
      cell = widget;
    }
    // Nothing awaits between the check above and the request below.
    const future = kernel.requestExecute(
      {
        code: request.source,
        stop_on_error: true,
        store_history: cell !== null,
        silent: false
      },
      false,
      cell ? { cellId: request.cellId } : undefined
    );
    const outputs: Record<string, unknown>[] = [];
    const collect = (msg: KernelMessage.IIOPubMessage) => {
      const type = msg.header.msg_type;
      if (
        type === 'stream' ||
        type === 'execute_result' ||
        type === 'display_data' ||
        type === 'error'
      ) {
        outputs.push({ output_type: type, ...(msg.content as object) });
      }
    };
    const landing = cell
      ? Private.landInCell(cell, future, request.source, collect)
      : null;
    if (!landing) {
      future.onIOPub = collect;
    }
    const abort = () => {
      void kernel.interrupt();
      future.dispose();
    };
    signal?.addEventListener('abort', abort);
    try {
      const reply = await future.done;
      const executionCount =
        'execution_count' in reply.content
          ? (reply.content.execution_count as number)
          : null;
      const landed = landing?.finish(executionCount) ?? undefined;
      return {
        status: reply.content.status === 'ok' ? 'ok' : 'error',
        outputs,
        executionCount,
        ...(landed === false ? { landedInCell: false } : {})
      };
    } finally {
      signal?.removeEventListener('abort', abort);
      landing?.finish(null);
    }
  }
}

namespace Private {
  /** What `landInCell` gives back. */
  export interface ILanding {
    /**
     * End the run in the cell: its execution count (if the outputs all
     * landed) and its prompt. Resolves whether they all landed; once only.
     */
    finish(executionCount: number | null): boolean;
  }

  /**
   * Let a future's outputs land in a cell of the notebook, as JupyterLab's
   * `CodeCell.execute` would (its output area handles streams, display ids
   * and clear_output), while the cell's source is `source`; every output
   * also goes to `collect`. The first output after someone changed the
   * source, and all after it, go to `collect` only.
   */
  export function landInCell(
    cell: CodeCell,
    future: Kernel.IShellFuture<
      KernelMessage.IExecuteRequestMsg,
      KernelMessage.IExecuteReplyMsg
    >,
    source: string,
    collect: (msg: KernelMessage.IIOPubMessage) => void
  ): ILanding {
    const model = cell.model;
    model.sharedModel.transact(
      () => {
        model.clearExecution();
        cell.outputHidden = false;
      },
      false,
      'silent-change'
    );
    model.executionState = 'running';
    // The output area clears the cell's outputs and takes the future's
    // handlers; ours call them while the cell still holds what runs.
    cell.outputArea.future = future;
    const toCell = future.onIOPub;
    const replyToCell = future.onReply;
    let lands = true;
    const stillLands = (): boolean => {
      lands =
        lands && !cell.isDisposed && model.sharedModel.getSource() === source;
      return lands;
    };
    future.onIOPub = msg => {
      collect(msg);
      if (stillLands()) {
        void toCell(msg);
      }
    };
    future.onReply = msg => {
      if (stillLands()) {
        void replyToCell(msg);
      }
    };
    let finished: boolean | null = null;
    return {
      finish(executionCount) {
        if (finished !== null) {
          return finished;
        }
        finished = stillLands();
        if (!cell.isDisposed) {
          model.executionState = 'idle';
          if (finished && executionCount !== null) {
            model.executionCount = executionCount;
          }
        }
        return finished;
      }
    };
  }
}
