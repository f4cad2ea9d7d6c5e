import { fail, succeed } from './outcome';
import { diffRange } from './text';
import { CELL_ID, IAgentTool, str } from './tool';

/** `edit_cell`: a new source, or one exact replacement in it. */
export const editCell: IAgentTool = {
  name: 'edit_cell',
  description:
    "Change a cell's source: either give the whole new `source`, or replace one exact, unique occurrence of `old_text` with `new_text`.",
  parameters: {
    cell_id: CELL_ID,
    source: str('The whole new source.'),
    old_text: str('Exact text to replace (must occur once).'),
    new_text: str('What to put instead of old_text.')
  },
  required: ['cell_id'],
  run(tools, args) {
    const found = tools._find(args.cell_id);
    if (!found) {
      return tools._missing(args.cell_id);
    }
    const text = found.cell.ysource;
    const current = text.toString();
    let next: string;
    if (args.source !== undefined) {
      if (args.old_text !== undefined || args.new_text !== undefined) {
        return fail(
          'Give either source, or old_text and new_text, not both.',
          args.cell_id
        );
      }
      next = args.source;
    } else if (args.old_text !== undefined && args.new_text !== undefined) {
      const at = current.indexOf(args.old_text);
      if (!args.old_text || at < 0) {
        return fail(
          `old_text does not occur in cell '${args.cell_id}'; read_cell to see its source.`,
          args.cell_id
        );
      }
      if (current.indexOf(args.old_text, at + 1) >= 0) {
        return fail(
          `old_text occurs more than once in cell '${args.cell_id}'; give more context so it is unique.`,
          args.cell_id
        );
      }
      next =
        current.slice(0, at) +
        args.new_text +
        current.slice(at + args.old_text.length);
    } else {
      return fail('Give source, or both old_text and new_text.', args.cell_id);
    }
    // Change only the part that differs, so that what collaborators
    // type elsewhere in the cell at the same time is kept.
    const { start, removed, inserted } = diffRange(current, next);
    if (removed > 0 || inserted) {
      tools._transact(args.cell_id, () => {
        if (removed > 0) {
          text.delete(start, removed);
        }
        if (inserted) {
          text.insert(start, inserted);
        }
      });
    }
    tools._activity('editing', args.cell_id);
    return succeed(
      { cell_id: args.cell_id, changed: removed > 0 || !!inserted },
      args.cell_id
    );
  }
};
