import { AGENT_DEFAULTS } from '../defaults';
import { asNotebookContent } from '../notebookContent';
import { succeed } from './outcome';
import { IAgentTool, int } from './tool';

/** `list_cells`: the outline of the notebook, a page at a time. */
export const listCells: IAgentTool = {
  name: 'list_cells',
  description:
    'List the notebook cells in order: id, type, first line, whether ' +
    'it has outputs or an error. Cells are addressed by id, never by ' +
    'index, since collaborators may insert or move cells meanwhile.',
  parameters: {
    start: int('Index of the first cell to list (default 0).'),
    limit: int(
      `How many cells to list at most (default ${AGENT_DEFAULTS.listLimit}).`
    )
  },
  required: [],
  run(tools, args) {
    const cells = tools.target.notebook.cells;
    const start = Math.max(0, args.start ?? 0);
    const limit = Math.max(
      1,
      Math.min(
        args.limit ?? AGENT_DEFAULTS.listLimit,
        AGENT_DEFAULTS.listLimitMax
      )
    );
    tools._activity('reading', null);
    const listed = cells.slice(start, start + limit).map((cell, i) => {
      const source = cell.getSource();
      const firstLine = source.split('\n', 1)[0];
      const id = cell.getId();
      const shown =
        firstLine.length > 80 ? firstLine.slice(0, 80) + '…' : firstLine;
      const entry: Record<string, unknown> = {
        index: start + i,
        id,
        type: cell.cell_type,
        lines: source ? source.split('\n').length : 0,
        first_line: shown
          ? asNotebookContent(shown, {
              part: 'first-line',
              lastEditedBy: tools._lastEditedBy(id)
            })
          : ''
      };
      if (cell.cell_type === 'code') {
        const outputs = (cell as any).getOutputs() as any[];
        entry.outputs = outputs.length;
        if (outputs.some(o => o.output_type === 'error')) {
          entry.has_error = true;
        }
      }
      return entry;
    });
    return succeed({
      total: cells.length,
      cells: listed,
      ...(start + limit < cells.length
        ? { more: `call again with start=${start + limit}` }
        : {})
    });
  }
};
