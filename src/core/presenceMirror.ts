import {
  applyAwarenessUpdate,
  Awareness,
  encodeAwarenessUpdate,
  removeAwarenessStates
} from 'y-protocols/awareness';

/** The origin of the awareness updates a mirror applies. */
export const MIRRORED_PRESENCE = 'coauthor:mirrored-presence';

/**
 * Show the people of one document's awareness in another's: every state of
 * `from` but its own local one is applied to `to`, now and as it changes,
 * with the clocks `from` has (so renewals keep them from timing out in `to`,
 * and a removal removes them). Returns a function that stops the mirror and
 * removes the mirrored states from `to`.
 *
 * Suggesting mode shows the user's branch, a replica with an awareness of
 * its own: mirrored, collaborators' cursors show there too. Their cursors are
 * relative positions on the notebook's Yjs items, which the branch holds as
 * well, since it follows the notebook; in a cell the branch recreated (moved,
 * retyped), they resolve elsewhere and the cursors layer leaves them out.
 */
export function mirrorPresence(from: Awareness, to: Awareness): () => void {
  const mirrored = new Set<number>();
  const forward = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin?: unknown
  ) => {
    if (origin === MIRRORED_PRESENCE) {
      return;
    }
    const clients = [
      ...changes.added,
      ...changes.updated,
      ...changes.removed
    ].filter(id => id !== from.clientID && id !== to.clientID);
    if (!clients.length) {
      return;
    }
    for (const id of clients) {
      if (from.getStates().has(id)) {
        mirrored.add(id);
      } else {
        mirrored.delete(id);
      }
    }
    applyAwarenessUpdate(
      to,
      encodeAwarenessUpdate(from, clients),
      MIRRORED_PRESENCE
    );
  };
  forward({ added: [...from.getStates().keys()], updated: [], removed: [] });
  from.on('update', forward);
  return () => {
    from.off('update', forward);
    removeAwarenessStates(to, [...mirrored], MIRRORED_PRESENCE);
    mirrored.clear();
  };
}
