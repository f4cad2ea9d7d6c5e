import { succeed } from './outcome';
import { CELL_ID, IAgentTool } from './tool';

/** `delete_cell`: remove a cell. */
export const deleteCell: IAgentTool = {
  name: 'delete_cell',
  description: 'Delete a cell.',
  parameters: { cell_id: CELL_ID },
  required: ['cell_id'],
  run(tools, args) {
    const found = tools._find(args.cell_id);
    if (!found) {
      return tools._missing(args.cell_id);
    }
    tools._transact(null, () => {
      tools.target.notebook.deleteCell(found.index);
    });
    tools._activity('editing', null);
    return succeed({ deleted: args.cell_id }, args.cell_id);
  }
};
