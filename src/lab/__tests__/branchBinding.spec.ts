/**
 * @jest-environment @jupyterlab/testing/lib/jest-env.js
 */
import type { YNotebook } from '@jupyter/ydoc';
import { EditorView } from '@codemirror/view';
import { EditorState } from '@codemirror/state';
import { ybinding } from '@jupyterlab/codemirror';
import * as Y from 'yjs';

// JupyterLab's own binding (the module branchBinding.ts imports from the
// package root), without loading every language the package index brings.
jest.mock('@jupyterlab/codemirror', () =>
  jest.requireActual('@jupyterlab/codemirror/lib/extensions/ybinding')
);

import { Branch } from '../../core/suggestions/branch';
import {
  alice,
  cleanup,
  makeNotebook
} from '../../core/suggestions/__tests__/helpers';
import {
  BranchBindingTarget,
  boundTarget,
  branchBinding,
  syncBranchBinding
} from '../branchBinding';

/**
 * The text path of suggesting mode without a model swap: a cell editor bound
 * by JupyterLab's own ybinding to the notebook, re-bound to the branch.
 */
describe('branchBinding', () => {
  let notebook: YNotebook;
  let branch: Branch;
  let view: EditorView;
  let suggesting: boolean;
  let collaborator: Y.Doc;

  /** What the editor of cell `a` must show: the source of the mode. */
  const target = (): BranchBindingTarget => {
    if (!suggesting) {
      return null;
    }
    const cell = branch.doc.cells.find(c => c.getId() === 'a');
    if (!cell) {
      return 'absent';
    }
    return {
      ytext: cell.ysource,
      origin: cell,
      undo: () => cell.undo(),
      redo: () => cell.redo()
    };
  };

  const nbSource = () => notebook.getCell(0).getSource();
  const branchSource = () =>
    branch.doc.cells.find(c => c.getId() === 'a')!.getSource();

  /** Type as a user does: a transaction with the `input.type` event. */
  const type = (at: number, text: string) =>
    view.dispatch({
      changes: { from: at, insert: text },
      userEvent: 'input.type'
    });

  beforeEach(() => {
    notebook = makeNotebook([{ id: 'a', source: 'x = 1\n' }]);
    branch = new Branch({ notebook, author: alice });
    // A second peer, synced both ways (a collaborator editing the notebook).
    collaborator = new Y.Doc();
    Y.applyUpdate(collaborator, Y.encodeStateAsUpdate(notebook.ydoc));
    notebook.ydoc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'peer') {
        Y.applyUpdate(collaborator, u, 'peer');
      }
    });
    collaborator.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'peer') {
        Y.applyUpdate(notebook.ydoc, u, 'peer');
      }
    });
    suggesting = false;
    const cell = notebook.getCell(0);
    view = new EditorView({
      state: EditorState.create({
        doc: cell.getSource(),
        extensions: [
          ybinding({ ytext: cell.ysource }),
          branchBinding({ target })
        ]
      }),
      parent: document.body
    });
  });

  afterEach(() => {
    view.destroy();
    branch.dispose();
    collaborator.destroy();
    cleanup();
  });

  const collaboratorTypes = (at: number, text: string) => {
    const cells = collaborator.getArray<Y.Map<any>>('cells');
    (cells.get(0).get('source') as Y.Text).insert(at, text);
  };

  it('leaves the editor on the notebook in editing mode', () => {
    expect(syncBranchBinding(view)).toBe(false);
    type(0, '# ');
    expect(nbSource()).toBe('# x = 1\n');
    expect(branchSource()).toBe('# x = 1\n');
  });

  it('writes typing while suggesting to the branch, not the notebook', () => {
    suggesting = true;
    expect(syncBranchBinding(view)).toBe(true);
    type(5, '0');
    expect(view.state.doc.toString()).toBe('x = 10\n');
    expect(branchSource()).toBe('x = 10\n');
    expect(nbSource()).toBe('x = 1\n');
    expect(branch.changes().map(c => c.cellId)).toEqual(['a']);
  });

  it("shows a collaborator's typing while suggesting, at the branch's place", () => {
    suggesting = true;
    syncBranchBinding(view);
    type(0, 'y = 2\n');
    collaboratorTypes(5, '00');
    expect(nbSource()).toBe('x = 100\n');
    expect(branchSource()).toBe('y = 2\nx = 100\n');
    expect(view.state.doc.toString()).toBe('y = 2\nx = 100\n');
    // The collaborator's edit is not the user's suggestion.
    const change = branch.changes()[0];
    expect(change.baseSource).toBe('x = 100\n');
    expect(change.proposedSource).toBe('y = 2\nx = 100\n');
  });

  it('shows the branch on entering and the notebook on leaving', () => {
    suggesting = true;
    syncBranchBinding(view);
    type(0, '# ');
    suggesting = false;
    expect(syncBranchBinding(view)).toBe(true);
    expect(view.state.doc.toString()).toBe('x = 1\n');
    expect(boundTarget(view.state)).toBeNull();
    // A collaborator's edit made while the editor was elsewhere shows too.
    suggesting = true;
    syncBranchBinding(view);
    // (At the end: two inserts at one place, made concurrently, are ordered
    // by their random client ids.)
    collaboratorTypes(6, 'z = 0\n');
    suggesting = false;
    syncBranchBinding(view);
    expect(view.state.doc.toString()).toBe('x = 1\nz = 0\n');
    // Entering again shows the suggestion kept in the branch.
    suggesting = true;
    syncBranchBinding(view);
    expect(view.state.doc.toString()).toBe('# x = 1\nz = 0\n');
    // Back in editing mode typing edits the notebook again.
    suggesting = false;
    syncBranchBinding(view);
    type(1, '!');
    expect(nbSource()).toBe('x! = 1\nz = 0\n');
    expect(branchSource()).toBe('# x! = 1\nz = 0\n');
  });

  it("undoes in the branch cell's history", () => {
    suggesting = true;
    syncBranchBinding(view);
    type(6, 'y = 2');
    expect(branchSource()).toBe('x = 1\ny = 2');
    const undo = target() as Exclude<BranchBindingTarget, null | 'absent'>;
    undo.undo();
    expect(branchSource()).toBe('x = 1\n');
    expect(view.state.doc.toString()).toBe('x = 1\n');
    expect(nbSource()).toBe('x = 1\n');
  });

  it('makes a cell the branch deletes read-only', () => {
    branch.transactCell(null, () => branch.doc.deleteCell(0));
    suggesting = true;
    syncBranchBinding(view);
    expect(boundTarget(view.state)).toBe('absent');
    expect(view.state.readOnly).toBe(true);
    expect(nbSource()).toBe('x = 1\n');
  });
});
