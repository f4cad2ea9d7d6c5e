import type { YNotebook } from '@jupyter/ydoc';
import type * as Y from 'yjs';

/** Who made a suggestion. */
export interface IAuthor {
  id: string;
  name: string;
  color: string;
}

/** What a change does to one cell. */
export type ChangeKind =
  | 'source'
  | 'inserted'
  | 'deleted'
  | 'moved'
  | 'type'
  | 'metadata'
  | 'notebook-metadata';

/** Why a change cannot be accepted as it is. */
export type ConflictKind =
  | 'deleted-in-notebook'
  | 'rewritten-in-notebook'
  | 'recreated-in-notebook'
  | 'base-changed'
  | 'anchor-missing';

/** A source edit, as a hunk of lines. */
export interface IHunk {
  baseStart: number;
  baseLines: string[];
  proposedStart: number;
  proposedLines: string[];
  baseFrom: number;
  baseTo: number;
  proposedFrom: number;
  proposedTo: number;
}

/** The change one suggestion makes to one cell. */
export interface ICellChange {
  id: string;
  branchId: string;
  cellId: string;
  author: IAuthor;
  time: number;
  kinds: ChangeKind[];
  baseIndex: number | null;
  proposedIndex: number | null;
  baseSource: string;
  proposedSource: string;
  hunks: IHunk[];
  type?: { base: string; proposed: string };
  staleCopy?: boolean;
  conflict?: ConflictKind;
  /**
   * The metadata keys the change sets (to a new value) and removes: of the
   * cell's metadata, or, for the notebook change (`cellId` `__notebook__`,
   * kind `notebook-metadata`), of the notebook's (less `coauthor`).
   */
  metadata?: { set: string[]; removed: string[] };
  /** The nbformat version the notebook change proposes, when it changes it. */
  nbformat?: { base: [number, number]; proposed: [number, number] };
}

/** The result of an accept or a reject. */
export interface IReviewResult {
  cellIds: string[];
  alsoCellIds: string[];
  refused: { cellId: string; reason: string }[];
}

/** A saved source hunk: [baseStart, baseLines, proposedLines]. */
export type SavedHunk = [number, string[], string[]];

/**
 * How a saved record finds a cell of the notebook when its id is not there
 * (a notebook below nbformat 4.5 saved by another tool, whose ids JupyterLab
 * regenerates at each load): the hash of the cell's source and type, and of
 * its neighbours' (null at either end of the notebook). See locate.ts.
 */
export interface ICellLocator {
  hash: string;
  before: string | null;
  after: string | null;
}

/** The saved form of one cell change (format version 2; see docs/branches.md). */
export interface ICellRecord {
  cellId: string;
  time: number;
  /** Where the cell was in the notebook when saved (v2; not on inserts). */
  locate?: ICellLocator;
  insert?: {
    after: string | null;
    /** Where the anchor cell was, when it is a cell of the notebook (v2). */
    afterLocate?: ICellLocator;
    cell_type: string;
    source: string;
    metadata: Record<string, unknown>;
  };
  delete?: true;
  moveAfter?: string | null;
  /** Where the anchor of a move was, when it is a cell of the notebook (v2). */
  moveAfterLocate?: ICellLocator;
  cellType?: string;
  /** The cell's metadata as the suggestion has it. */
  metadata?: Record<string, unknown>;
  /** The metadata keys the suggestion removes (v2). */
  metadataRemoved?: string[];
  /**
   * The notebook-level change (`cellId` `__notebook__`, v2): its metadata as
   * the suggestion has it (less `coauthor`), the keys it removes, and the
   * nbformat version it proposes.
   */
  notebook?: {
    metadata: Record<string, unknown>;
    removed: string[];
    nbformat?: [number, number];
  };
  source?: { baseHash: string; hunks: SavedHunk[] };
  conflict?: ConflictKind;
}

/** The saved form of one branch. */
export interface IBranchRecord {
  id: string;
  author: IAuthor;
  created: number;
  cells: ICellRecord[];
}

/** The section `suggestions` of `metadata.coauthor`. */
export interface ISuggestionsSection {
  branches: IBranchRecord[];
}

/** The pseudo cell id under which notebook-level changes are filed. */
export const NOTEBOOK_CELL = '__notebook__';

/**
 * One recorded transaction of a branch: the exact CRDT update it made, the
 * client id it made it under, and the cells it touched.
 */
export interface IChainEntry {
  /** The client id of the operations (one per edited cell, or per structural edit). */
  client: number;
  /** The nbformat ids of the cells the transaction touched. */
  cells: string[];
  /** The Yjs update of the transaction. */
  update: Uint8Array;
  /** When it was made (ms since the epoch). */
  time: number;
  /**
   * The text of the cells this entry touched first, as the branch saw them
   * before its edit. Peers that apply the entry later may no longer have
   * that text in their notebook (edited or deleted meanwhile), and the base
   * decides which changes are conflicts: it must be the same everywhere.
   */
  bases?: Record<string, string>;
}

/**
 * What the change set, the saved records and the replay read of a branch,
 * and nothing else: they are functions of this state (changeset.ts,
 * records.ts, replay.ts), never call back into the branch, and import no
 * class. `Branch` implements it.
 */
export interface IBranchState {
  /** The branch's id. */
  readonly id: string;
  /** Who suggests. */
  readonly author: IAuthor;
  /** When the branch was created (ms since the epoch). */
  readonly created: number;
  /** The notebook the branch forks. */
  readonly notebook: YNotebook;
  /** The branch's document as it is now. */
  readonly ydoc: Y.Doc;
  /** The recorded chain entries, oldest first. */
  readonly entries: readonly IChainEntry[];
  /** The text a change of a cell started from (see `Chain.baseSourceOf`). */
  baseSourceOf(cellId: string): string | undefined;
  /** The cells the branch's operations touched. */
  touchedCells(): ReadonlySet<string>;
  /** Saved records that could not be replayed, by cell id. */
  readonly replayConflicts: ReadonlyMap<string, ICellRecord>;
}

/**
 * Where a replay makes its edits: the branch's `YNotebook`, and a way to
 * run edits of it attributed to the chain of a cell (`null`: a structural
 * edit).
 */
export interface IBranchEditTarget {
  /** The branch as a `YNotebook`. */
  readonly doc: YNotebook;
  /** Run edits of `doc` in the chain of cell `cellId`. */
  transactCell(cellId: string | null, fn: () => void): void;
}
