import type { YNotebook } from '@jupyter/ydoc';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

/**
 * Who made an edit: a name from the notebook's awareness, and whether it
 * was the agent itself.
 */
export interface IEditor {
  /** The display name, e.g. `Bob`. */
  readonly name: string;
  /** Whether the agent made it. */
  readonly self: boolean;
}

/**
 * The author of one Yjs transaction, as honestly as it can be told: the
 * single client whose clock moved in it (that client wrote the new items),
 * named by its awareness state while that peer is present. Null when it
 * cannot be told: a transaction that only deleted (deletions carry no
 * client), one that brought several clients' items at once (the initial
 * sync, a reconnection), or a client with no name in awareness.
 *
 * `localName` names this browser's own transactions when awareness has no
 * user (JupyterLab without collaboration).
 */
export function transactionAuthor(
  transaction: Y.Transaction,
  awareness: Awareness | null | undefined,
  localName?: string
): { clientId: number; name: string } | null {
  const moved: number[] = [];
  transaction.afterState.forEach((clock, client) => {
    if (clock > (transaction.beforeState.get(client) ?? 0)) {
      moved.push(client);
    }
  });
  if (moved.length !== 1) {
    return null;
  }
  const clientId = moved[0];
  const user = awareness?.getStates().get(clientId)?.user;
  const name = user?.display_name || user?.name;
  if (typeof name === 'string' && name) {
    return { clientId, name };
  }
  if (transaction.local && clientId === transaction.doc.clientID && localName) {
    return { clientId, name: localName };
  }
  return null;
}

/**
 * The last editor of each cell's source, as this browser saw the edits
 * arrive since the tracker started (`transactionAuthor` for each
 * transaction that changed a source). An edit whose author cannot be told
 * makes the cell's last editor unknown again rather than leaving the
 * previous name: "unknown" is honest, a stale name is not.
 */
export class CellEditors {
  /**
   * Start following a notebook.
   */
  constructor(options: CellEditors.IOptions) {
    this._notebook = options.notebook;
    this._agentClientId = options.agentClientId ?? null;
    this._localName = options.localName ?? (() => undefined);
    this._notebook.ydoc.on('afterTransaction', this._onTransaction);
  }

  /** Who made the last edit of a cell's source, or null when unknown. */
  lastEditor(cellId: string): IEditor | null {
    return this._editors.get(cellId) ?? null;
  }

  /** Stop following the notebook. */
  dispose(): void {
    this._notebook.ydoc.off('afterTransaction', this._onTransaction);
    this._editors.clear();
  }

  private _onTransaction = (transaction: Y.Transaction): void => {
    let author: IEditor | null | undefined;
    transaction.changed.forEach((_, type) => {
      // A cell's source is a Y.Text whose parent is the cell's map.
      const cell = type instanceof Y.Text ? type.parent : null;
      if (!(cell instanceof Y.Map) || cell.get('source') !== type) {
        return;
      }
      const id = cell.get('id');
      if (typeof id !== 'string') {
        return;
      }
      if (author === undefined) {
        const found = transactionAuthor(
          transaction,
          this._notebook.awareness,
          this._localName()
        );
        author = found && {
          name: found.name,
          self: found.clientId === this._agentClientId
        };
      }
      if (author) {
        this._editors.set(id, author);
      } else {
        this._editors.delete(id);
      }
    });
  };

  private _notebook: YNotebook;
  private _agentClientId: number | null;
  private _localName: () => string | undefined;
  private _editors = new Map<string, IEditor>();
}

/**
 * The namespace of `CellEditors`.
 */
export namespace CellEditors {
  /** The options of the tracker. */
  export interface IOptions {
    /** The notebook (its own document, not the agent's replica or branch). */
    notebook: YNotebook;
    /** The agent's Yjs client id, to tell its own edits. */
    agentClientId?: number;
    /** This browser's user, for its edits when awareness has no name. */
    localName?: () => string | undefined;
  }
}
