import { CELL_ID, IAgentTool } from './tool';

/**
 * `run_cell`: run a code cell once the user approved its exact source. The
 * approval, the check that the cell still has that source and the run are
 * `AgentTools._run`'s, since they need the tools' runner and approver.
 */
export const runCell: IAgentTool = {
  name: 'run_cell',
  description:
    'Run a code cell and return its outputs and errors. The user is shown its exact source and asked to approve; they may decline. If the cell changes before it runs, nothing runs and you are told: read it again and ask again if it should still run.',
  parameters: { cell_id: CELL_ID },
  required: ['cell_id'],
  run(tools, args, signal) {
    return tools._run(args.cell_id, signal);
  }
};
