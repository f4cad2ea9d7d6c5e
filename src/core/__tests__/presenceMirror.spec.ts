/**
 * Collaborators' presence shown in a branch's own awareness (suggesting
 * mode shows the branch: issue 10 asks for collaborators' cursors there).
 */
import {
  applyAwarenessUpdate,
  Awareness,
  encodeAwarenessUpdate
} from 'y-protocols/awareness';
import * as Y from 'yjs';

import { mirrorPresence } from '../presenceMirror';

const opened: Awareness[] = [];
afterEach(() => opened.splice(0).forEach(a => a.destroy()));

function awareness(): Awareness {
  const out = new Awareness(new Y.Doc());
  opened.push(out);
  return out;
}

/** A remote peer's state arriving in `into`, as a provider applies it. */
function arrive(peer: Awareness, into: Awareness): void {
  applyAwarenessUpdate(
    into,
    encodeAwarenessUpdate(peer, [peer.clientID]),
    'provider'
  );
}

describe('mirrorPresence', () => {
  it("shows the notebook's collaborators in the branch, not the local user", () => {
    const notebook = awareness();
    const branch = awareness();
    const bob = awareness();
    notebook.setLocalState({ user: { name: 'Alice' } });
    bob.setLocalState({ user: { name: 'Bob' }, cursors: [] });
    arrive(bob, notebook);
    const stop = mirrorPresence(notebook, branch);
    expect(branch.getStates().get(bob.clientID)).toEqual({
      user: { name: 'Bob' },
      cursors: []
    });
    expect(branch.getStates().has(notebook.clientID)).toBe(false);

    // Updates and arrivals follow; the branch's own state stays its own.
    bob.setLocalStateField('cursors', [{ head: 1 }]);
    arrive(bob, notebook);
    expect(branch.getStates().get(bob.clientID)?.cursors).toEqual([
      { head: 1 }
    ]);
    const carol = awareness();
    carol.setLocalState({ user: { name: 'Carol' } });
    arrive(carol, notebook);
    expect(branch.getStates().has(carol.clientID)).toBe(true);
    expect(branch.getLocalState()).toEqual({});

    // A collaborator who leaves leaves the branch too; stopping removes all.
    carol.setLocalState(null);
    arrive(carol, notebook);
    expect(branch.getStates().has(carol.clientID)).toBe(false);
    stop();
    expect([...branch.getStates().keys()]).toEqual([branch.clientID]);
    bob.setLocalStateField('cursors', [{ head: 2 }]);
    arrive(bob, notebook);
    expect(branch.getStates().has(bob.clientID)).toBe(false);
  });
});
