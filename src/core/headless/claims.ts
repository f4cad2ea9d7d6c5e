import type { IEditTarget } from '../agent';

/**
 * Cells claimed through awareness: several agents sharing one task (say,
 * each documents a quarter of the functions) divide the cells without a
 * lock or a server of their own. Each publishes the ids of the cells it
 * took in its awareness state, under `coauthor.claims`; the others skip
 * them when they choose, and their tools refuse to edit them. Two agents
 * that took the same cell at the same moment both see it: the one with the
 * lower Yjs client id keeps it, the other lets it go and chooses again, so
 * the claims converge, as everything else in the room does.
 */

/** The awareness field of the claims: `{ coauthor: { claims: [...] } }`. */
export const CLAIMS_FIELD = 'coauthor';

/** Who claims each cell, from the room's awareness states. */
export function claimsIn(
  states: ReadonlyMap<number, Record<string, any>>
): Map<string, { clientId: number; name: string }> {
  const claims = new Map<string, { clientId: number; name: string }>();
  const clients = [...states.keys()].sort((a, b) => a - b);
  for (const clientId of clients) {
    const state = states.get(clientId);
    const cells = state?.[CLAIMS_FIELD]?.claims;
    if (!Array.isArray(cells)) {
      continue;
    }
    const name = String(state?.user?.name ?? clientId);
    for (const cellId of cells) {
      // Lowest client id first: it keeps a cell two agents took.
      if (typeof cellId === 'string' && !claims.has(cellId)) {
        claims.set(cellId, { clientId, name });
      }
    }
  }
  return claims;
}

/**
 * The cells an agent takes: of the cells whose source matches `pattern`, in
 * notebook order, those no other agent claims, up to `count`; the cells it
 * holds already come first (and stay, unless another agent with a lower id
 * claims them too).
 */
export function chooseClaims(options: {
  cells: ReadonlyArray<{ id: string; source: string }>;
  pattern: RegExp;
  count: number;
  self: number;
  held: readonly string[];
  states: ReadonlyMap<number, Record<string, any>>;
}): string[] {
  const claims = claimsIn(options.states);
  const free = (id: string) => {
    const owner = claims.get(id);
    return !owner || owner.clientId === options.self;
  };
  const matching = options.cells.filter(cell =>
    options.pattern.test(cell.source)
  );
  const ids = new Set(matching.map(cell => cell.id));
  const kept = options.held.filter(id => ids.has(id) && free(id));
  const chosen = [...kept];
  for (const cell of matching) {
    if (chosen.length >= options.count) {
      break;
    }
    if (!chosen.includes(cell.id) && free(cell.id)) {
      chosen.push(cell.id);
    }
  }
  return chosen.slice(0, Math.max(0, options.count));
}

/**
 * An edit target that refuses to edit a cell another agent claims: the tool
 * call fails before anything is applied, and the model is told whose it is.
 * Structural edits (cellId null) and people's edits are not affected.
 */
export function respectingClaims(
  target: IEditTarget,
  claimedByOther: (cellId: string) => string | null
): IEditTarget {
  return {
    get notebook() {
      return target.notebook;
    },
    transact(cellId: string | null, fn: () => void): void {
      const owner = cellId ? claimedByOther(cellId) : null;
      if (owner) {
        throw new Error(
          `cell '${cellId}' is claimed by ${owner}, another agent working on it; leave it to them.`
        );
      }
      target.transact(cellId, fn);
    }
  };
}
