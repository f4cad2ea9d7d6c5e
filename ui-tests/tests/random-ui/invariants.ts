/**
 * The invariants of the randomized UI test (issue 10), checked after every
 * action:
 * - the view shows the document it claims to show: the notebook in editing
 *   mode, the user's own branch in suggesting mode, each cell widget on its
 *   cell and each editor holding its cell's text; the mode is the one the
 *   user chose, and the status bar says so;
 * - the notebook changes only by an accept or an edit in editing mode;
 * - every marker typed in suggesting mode is in its author's branch (and the
 *   change set lists its cell), or in the notebook (accepted), or was erased
 *   by an action allowed to (the author deleting it, an undo, a reject of
 *   that author's suggestion); an accept puts what it accepts into the
 *   notebook or says why not; an undo that takes accepted text out of the
 *   notebook brings the suggestion back; no marker is ever duplicated;
 * - the panel lists the change set; cell ids are unique;
 * - with a second user, both replicas agree on the notebook and the changes.
 */
import type { IEffect } from './actions';
import type { ICellState, IPageState } from './state';

/** A marker typed in suggesting mode, and what has become of it. */
export interface IMarker {
  text: string;
  /** The typist's user id (their branch's author id). */
  author: string;
  status: 'pending' | 'accepted' | 'gone';
  /** The cell it was last seen in (in the branch, or the notebook). */
  cell: string | null;
}

/** Where a marker is. */
interface IWhere {
  /** The cell of the author's branch that holds it, or null. */
  branchCell: string | null;
  /** Whether a change of the author's branch proposes it (a conflict may keep it only there). */
  inChangeSet: boolean;
  /** The notebook cell that holds it, or null. */
  notebookCell: string | null;
  /** How many times it occurs in the notebook and in the branch. */
  counts: { notebook: number; branch: number };
}

function count(cells: ICellState[], text: string): number {
  return cells.reduce((n, c) => n + c.source.split(text).length - 1, 0);
}

function locate(
  state: IPageState,
  notebook: ICellState[],
  marker: IMarker
): IWhere {
  const branch = state.branches.find(b => b.authorId === marker.author);
  const cells = branch?.cells ?? [];
  return {
    branchCell: cells.find(c => c.source.includes(marker.text))?.id ?? null,
    // A change that proposes it, or a conflict on its cell: refused with a
    // message the user sees (the panel's conflict line, the cell's label).
    inChangeSet: !!branch?.changes.some(
      c =>
        c.proposedSource.includes(marker.text) ||
        (c.conflict && c.cellId === marker.cell)
    ),
    notebookCell:
      notebook.find(c => c.source.includes(marker.text))?.id ?? null,
    counts: {
      notebook: count(notebook, marker.text),
      branch: count(cells, marker.text)
    }
  };
}

function mayErase(effect: IEffect, author: string, cell: string | null) {
  return effect.erases.some(
    e =>
      (e.author === '*' || e.author === author) &&
      (e.cells === '*' || (cell !== null && e.cells.includes(cell)))
  );
}

function sameCells(a: ICellState[], b: ICellState[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function showCells(cells: ICellState[]): string {
  return cells
    .map((c, i) => `    ${i} ${c.type} ${c.id}: ${JSON.stringify(c.source)}`)
    .join('\n');
}

/** The inputs of one check. */
export interface ICheck {
  effect: IEffect;
  /** Each user's page state before and after the action, by user id. */
  before: Map<string, IPageState>;
  after: Map<string, IPageState>;
  /** The expected mode of each user, by user id. */
  suggesting: Map<string, boolean>;
  /** The acting user's id. */
  actor: string;
  markers: IMarker[];
}

/**
 * Check the invariants; returns the violations (empty: all hold). Updates the
 * markers' status.
 */
export function checkInvariants(check: ICheck): string[] {
  const { effect, before, after, markers } = check;
  const problems: string[] = [];
  const states = [...after.values()];
  const main = states[0];
  const notebookBefore = [...before.values()][0].notebook;
  const notebook = main.notebook;

  for (const state of states) {
    const who = state.userId;
    const suggesting = check.suggesting.get(who)!;
    if (state.suggesting !== suggesting) {
      problems.push(
        `${who}: the mode is ${state.suggesting ? 'suggesting' : 'editing'}, expected ${suggesting ? 'suggesting' : 'editing'}`
      );
    }
    const label = state.suggesting ? 'Suggesting' : 'Editing';
    if (state.status !== label) {
      problems.push(
        `${who}: the status bar says "${state.status}", not "${label}"`
      );
    }
    const expected = state.suggesting ? 'own-branch' : 'notebook';
    if (state.shownIs !== expected) {
      problems.push(
        `${who}: the notebook widget shows ${state.shownIs}, not the ${expected === 'notebook' ? 'notebook' : "user's branch"}`
      );
    }
    for (const p of state.viewProblems) {
      problems.push(`${who}: the view differs from its document: ${p}`);
    }
    for (const [name, cells] of [
      ['notebook', state.notebook],
      ['shown document', state.shown]
    ] as const) {
      const ids = cells.map(c => c.id);
      if (new Set(ids).size !== ids.length) {
        problems.push(
          `${who}: duplicate cell ids in the ${name}: ${ids.join(', ')}`
        );
      }
    }
    if (
      state.panelChangeIds !== null &&
      state.panelChangeIds.join() !== state.summaryChangeIds.join()
    ) {
      problems.push(
        `${who}: the panel lists [${state.panelChangeIds.join(', ')}], the change set [${state.summaryChangeIds.join(', ')}]`
      );
    }
    if (!sameCells(state.notebook, notebook)) {
      problems.push(
        `the replicas disagree on the notebook:\n  ${main.userId}:\n${showCells(notebook)}\n  ${who}:\n${showCells(state.notebook)}`
      );
    }
    if (state.summaryChangeIds.join() !== main.summaryChangeIds.join()) {
      problems.push(
        `the replicas disagree on the changes: ${main.userId} [${main.summaryChangeIds.join(', ')}], ${who} [${state.summaryChangeIds.join(', ')}]`
      );
    }
  }

  if (!effect.changesNotebook && !sameCells(notebookBefore, notebook)) {
    problems.push(
      `the notebook changed, but the action neither accepted nor edited in editing mode:\n  before:\n${showCells(notebookBefore)}\n  after:\n${showCells(notebook)}`
    );
  }

  // What was typed now.
  const actorState = after.get(check.actor)!;
  if (effect.typed) {
    const { marker, cellId, suggesting } = effect.typed;
    if (suggesting) {
      const own = actorState.branches.find(b => b.authorId === check.actor);
      const cell = own?.cells.find(c => c.source.includes(marker));
      if (!cell) {
        problems.push(
          `${marker}, typed in suggesting mode, is not in the user's branch`
        );
      } else if (cellId && cell.id !== cellId) {
        problems.push(`${marker} landed in cell "${cell.id}", not "${cellId}"`);
      }
      if (notebook.some(c => c.source.includes(marker))) {
        problems.push(
          `${marker}, typed in suggesting mode, is in the notebook`
        );
      }
      markers.push({
        text: marker,
        author: check.actor,
        status: 'pending',
        cell: cell?.id ?? null
      });
    } else if (!notebook.some(c => c.source.includes(marker))) {
      problems.push(`${marker}, typed in editing mode, is not in the notebook`);
    }
  }

  const warned =
    actorState.warnings.length > before.get(check.actor)!.warnings.length;
  for (const marker of markers) {
    const ownerAfter = after.get(marker.author) ?? main;
    const ownerBefore = before.get(marker.author) ?? [...before.values()][0];
    const was = locate(ownerBefore, notebookBefore, marker);
    const now = locate(ownerAfter, notebook, marker);
    if (now.counts.notebook > 1 || now.counts.branch > 1) {
      problems.push(
        `${marker.text} is duplicated: ${now.counts.notebook}× in the notebook, ${now.counts.branch}× in the branch`
      );
    }
    const accepted =
      effect.accepts &&
      (effect.accepts.author === '*' ||
        effect.accepts.author === marker.author) &&
      was.branchCell !== null &&
      !was.notebookCell &&
      (effect.accepts.cells === '*' ||
        effect.accepts.cells.includes(was.branchCell));
    if (
      accepted &&
      !now.notebookCell &&
      (now.branchCell || now.inChangeSet) &&
      !warned
    ) {
      problems.push(
        `${marker.text} (in cell "${was.branchCell}") was accepted but is not in the notebook, and no message says why`
      );
    }
    marker.cell = now.branchCell ?? now.notebookCell ?? marker.cell;
    if (now.notebookCell) {
      marker.status = 'accepted';
      continue;
    }
    if (now.branchCell || now.inChangeSet) {
      if (
        now.branchCell &&
        !ownerAfter.branches
          .find(b => b.authorId === marker.author)
          ?.changes.some(c => c.cellId === now.branchCell)
      ) {
        problems.push(
          `${marker.text} is in cell "${now.branchCell}" of the branch, but the change set has no change for that cell`
        );
      }
      marker.status = 'pending';
      continue;
    }
    // Gone from everywhere.
    if (marker.status === 'pending') {
      if (!mayErase(effect, marker.author, was.branchCell)) {
        problems.push(
          `${marker.text} (suggested in cell "${was.branchCell}") is gone: not in the branch, the change set or the notebook, and no conflict says why`
        );
      }
    } else if (marker.status === 'accepted') {
      if (!effect.changesNotebook) {
        problems.push(`${marker.text} (accepted) left the notebook`);
      } else if (effect.undo === 'undo') {
        problems.push(
          `${marker.text} (accepted) left the notebook on an undo, but its suggestion did not come back`
        );
      }
    }
    marker.status = 'gone';
  }
  return problems;
}

/** Console messages that come from this extension or a crashed editor plugin. */
export function isOurs(text: string): boolean {
  return /coauthor|CodeMirror plugin crashed|EditorView\.update/i.test(text);
}
