/**
 * The one workaround for warnings that `@jupyter/ydoc` makes Yjs print.
 *
 * `@jupyter/ydoc` 4.2.0's `createCell` (src/ycell.ts) builds a cell's Y
 * types and reads them (the source's length, the metadata, the outputs, the
 * execution count) and, with `disableDocumentWideUndoRedo`, scopes an undo
 * manager on the cell's map, all before `YNotebook.insertCells` puts the map
 * in the notebook's document. Yjs 13.6 warns at each: "Invalid access: Add
 * Yjs type to a document before reading data" and "[yjs#509] Not same
 * Y.Doc", several lines for every cell anyone inserts through a YNotebook
 * (`insertCell(s)`, `create`, `fromJSON`): ours, JupyterLab's, the tests'.
 * No public API of `@jupyter/ydoc` inserts a cell without them, and the
 * reads are harmless (of empty types the cell then fills). Upstream:
 * jupyterlab/jupyterlab#19022, fixed by jupyter-server/jupyter_ydoc#428
 * (open as of 4.2.0): drop this when a release has it
 * (src/core/internals/__tests__/ydoc.spec.ts then fails).
 *
 * Only those two messages, and only when `@jupyter/ydoc` is on the stack,
 * are dropped: the same warnings caused by our own code still print. For
 * the Node entry points (bin/, bench/) and jest (jest.config.js); the
 * browser's console is JupyterLab's, which inserts cells the same way.
 */

const MESSAGES = [
  'Invalid access: Add Yjs type to a document',
  '[yjs#509] Not same Y.Doc'
];

/** Whether a warning is one of those `@jupyter/ydoc` causes. */
export function isYdocCellWarning(args: unknown[], stack: string): boolean {
  const message = String(args[0]);
  return (
    MESSAGES.some(known => message.startsWith(known)) &&
    /[\\/]@jupyter[\\/]ydoc[\\/]/.test(stack)
  );
}

/**
 * Drop `@jupyter/ydoc`'s cell-insertion warnings from `console.warn` (see
 * above); returns what undoes it, and counts what it dropped.
 */
export function quietYdocCellWarnings(): {
  dropped: number;
  restore: () => void;
} {
  const warn = console.warn;
  const state = {
    dropped: 0,
    restore: () => {
      console.warn = warn;
    }
  };
  console.warn = (...args: unknown[]) => {
    if (MESSAGES.some(known => String(args[0]).startsWith(known))) {
      // Deep enough to reach the cell's constructor under lib0's logging.
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 30;
      const stack = new Error().stack ?? '';
      Error.stackTraceLimit = limit;
      if (isYdocCellWarning(args, stack)) {
        state.dropped++;
        return;
      }
    }
    warn(...args);
  };
  return state;
}
