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
