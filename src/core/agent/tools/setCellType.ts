import { succeed } from './outcome';
import { CELL_ID, cellType, IAgentTool } from './tool';

/** `set_cell_type`: make a cell code, markdown or raw, same id and source. */
export const setCellType: IAgentTool = {
  name: 'set_cell_type',
  description:
    "Change a cell's type (code, markdown or raw), keeping its source.",
  parameters: { cell_id: CELL_ID, cell_type: cellType() },
  required: ['cell_id', 'cell_type'],
  run(tools, args) {
    const found = tools._find(args.cell_id);
    if (!found) {
      return tools._missing(args.cell_id);
    }
    const { cell, index } = found;
    if (cell.cell_type === args.cell_type) {
      return succeed(
        { cell_id: args.cell_id, type: args.cell_type, changed: false },
        args.cell_id
      );
    }
    const json = cell.toJSON() as Record<string, any>;
    const next: Record<string, any> = {
      id: args.cell_id,
      cell_type: args.cell_type,
      source: json.source,
      metadata: json.metadata ?? {}
    };
    if (args.cell_type === 'code') {
      next.outputs = [];
      next.execution_count = null;
    } else if (json.attachments) {
      next.attachments = json.attachments;
    }
    // A cell's type cannot change in place: replace it, same id, same
    // place, in one edit.
    tools._transact(null, () => {
      const notebook = tools.target.notebook;
      notebook.deleteCell(index);
      notebook.insertCell(index, next as any);
    });
    tools._activity('editing', args.cell_id);
    return succeed(
      { cell_id: args.cell_id, type: args.cell_type, changed: true },
      args.cell_id
    );
  }
};
