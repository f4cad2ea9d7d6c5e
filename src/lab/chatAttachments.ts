import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';

import { IChatAttachment, selectedLines, sliceLines } from '../core/chat';

/**
 * What a user attached to their next message: the active cell of the
 * notebook they see (in suggesting mode, their branch's), or the lines of
 * its selection. The source is read again when the message is sent, so the
 * model gets the cell as it is then.
 */
export interface IPendingAttachment {
  /** The chip's id. */
  id: string;
  /** The nbformat id of the cell. */
  cellId: string;
  /** The chip's label. */
  label: string;
  /** The selected lines, or null for the whole cell. */
  lines: [number, number] | null;
  /** The source when it was attached (used if the cell is gone). */
  source: string;
}

/**
 * The active cell of a panel, or the lines of its selection, as an
 * attachment; null when the notebook has no active cell.
 */
export function attachActiveCell(
  panel: NotebookPanel,
  trans: TranslationBundle
): IPendingAttachment | null {
  const notebook = panel.content;
  const cell = notebook.activeCell;
  if (!cell) {
    return null;
  }
  const source = cell.model.sharedModel.getSource();
  const number = notebook.activeCellIndex + 1;
  let lines: [number, number] | null = null;
  const editor = cell.editor;
  if (editor) {
    const selection = editor.getSelection();
    lines = selectedLines(
      source,
      editor.getOffsetAt(selection.start),
      editor.getOffsetAt(selection.end)
    );
  }
  const label = !lines
    ? trans.__('Cell %1', number)
    : lines[0] === lines[1]
      ? trans.__('Cell %1, line %2', number, lines[0])
      : trans.__('Cell %1, lines %2–%3', number, lines[0], lines[1]);
  const cellId = cell.model.sharedModel.getId();
  return {
    id: `${cellId}:${lines ? lines.join('-') : 'all'}`,
    cellId,
    label,
    lines,
    source: lines ? sliceLines(source, lines[0], lines[1]) : source
  };
}

/**
 * The attachments as sent: each one's source read from the cell now (it
 * may have changed since it was attached), or as it was if the cell is gone.
 */
export function resolveAttachments(
  panel: NotebookPanel,
  pending: readonly IPendingAttachment[]
): IChatAttachment[] {
  const cells = panel.content.model?.sharedModel.cells ?? [];
  return pending.map(item => {
    const cell = cells.find(c => c.getId() === item.cellId);
    let source = item.source;
    if (cell) {
      const now = cell.getSource();
      source = item.lines ? sliceLines(now, item.lines[0], item.lines[1]) : now;
    }
    const attachment: IChatAttachment = {
      cellId: item.cellId,
      label: item.label,
      source
    };
    if (item.lines) {
      attachment.lines = item.lines;
    }
    return attachment;
  });
}
