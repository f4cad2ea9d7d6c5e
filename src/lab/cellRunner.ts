import { Dialog, showDialog } from '@jupyterlab/apputils';
import { CodeCell } from '@jupyterlab/cells';
import type { KernelMessage } from '@jupyterlab/services';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import type {
  ICellRunner,
  IRunApprover,
  IRunRequest,
  IRunResult,
  RunApproval
} from '../core/agent';

/**
 * Runs cells for the agent in the notebook's kernel.
 *
 * A cell the notebook has runs as if the user ran it (its outputs land in
 * the notebook). A cell that exists only in the agent's suggestion runs as
 * code in the same kernel, its outputs returned to the agent and not written
 * anywhere. Without a kernel (none started, or JupyterLite without one) it
 * fails with a clear message that goes back to the model.
 */
export class KernelCellRunner implements ICellRunner {
  constructor(
    private readonly _panel: NotebookPanel,
    private readonly _trans: TranslationBundle
  ) {}

  async run(request: IRunRequest, signal?: AbortSignal): Promise<IRunResult> {
    const sessionContext = this._panel.sessionContext;
    const kernel = sessionContext.session?.kernel;
    if (!kernel) {
      throw new Error(
        this._trans.__(
          'No kernel is running for this notebook, so the cell cannot run. Ask the user to start a kernel (Kernel menu) first.'
        )
      );
    }
    if (request.inNotebook) {
      const cell = this._panel.content.widgets.find(
        w => w.model.id === request.cellId
      );
      if (cell instanceof CodeCell) {
        const abort = () => void kernel.interrupt();
        signal?.addEventListener('abort', abort);
        try {
          const reply = await CodeCell.execute(cell, sessionContext);
          return {
            status: reply?.content.status === 'ok' ? 'ok' : 'error',
            outputs: cell.model.outputs.toJSON() as any[],
            executionCount: cell.model.executionCount
          };
        } finally {
          signal?.removeEventListener('abort', abort);
        }
      }
    }
    const outputs: Record<string, unknown>[] = [];
    const future = kernel.requestExecute({
      code: request.source,
      store_history: false,
      silent: false
    });
    future.onIOPub = (msg: KernelMessage.IIOPubMessage) => {
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
    const abort = () => {
      void kernel.interrupt();
      future.dispose();
    };
    signal?.addEventListener('abort', abort);
    try {
      const reply = await future.done;
      return {
        status: reply.content.status === 'ok' ? 'ok' : 'error',
        outputs,
        executionCount:
          'execution_count' in reply.content
            ? (reply.content.execution_count as number)
            : null
      };
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }
}

/**
 * Asks the user, each time, whether the agent may run a cell: once, for the
 * rest of the session, or not at all.
 */
export class DialogRunApprover implements IRunApprover {
  constructor(private readonly _trans: TranslationBundle) {}

  async approve(request: IRunRequest): Promise<RunApproval> {
    const trans = this._trans;
    const body = new Widget();
    body.addClass('jp-coauthor-RunApproval');
    const intro = document.createElement('p');
    intro.textContent = request.inNotebook
      ? trans.__('The co-author wants to run this cell of the notebook:')
      : trans.__(
          'The co-author wants to run this code from its suggestion (outputs go to the agent only):'
        );
    const code = document.createElement('pre');
    code.textContent = request.source;
    body.node.append(intro, code);
    const result = await showDialog({
      title: trans.__('Run a cell?'),
      body,
      buttons: [
        Dialog.cancelButton({ label: trans.__('Deny') }),
        Dialog.okButton({ label: trans.__('Allow for this session') }),
        Dialog.okButton({ label: trans.__('Run once') })
      ],
      defaultButton: 2
    });
    if (!result.button.accept) {
      return 'deny';
    }
    return result.button.label === trans.__('Run once') ? 'once' : 'session';
  }
}
