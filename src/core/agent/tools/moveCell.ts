import { fail, succeed } from './outcome';
import { IAgentTool, str } from './tool';

/** `move_cell`: put a cell right after or right before another. */
export const moveCell: IAgentTool = {
  name: 'move_cell',
  description:
    'Move a cell after or before another cell (give exactly one of after_cell_id, before_cell_id).',
  parameters: {
    cell_id: str('The id of the cell to move.'),
    after_cell_id: str('Put it right after this cell.'),
    before_cell_id: str('Put it right before this cell.')
  },
  required: ['cell_id'],
  run(tools, args) {
    const hasAfter = args.after_cell_id !== undefined;
    const hasBefore = args.before_cell_id !== undefined;
    if (hasAfter === hasBefore) {
      return fail(
        'Give exactly one of after_cell_id, before_cell_id.',
        args.cell_id
      );
    }
    const found = tools._find(args.cell_id);
    if (!found) {
      return tools._missing(args.cell_id);
    }
    const anchorId = hasAfter ? args.after_cell_id : args.before_cell_id;
    if (anchorId === args.cell_id) {
      return fail('A cell cannot move relative to itself.', args.cell_id);
    }
    if (!tools._find(anchorId)) {
      return tools._missing(anchorId);
    }
    // The destination in the list without the moved cell, which is the
    // final index that `moveCell` expects.
    const others = tools.target.notebook.cells
      .map(c => c.getId())
      .filter((_, i) => i !== found.index);
    const anchor = others.indexOf(anchorId);
    const to = hasAfter ? anchor + 1 : anchor;
    if (to !== found.index) {
      tools._transact(
        null,
        () => {
          tools.target.notebook.moveCell(found.index, to);
        },
        args.cell_id
      );
    }
    tools._activity('editing', args.cell_id);
    return succeed({ cell_id: args.cell_id, index: to }, args.cell_id);
  }
};
