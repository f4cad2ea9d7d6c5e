import { changedSinceRequest, RunRefusedError } from '../approval';
import { asNotebookContent } from '../notebookContent';
import type { IRunRequest, IRunResult } from '../types';
import { message, raceAbort } from './abort';
import { fail, IToolOutcome } from './outcome';
import { formatOutputs } from './outputs';
import { CELL_ID, IAgentTool, IToolHost } from './tool';

/**
 * `run_cell`: run a code cell once the user approved its exact source, and
 * only if the cell still has it when the approval comes.
 */
export const runCell: IAgentTool = {
  name: 'run_cell',
  description:
    'Run a code cell and return its outputs and errors. The user is shown its exact source and asked to approve; they may decline. If the cell changes before it runs, nothing runs and you are told: read it again and ask again if it should still run.',
  parameters: { cell_id: CELL_ID },
  required: ['cell_id'],
  run(tools, args, signal) {
    return run(tools, args.cell_id, signal);
  }
};

/**
 * Run a cell, asking for approval unless given for the session; exactly the
 * source asked about runs, and only if the cell still has it.
 */
async function run(
  tools: IToolHost,
  cellId: string,
  signal: AbortSignal | undefined
): Promise<IToolOutcome> {
  const found = tools._find(cellId);
  if (!found) {
    return tools._missing(cellId);
  }
  if (found.cell.cell_type !== 'code') {
    return fail(
      `Cell '${cellId}' is a ${found.cell.cell_type} cell; only code cells run.`,
      cellId
    );
  }
  if (!tools._runner) {
    return fail('Running cells is not available here.', cellId);
  }
  const asked = request(tools, cellId, found.cell.getSource(), found.index);
  const scope = tools.scope;
  if (!tools.session.covers(scope)) {
    if (!tools._approver) {
      return fail(
        'Running cells needs the approval of the user, and no one can ' +
          'approve here. Ask the user to run it.',
        cellId
      );
    }
    const answer = await raceAbort(
      tools._approver.approve(asked, {
        offerSession: tools.session.offered
      }),
      signal
    );
    if (answer === 'deny') {
      return fail(
        `The user declined to run cell '${cellId}'. Do not run it again ` +
          `unless they ask; you may ask them why.`,
        cellId
      );
    }
    if (answer === 'session') {
      tools.session.grant(scope);
    }
  }
  // Someone may have changed the cell while the user was deciding.
  const why = changedSinceRequest(
    asked,
    tools._find(cellId)?.cell.getSource() ?? null,
    notebookSource(tools, cellId)
  );
  if (why) {
    return refused(asked, why);
  }
  tools._activity('running', cellId);
  let result: IRunResult;
  try {
    result = await raceAbort(tools._runner.run(asked, signal), signal);
  } catch (error) {
    if (signal?.aborted) {
      throw error;
    }
    if (error instanceof RunRefusedError) {
      return refused(asked, error.message);
    }
    return fail(`Cell '${cellId}' could not run: ${message(error)}`, cellId);
  }
  const outputs = formatOutputs(
    result.outputs as Record<string, any>[],
    tools.outputBudget
  );
  return {
    ok: result.status === 'ok',
    cellId,
    content: JSON.stringify({
      ok: result.status === 'ok',
      cell_id: cellId,
      status: result.status,
      execution_count: result.executionCount ?? null,
      ...(result.landedInCell === false
        ? {
            outputs_in_cell: false,
            note: 'The cell was edited while it ran: these outputs are of the code you ran, and were not written into the cell.'
          }
        : {}),
      outputs: outputs.text
        ? asNotebookContent(outputs.text, { cell: cellId, part: 'outputs' })
        : '',
      errors: outputs.errors,
      ...(outputs.truncated ? { truncated: true } : {})
    })
  };
}

/** The request to run a cell with this source, with what the dialog shows. */
function request(
  tools: IToolHost,
  cellId: string,
  source: string,
  index: number
): IRunRequest {
  const notebook = tools._notebook;
  const ownIndex = notebook
    ? notebook.cells.findIndex(c => c.getId() === cellId)
    : -1;
  const own = ownIndex >= 0 ? notebook!.cells[ownIndex].getSource() : null;
  const lastEditedBy = tools._lastEditedBy(cellId);
  return {
    cellId,
    source,
    inNotebook: own !== null && own === source,
    index: ownIndex >= 0 ? ownIndex : index,
    cellCount: (ownIndex >= 0 ? notebook! : tools.target.notebook).cells.length,
    ...(notebook && own !== source ? { notebookSource: own } : {}),
    ...(lastEditedBy !== 'unknown' ? { lastEditedBy } : {})
  };
}

/** The notebook's own source of a cell, null when it has none. */
function notebookSource(tools: IToolHost, cellId: string): string | null {
  const notebook = tools._notebook ?? tools.target.notebook;
  const cell = notebook.cells.find(c => c.getId() === cellId);
  return cell ? cell.getSource() : null;
}
/** A run refused because the cell is no longer what was approved. */
function refused(request: IRunRequest, why: string): IToolOutcome {
  const cellId = request.cellId;
  const where =
    request.index !== undefined
      ? `cell ${request.index + 1} (${cellId})`
      : `cell ${cellId}`;
  return {
    ok: false,
    cellId,
    content: JSON.stringify({
      ok: false,
      refused: true,
      error:
        `Nothing ran: ${why} after you asked to run cell '${cellId}', so ` +
        `it is no longer the code the user approved. Read the cell again; ` +
        `if it should still run, call run_cell again (the user is asked ` +
        `again, with the new source).`
    }),
    notice: `The co-author's run of ${where} was refused: ${why} after the run was requested, so it is not the code that was approved. Nothing ran.`
  };
}
