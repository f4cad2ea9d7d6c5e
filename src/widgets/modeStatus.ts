import { Widget } from '@lumino/widgets';

/**
 * The status-bar item that says which mode the current notebook is in
 * ("Editing" or "Suggesting"). Clicking it asks to toggle the mode; the
 * plugin decides what that does.
 */
export class ModeStatus extends Widget {
  constructor(options: ModeStatus.IOptions) {
    super({ node: document.createElement('button') });
    this.addClass('jp-coauthor-ModeStatus');
    this.addClass('jp-mod-highlighted');
    this._labels = options.labels;
    this.node.setAttribute('type', 'button');
    this.node.addEventListener('click', () => options.onToggle());
    this.showMode(false);
  }

  /** Show the mode of the current notebook. */
  showMode(suggesting: boolean): void {
    // Called after every change of the suggestions: writing the same text
    // again would cost the page a style recalculation per keystroke.
    if (this._shown === suggesting) {
      return;
    }
    this._shown = suggesting;
    this.node.textContent = suggesting
      ? this._labels.suggesting
      : this._labels.editing;
    this.node.title = this._labels.title;
    this.toggleClass('jp-mod-suggesting', suggesting);
    this.node.setAttribute('aria-pressed', suggesting ? 'true' : 'false');
  }

  private _labels: ModeStatus.ILabels;
  private _shown: boolean | null = null;
}

/**
 * The namespace of `ModeStatus`.
 */
export namespace ModeStatus {
  /** Translated labels. */
  export interface ILabels {
    editing: string;
    suggesting: string;
    title: string;
  }
  /** The options of a `ModeStatus`. */
  export interface IOptions {
    labels: ILabels;
    onToggle: () => void;
  }
}
