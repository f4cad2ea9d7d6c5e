// jest setup (jest.config.js): the warnings @jupyter/ydoc makes Yjs print
// for every cell it inserts, dropped; see ./ydoc.ts.
import { quietYdocCellWarnings } from './ydoc';

quietYdocCellWarnings();
