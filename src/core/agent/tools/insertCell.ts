import { fail, succeed } from './outcome';
import { cellType, IAgentTool, str } from './tool';

/** `insert_cell`: a new cell, placed relative to another or at the end. */
export const insertCell: IAgentTool = {
  name: 'insert_cell',
  description:
    'Insert a new cell. Give after_cell_id or before_cell_id to place it; with neither it goes at the end. Returns the new cell id.',
  parameters: {
    source: str('The source of the new cell.'),
    cell_type: cellType(),
    after_cell_id: str('Insert after this cell.'),
    before_cell_id: str('Insert before this cell.')
  },
  required: ['source'],
  run(tools, args) {
    const notebook = tools.target.notebook;
    let index = notebook.cells.length;
    const anchor = args.after_cell_id ?? args.before_cell_id;
    if (args.after_cell_id !== undefined && args.before_cell_id !== undefined) {
      return fail('Give after_cell_id or before_cell_id, not both.');
    }
    if (anchor !== undefined) {
      const found = tools._find(anchor);
      if (!found) {
        return tools._missing(anchor);
      }
      index = found.index + (args.after_cell_id !== undefined ? 1 : 0);
    }
    const type = args.cell_type ?? 'code';
    let id = '';
    tools._transact(null, () => {
      const cell = notebook.insertCell(index, {
        cell_type: type,
        source: args.source,
        metadata: {}
      } as any);
      id = cell.getId();
    });
    tools._activity('editing', id);
    return succeed({ cell_id: id, index, type }, id);
  }
};
