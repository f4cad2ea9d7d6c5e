import { Widget } from '@lumino/widgets';

/**
 * What the run approval dialog shows: the exact source that will run, and
 * where it comes from.
 */
export interface IRunApprovalView {
  /** The source that runs if approved: exactly this, nothing else. */
  readonly source: string;
  /** The cell's id. */
  readonly cellId: string;
  /** Its index (0-based), when known. */
  readonly index?: number;
  /** How many cells there are, when known. */
  readonly cellCount?: number;
  /**
   * The notebook's own source when it differs (the agent's suggestion
   * changed the cell), null when the notebook has no such cell, undefined
   * when it is the same.
   */
  readonly notebookSource?: string | null;
  /** Who last edited the cell, when known. */
  readonly lastEditedBy?: string;
}

/**
 * The body of the run approval dialog: the cell's position and origin, then
 * its exact source, highlighted and scrollable, and the notebook's version
 * when it differs. It renders what it is given and nothing else; the text
 * is always set as text, and highlighting only adds spans around it.
 */
export class RunApprovalBody extends Widget {
  /**
   * Create the body for one request.
   */
  constructor(options: RunApprovalBody.IOptions) {
    super();
    this.addClass('jp-coauthor-RunApproval');
    const { view, labels, highlight } = options;

    const intro = document.createElement('p');
    intro.textContent = labels.intro;
    const where = document.createElement('p');
    where.className = 'jp-coauthor-RunApproval-where';
    where.textContent = labels.where;
    this.node.append(intro, where);

    if (view.notebookSource !== undefined) {
      const differs = document.createElement('p');
      differs.className = 'jp-coauthor-RunApproval-differs';
      differs.textContent = labels.differs;
      this.node.append(differs);
    }

    this.node.append(
      codeBlock(
        view.source,
        'jp-coauthor-RunApproval-source',
        labels.sourceLabel,
        highlight
      )
    );

    if (typeof view.notebookSource === 'string') {
      const details = document.createElement('details');
      details.className = 'jp-coauthor-RunApproval-notebook';
      const summary = document.createElement('summary');
      summary.textContent = labels.notebookVersion;
      details.append(
        summary,
        codeBlock(view.notebookSource, '', labels.notebookVersion, highlight)
      );
      this.node.append(details);
    }
  }
}

/**
 * The namespace of `RunApprovalBody`.
 */
export namespace RunApprovalBody {
  /** Translated texts, made by the caller for this request. */
  export interface ILabels {
    /** What is asked, e.g. "The co-author wants to run this code:". */
    intro: string;
    /** Where the code is, e.g. "Cell 3 of 5 (id area-list), last edited by Bob". */
    where: string;
    /** Said when the notebook's version differs. */
    differs: string;
    /** The accessible name of the source block. */
    sourceLabel: string;
    /** The summary of the notebook's version. */
    notebookVersion: string;
  }

  /** The options of the body. */
  export interface IOptions {
    view: IRunApprovalView;
    labels: ILabels;
    /** Highlight `code` into `node` (which already holds it as text). */
    highlight?: (code: string, node: HTMLElement) => Promise<void>;
  }
}

/**
 * The chat header's sign that the agent may run cells without asking, with
 * the button that takes it back. Hidden while there is none.
 */
export class SessionApprovalIndicator extends Widget {
  /**
   * Create the indicator, hidden.
   */
  constructor(options: SessionApprovalIndicator.IOptions) {
    super();
    this.addClass('jp-coauthor-SessionApproval');
    this.node.setAttribute('role', 'status');
    this._text = document.createElement('span');
    this._text.className = 'jp-coauthor-SessionApproval-text';
    const revoke = document.createElement('button');
    revoke.type = 'button';
    revoke.className =
      'jp-Button jp-mod-styled jp-mod-small jp-mod-warn jp-coauthor-SessionApproval-revoke';
    revoke.textContent = options.revokeLabel;
    revoke.addEventListener('click', () => options.onRevoke());
    this.node.append(this._text, revoke);
    this.setText(null);
  }

  /** Show what is approved (null: nothing, hide). */
  setText(text: string | null): void {
    this._text.textContent = text ?? '';
    this.setHidden(!text);
  }

  private _text: HTMLElement;
}

/**
 * The namespace of `SessionApprovalIndicator`.
 */
export namespace SessionApprovalIndicator {
  /** The options of the indicator. */
  export interface IOptions {
    /** The label of the revoke button. */
    revokeLabel: string;
    /** The user takes the approval back. */
    onRevoke: () => void;
  }
}

function codeBlock(
  code: string,
  className: string,
  label: string,
  highlight: RunApprovalBody.IOptions['highlight']
): HTMLElement {
  const pre = document.createElement('pre');
  pre.className = `jp-coauthor-RunApproval-code ${className}`.trim();
  pre.tabIndex = 0; // scrollable with the keyboard
  pre.setAttribute('aria-label', label);
  const node = document.createElement('code');
  node.textContent = code;
  pre.append(node);
  if (highlight) {
    void highlight(code, node).catch(() => {
      node.textContent = code; // plain text is still exact
    });
  }
  return pre;
}
