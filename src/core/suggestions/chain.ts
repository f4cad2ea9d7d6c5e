import * as Y from 'yjs';

import { IChainEntry, NOTEBOOK_CELL } from './types';
import { referencedClients } from './updates';

/**
 * The recorded operations of a branch: its entries, oldest first, the
 * client id kept for each cell it edits, and what follows from them (the
 * cells touched, the base texts, the closures to accept or reject).
 *
 * Pure bookkeeping: it holds no document and emits nothing. `Branch` adds
 * the entries it records or receives and removes those an accept or a
 * reject settled, then rebuilds or invalidates what depends on them.
 */
export class Chain {
  /** The entries, oldest first. */
  get entries(): readonly IChainEntry[] {
    return this._entries;
  }

  /** Keep an entry; `own`: made by this replica (see `isOwn`). */
  add(entry: IChainEntry, own: boolean): void {
    this._entries.push(entry);
    if (own) {
      this._own.add(entry);
    }
    this._bases = null;
  }

  /** Whether an entry was made by this replica (not applied from elsewhere). */
  isOwn(entry: IChainEntry): boolean {
    return this._own.has(entry);
  }

  /** The client id kept for a cell's operations, if it has one yet. */
  clientOf(cellId: string): number | undefined {
    return this._cellClient.get(cellId);
  }

  /** Keep `client` as the cell's client, unless it has one already. */
  claim(cellId: string, client: number): void {
    if (!this._cellClient.has(cellId)) {
      this._cellClient.set(cellId, client);
    }
  }

  /**
   * Remove some entries (`gone`) and the cell clients of every client that
   * made one of them: the next edit of such a cell starts a chain of its own.
   */
  remove(gone: (entry: IChainEntry) => boolean, clients: Set<number>): void {
    this._entries = this._entries.filter(e => !gone(e));
    for (const [cell, client] of [...this._cellClient]) {
      if (clients.has(client)) {
        this._cellClient.delete(cell);
      }
    }
    this._bases = null;
  }

  /**
   * The text a branch's change of a cell started from: the notebook's text
   * of the cell when the branch first touched it, or the text of the cell
   * when the branch last moved or retyped it (recreating it as a copy).
   * Read from the oldest remaining entry that carries one, so every peer
   * that holds the same entries sees the same base.
   */
  baseSourceOf(cellId: string): string | undefined {
    if (!this._bases) {
      this._bases = new Map();
      for (const entry of this._entries) {
        for (const [id, text] of Object.entries(entry.bases ?? {})) {
          if (!this._bases.has(id)) {
            this._bases.set(id, text);
          }
        }
      }
    }
    return this._bases.get(cellId);
  }

  /** The cells the entries touched. */
  touchedCells(): Set<string> {
    const out = new Set<string>();
    for (const entry of this._entries) {
      entry.cells.forEach(c => out.add(c));
    }
    return out;
  }

  /** When the entries that touched a cell were last made, by cell. */
  lastTimeOf(cellId: string): number | null {
    const times = this._entries
      .filter(e => e.cells.includes(cellId))
      .map(e => e.time);
    return times.length ? Math.max(...times) : null;
  }

  /**
   * The entries to accept (or reject) for some cells: every client that
   * touched them, closed over the cells those clients also touched and, for
   * accepting, over the clients their operations build on (`dependencies`),
   * or, for rejecting, over the clients that build on them (`dependents`).
   */
  closure(
    cellIds: Iterable<string>,
    direction: 'dependencies' | 'dependents'
  ): { clients: Set<number>; cells: Set<string> } {
    const cells = new Set(cellIds);
    const clients = new Set<number>();
    // Notebook-level bookkeeping (the 'dirty' state JupyterLab's model sets
    // after edits) rides along with whatever client wrote it, but does not
    // link cells together: only an explicit request takes all of it.
    const add = (cell: string) => {
      if (cell !== NOTEBOOK_CELL) {
        cells.add(cell);
      }
    };
    const byClient = this._byClient();
    const refs = new Map<number, Set<number>>();
    const refsOf = (client: number) => {
      let out = refs.get(client);
      if (!out) {
        out = new Set();
        for (const entry of byClient.get(client) ?? []) {
          referencedClients(entry.update).forEach(c => {
            if (c !== client && byClient.has(c)) {
              out!.add(c);
            }
          });
        }
        refs.set(client, out);
      }
      return out;
    };
    let grew = true;
    while (grew) {
      grew = false;
      for (const [client, entries] of byClient) {
        if (clients.has(client)) {
          continue;
        }
        let take = entries.some(e => e.cells.some(c => cells.has(c)));
        if (!take && direction === 'dependents') {
          take = [...refsOf(client)].some(c => clients.has(c));
        }
        if (take) {
          clients.add(client);
          entries.forEach(e => e.cells.forEach(add));
          grew = true;
        }
      }
      if (direction === 'dependencies') {
        for (const client of [...clients]) {
          for (const dep of refsOf(client)) {
            if (!clients.has(dep)) {
              clients.add(dep);
              byClient.get(dep)!.forEach(e => e.cells.forEach(add));
              grew = true;
            }
          }
        }
      }
    }
    return { clients, cells };
  }

  /** The merged update of some clients' entries. */
  mergedUpdate(clients: Set<number>): Uint8Array {
    const updates = this._entries
      .filter(e => clients.has(e.client))
      .map(e => e.update);
    return Y.mergeUpdates(updates);
  }

  private _byClient(): Map<number, IChainEntry[]> {
    const out = new Map<number, IChainEntry[]>();
    for (const entry of this._entries) {
      let list = out.get(entry.client);
      if (!list) {
        list = [];
        out.set(entry.client, list);
      }
      list.push(entry);
    }
    return out;
  }

  private _entries: IChainEntry[] = [];
  /** The entries this replica made (see `Branch.drop`'s `keep`). */
  private _own = new WeakSet<IChainEntry>();
  private _cellClient = new Map<string, number>();
  /** Cache of `baseSourceOf`, rebuilt when the entries change. */
  private _bases: Map<string, string> | null = null;
}
