import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { TranslationBundle } from '@jupyterlab/translation';

import type {
  IApprovalOptions,
  IRunApprover,
  IRunRequest,
  RunApproval
} from '../core/agent';
import { RunApprovalBody } from '../widgets/runApproval';

/**
 * Asks the user in this browser, each time, whether the agent may run a
 * cell: a dialog with the exact source that will run, its position and who
 * last edited it, and whether it differs from the notebook's version.
 * Answers: once, for the rest of the session (unless the setting forbids
 * offering it), or not at all.
 */
export class DialogRunApprover implements IRunApprover {
  constructor(options: DialogRunApprover.IOptions) {
    this._options = options;
  }

  async approve(
    request: IRunRequest,
    options: IApprovalOptions = { offerSession: false }
  ): Promise<RunApproval> {
    const { trans, languages } = this._options;
    const body = new RunApprovalBody({
      view: request,
      labels: Private.labels(trans, request),
      highlight: languages
        ? (code, node) =>
            Private.highlight(languages, this._options.language(), code, node)
        : undefined
    });
    const buttons = [
      Dialog.cancelButton({ label: trans.__('Deny'), actions: ['deny'] }),
      ...(options.offerSession
        ? [
            Dialog.okButton({
              label: trans.__('Allow for this session'),
              displayType: 'default',
              actions: ['session']
            })
          ]
        : []),
      Dialog.okButton({ label: trans.__('Run once'), actions: ['once'] })
    ];
    const result = await showDialog({
      title: trans.__('Run this code?'),
      body,
      buttons,
      defaultButton: buttons.length - 1
    });
    if (!result.button.accept) {
      return 'deny';
    }
    return result.button.actions.includes('session') ? 'session' : 'once';
  }

  private _options: DialogRunApprover.IOptions;
}

/**
 * The namespace of `DialogRunApprover`.
 */
export namespace DialogRunApprover {
  /** The options of the approver. */
  export interface IOptions {
    trans: TranslationBundle;
    /** Highlights the source, when available. */
    languages?: IEditorLanguageRegistry | null;
    /** The notebook's language (its kernel's), e.g. `python`. */
    language: () => string;
  }
}

namespace Private {
  /** The dialog's texts for one request. */
  export function labels(
    trans: TranslationBundle,
    request: IRunRequest
  ): RunApprovalBody.ILabels {
    const position =
      request.index !== undefined && request.cellCount !== undefined
        ? trans.__(
            'Cell %1 of %2 (id %3)',
            request.index + 1,
            request.cellCount,
            request.cellId
          )
        : trans.__('Cell id %1', request.cellId);
    return {
      intro: request.inNotebook
        ? trans.__(
            'The co-author wants to run this code, which is the notebook’s cell as it is now. Exactly this code runs; if anyone changes the cell before it runs, nothing runs.'
          )
        : trans.__(
            'The co-author wants to run this code from its suggestion. Exactly this code runs; its outputs go to the co-author only.'
          ),
      where: request.lastEditedBy
        ? trans.__('%1, last edited by %2', position, request.lastEditedBy)
        : position,
      differs:
        request.notebookSource === null
          ? trans.__(
              'This cell is not in the notebook: it is a new cell of the co-author’s suggestion.'
            )
          : trans.__(
              'This differs from the notebook’s version of the cell (the co-author’s suggestion changed it).'
            ),
      sourceLabel: trans.__('The code that will run'),
      notebookVersion: trans.__('The notebook’s version')
    };
  }

  /**
   * Highlight `code` with JupyterLab's own highlighter into `node`, only if
   * the highlighted text is exactly the code (it always should be).
   */
  export async function highlight(
    languages: IEditorLanguageRegistry,
    language: string,
    code: string,
    node: HTMLElement
  ): Promise<void> {
    const spec = languages.findBest(language || 'python');
    const scratch = document.createElement('code');
    await languages.highlight(code, spec, scratch);
    if (scratch.textContent === code) {
      node.replaceChildren(...Array.from(scratch.childNodes));
    }
  }
}
