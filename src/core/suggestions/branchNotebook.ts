import { YNotebook } from '@jupyter/ydoc';
import type { PartialJSONValue } from '@lumino/coreutils';

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
