import { asNotebookContent } from '../notebookContent';
import { succeed } from './outcome';
import { formatOutputs } from './outputs';
import { truncate } from './text';
import { CELL_ID, IAgentTool } from './tool';

/** `read_cell`: one cell's source, and a code cell's outputs, in budget. */
export const readCell: IAgentTool = {
  name: 'read_cell',
  description:
    'Read one cell: its source, type, and (for code) its outputs and errors, truncated to a budget.',
  parameters: { cell_id: CELL_ID },
  required: ['cell_id'],
  run(tools, args) {
    const found = tools._find(args.cell_id);
    if (!found) {
      return tools._missing(args.cell_id);
    }
    const { cell, index } = found;
    tools._activity('reading', args.cell_id);
    const source = truncate(cell.getSource(), tools.sourceBudget);
    const lastEditedBy = tools._lastEditedBy(args.cell_id);
    const result: Record<string, unknown> = {
      id: args.cell_id,
      index,
      type: cell.cell_type,
      last_edited_by: lastEditedBy,
      source: asNotebookContent(source.text, {
        cell: args.cell_id,
        part: 'source',
        lastEditedBy
      })
    };
    if (source.truncated) {
      result.source_truncated = true;
    }
    if (cell.cell_type === 'code') {
      const outputs = formatOutputs(
        (cell as any).getOutputs(),
        tools.outputBudget
      );
      result.execution_count = (cell as any).execution_count ?? null;
      result.outputs = outputs.text
        ? asNotebookContent(outputs.text, {
            cell: args.cell_id,
            part: 'outputs'
          })
        : '';
      result.errors = outputs.errors;
      if (outputs.truncated) {
        result.outputs_truncated = true;
      }
    }
    return succeed(result, args.cell_id);
  }
};
