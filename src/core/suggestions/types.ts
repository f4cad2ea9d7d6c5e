/** Who made a suggestion. */
export interface IAuthor {
  id: string;
  name: string;
  color: string;
}

/** What a change does to one cell. */
export type ChangeKind =
  'source' | 'inserted' | 'deleted' | 'moved' | 'type' | 'metadata';

/** Why a change cannot be accepted as it is. */
export type ConflictKind =
  | 'deleted-in-notebook'
  | 'rewritten-in-notebook'
  | 'recreated-in-notebook'
  | 'base-changed';

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
}

/** The result of an accept or a reject. */
export interface IReviewResult {
  cellIds: string[];
  alsoCellIds: string[];
  refused: { cellId: string; reason: string }[];
}

/** A saved source hunk: [baseStart, baseLines, proposedLines]. */
export type SavedHunk = [number, string[], string[]];

/** The saved form of one cell change. */
export interface ICellRecord {
  cellId: string;
  time: number;
  insert?: {
    after: string | null;
    cell_type: string;
    source: string;
    metadata: Record<string, unknown>;
  };
  delete?: true;
  moveAfter?: string | null;
  cellType?: string;
  metadata?: Record<string, unknown>;
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
