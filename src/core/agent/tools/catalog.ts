import { deleteCell } from './deleteCell';
import { editCell } from './editCell';
import { insertCell } from './insertCell';
import { listCells } from './listCells';
import { moveCell } from './moveCell';
import { readCell } from './readCell';
import { runCell } from './runCell';
import { setCellType } from './setCellType';
import type { IAgentTool } from './tool';

/**
 * The agent's tools, in the order the model is shown them. Adding a tool is
 * adding its file and a line here: its definition, its argument check and
 * its name in text tool calls all follow from its record.
 */
export const TOOL_LIST: readonly IAgentTool[] = [
  listCells,
  readCell,
  insertCell,
  editCell,
  deleteCell,
  moveCell,
  setCellType,
  runCell
];

/** The tools by name. */
export const TOOLS_BY_NAME: ReadonlyMap<string, IAgentTool> = new Map(
  TOOL_LIST.map(tool => [tool.name, tool])
);
