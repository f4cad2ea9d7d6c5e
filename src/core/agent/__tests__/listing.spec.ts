import { YNotebook } from '@jupyter/ydoc';
import {
  applyAwarenessUpdate,
  Awareness,
  encodeAwarenessUpdate
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { AgentPeer, AwarenessListing, readAgent, workingAgents } from '..';
import { makeNotebook } from './helpers';

/** Forward every update of one awareness into another, as a server does. */
function relay(from: Awareness, to: Awareness): void {
  from.on('update', (change: any, origin: unknown) => {
    if (origin === relay) {
      return;
    }
    const clients = [...change.added, ...change.updated, ...change.removed];
    applyAwarenessUpdate(to, encodeAwarenessUpdate(from, clients), relay);
  });
}

describe('workingAgents', () => {
  it("reads an agent's activity, cell and owner from the notebook's awareness, as a collaborator sees it", () => {
    const notebook = makeNotebook([{ source: 'x = 1' }]);
    const collaborator = new YNotebook();
    relay(notebook.awareness!, collaborator.awareness!);
    const peer = new AgentPeer({ notebook, name: 'gpt-test', owner: 'Ann' });
    // Idle agents and people are not listed.
    collaborator.awareness!.setLocalState({ user: { name: 'Bob' } });
    expect(workingAgents(collaborator.awareness)).toEqual([]);

    peer.setActivity('editing', 'c0');
    expect(workingAgents(collaborator.awareness)).toEqual([
      {
        clientId: peer.clientId,
        name: 'gpt-test',
        color: AgentPeer.defaultColor,
        activity: 'editing',
        cellId: 'c0',
        owner: 'Ann'
      }
    ]);
    peer.setActivity('idle', null);
    expect(workingAgents(collaborator.awareness)).toEqual([]);
    peer.setActivity('thinking', null);
    peer.dispose();
    expect(workingAgents(collaborator.awareness)).toEqual([]);
    notebook.dispose();
    collaborator.dispose();
  });

  it('ignores states that are not well-formed agents', () => {
    expect(readAgent(1, null)).toBeNull();
    expect(readAgent(1, { user: { name: 'Bob' } })).toBeNull();
    expect(readAgent(1, { agent: 'yes', user: {} })).toBeNull();
    expect(
      readAgent(2, { user: { name: 'm' }, agent: { activity: 'dancing' } })
    ).toMatchObject({ name: 'm', activity: 'idle', cellId: null, owner: null });
  });
});

describe('AwarenessListing', () => {
  it('shows a state in the target awareness, reaching its peers, and removes it', () => {
    const global = new Awareness(new Y.Doc());
    const remote = new Awareness(new Y.Doc());
    relay(global, remote);
    const listing = new AwarenessListing({ target: global });
    expect(remote.getStates().has(listing.clientId)).toBe(false);

    const state = {
      user: AgentPeer.identity('gpt-test'),
      current: 'notebook:a.ipynb',
      documents: ['a.ipynb']
    };
    listing.show(state);
    expect(listing.shown).toBe(true);
    expect(remote.getStates().get(listing.clientId)).toEqual(state);
    // Our own state in the target is untouched.
    expect(global.getLocalState()).toEqual({});

    listing.hide();
    expect(remote.getStates().has(listing.clientId)).toBe(false);
    listing.show(state);
    listing.dispose();
    expect(remote.getStates().has(listing.clientId)).toBe(false);
    expect(global.getStates().has(listing.clientId)).toBe(false);
    global.destroy();
    remote.destroy();
  });
});
