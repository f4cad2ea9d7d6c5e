/**
 * A cell that the view of the notebook does not hold, drawn where it
 * belongs: a cell the suggestion deletes, struck through, in the
 * suggestion's view; a cell it inserts, in the notebook's. It is a read-only
 * picture with its label and accept/reject buttons, which only forward
 * intent (`onAccept`, `onReject`).
 */

/** What a ghost cell shows. */
export interface IGhostCell {
  /** The change it stands for (`<branch id>/<cell id>`). */
  readonly changeId: string;
  /** Whether the suggestion deletes the cell or inserts it. */
  readonly kind: 'deleted' | 'inserted';
  /** Its label, already translated ("deleted cell — suggested by Ada"). */
  readonly label: string;
  /** The cell's text. */
  readonly source: string;
  /** The author's colour. */
  readonly color: string;
}

/** What a ghost cell's buttons do, and their translated labels. */
export interface IGhostCellActions {
  onAccept(changeId: string): void;
  onReject(changeId: string): void;
  labels: { accept: string; reject: string };
}

/** The class of a ghost cell's node. */
export const GHOST_CELL_CLASS = 'jp-coauthor-GhostCell';

/** Make the node of a ghost cell. */
export function createGhostCell(
  ghost: IGhostCell,
  actions: IGhostCellActions
): HTMLElement {
  const node = document.createElement('div');
  node.className = GHOST_CELL_CLASS;
  const head = document.createElement('div');
  head.className = `${GHOST_CELL_CLASS}-head`;
  const label = document.createElement('span');
  label.className = `${GHOST_CELL_CLASS}-label`;
  head.appendChild(label);
  const buttons = document.createElement('span');
  buttons.className = 'jp-coauthor-review-buttons';
  const make = (kind: 'accept' | 'reject', glyph: string) => {
    const button = document.createElement('button');
    button.className = `jp-coauthor-${kind}-button`;
    button.textContent = glyph;
    button.title = actions.labels[kind];
    button.setAttribute('aria-label', actions.labels[kind]);
    // Not a click on the cell under it: the notebook would take the
    // mousedown to select that cell.
    button.addEventListener('mousedown', event => event.stopPropagation());
    button.addEventListener('click', event => {
      event.stopPropagation();
      const id = node.dataset.changeId ?? '';
      if (kind === 'accept') {
        actions.onAccept(id);
      } else {
        actions.onReject(id);
      }
    });
    return button;
  };
  buttons.append(make('accept', '✓'), make('reject', '✗'));
  head.appendChild(buttons);
  const source = document.createElement('pre');
  source.className = `${GHOST_CELL_CLASS}-source`;
  node.append(head, source);
  updateGhostCell(node, ghost);
  return node;
}

/** Show another state of the same ghost cell in its node. */
export function updateGhostCell(node: HTMLElement, ghost: IGhostCell): void {
  node.dataset.changeId = ghost.changeId;
  node.classList.toggle('jp-mod-deleted', ghost.kind === 'deleted');
  node.classList.toggle('jp-mod-inserted', ghost.kind === 'inserted');
  node.style.setProperty('--jp-coauthor-author-color', ghost.color);
  node.setAttribute('aria-label', ghost.label);
  const label = node.querySelector(`.${GHOST_CELL_CLASS}-label`);
  if (label && label.textContent !== ghost.label) {
    label.textContent = ghost.label;
  }
  const source = node.querySelector(`.${GHOST_CELL_CLASS}-source`);
  if (source && source.textContent !== ghost.source) {
    source.textContent = ghost.source;
  }
}
