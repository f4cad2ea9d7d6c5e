/**
 * Suggestion branches: forked replicas of a notebook's shared document whose
 * per-cell changes are reviewed, accepted or rejected. Framework-free: yjs
 * and @jupyter/ydoc only. See docs/branches.md.
 */
export * from './types';
export { Branch } from './branch';
export {
  SuggestionManager,
  BRANCHES_ROOT,
  SUGGESTIONS_SECTION
} from './manager';
export { branchToRecord } from './records';
export { replayRecords } from './replay';
export { applySavedHunks, diffLines, hashText, splitLines } from './linediff';
export { cellIds, shownBefore } from './placement';
export { locateCell, locatorAt, locatorOf } from './locate';
export {
  INotebookJSON,
  INotebookCellJSON,
  ISuggestedEdits,
  matchCells,
  suggestNotebook
} from './notebookDiff';
export { suggestInto, openAsJupyterLab, hasIds } from './notebookFile';
export { HUNK_REFUSALS } from './hunks';
