import { YNotebook } from '@jupyter/ydoc';
import type { PartialJSONValue } from '@lumino/coreutils';
import type * as Y from 'yjs';

/**
 * The notebook metadata the kernel writes: JupyterLab's notebook panel sets
 * `kernelspec` and `language_info` from its session's kernel
 * (`NotebookPanel._updateSpec`, `_updateLanguage` in @jupyterlab/notebook
 * 4.6) into the model it shows, which in suggesting mode is the branch's.
 * They say which kernel the notebook runs, not what a person suggests.
 */
const KERNEL_KEYS: ReadonlySet<string> = new Set([
  'kernelspec',
  'language_info'
]);

/**
 * The `YNotebook` a branch is edited through. Writes of the kernel's
 * metadata go to the notebook the branch follows, as they would in editing
 * mode, and come back into the branch as the notebook's own: recorded in the
 * branch they became a suggestion of their own ("notebook metadata
 * changed" on opening a notebook in suggesting mode); left in the branch
 * unrecorded, a later recorded write of the notebook's metadata (which
 * clears and rewrites the map) would build on items the notebook never
 * receives.
 */
export class BranchNotebook extends YNotebook {
  constructor(options: BranchNotebook.IOptions) {
    super({
      disableDocumentWideUndoRedo: options.notebook.disableDocumentWideUndoRedo
    });
    this._notebook = options.notebook;
  }

  setMetadata(
    metadata: string | Record<string, unknown>,
    value?: PartialJSONValue
  ): void {
    if (typeof metadata === 'string' && KERNEL_KEYS.has(metadata)) {
      this._notebook.setMetadata(metadata as any, value as any);
      return;
    }
    super.setMetadata(metadata as any, value as any);
  }

  private _notebook: YNotebook;
}

/** The namespace of `BranchNotebook`. */
export namespace BranchNotebook {
  /** The options of a `BranchNotebook`. */
  export interface IOptions {
    /** The notebook the branch follows. */
    notebook: YNotebook;
  }
}

/**
 * Keep writes to a branch document's `state` map out of the suggestion. The
 * map (dirty, path, hash, document_id) is the notebook's session bookkeeping,
 * followed from the notebook. JupyterLab's editor binding sets `state.dirty`
 * in the transaction of every keystroke; recorded, each write of the key
 * builds on the one before, so the clients of different cells would depend on
 * each other: accepting one cell would take the others along, rejecting one
 * would drop the others. Updates from the notebook still arrive: they are
 * integrated by `Y.applyUpdate`, which does not call `set`.
 */
export function ignoreLocalState(doc: Y.Doc): void {
  const state = doc.getMap('state');
  state.set = (<V>(_key: string, value: V): V => value) as typeof state.set;
}
