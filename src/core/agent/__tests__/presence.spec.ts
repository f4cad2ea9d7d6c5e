import { YNotebook } from '@jupyter/ydoc';
import {
  applyAwarenessUpdate,
  encodeAwarenessUpdate
} from 'y-protocols/awareness';
import { AgentPeer } from '..';
import { makeNotebook } from './helpers';

// Awareness reads the time through lib0's `getUnixTime`, a copy of
// `Date.now` taken at import: route it through the (faked) Date.now so
// that fake timers move awareness's clock too.
jest.mock('lib0/time', () => {
  const actual = jest.requireActual('lib0/time');
  return { ...actual, getUnixTime: () => Date.now() };
});

describe('AgentPeer presence', () => {
  afterEach(() => jest.useRealTimers());

  it('renews its state so it does not time out, and leaves on dispose', () => {
    jest.useFakeTimers();
    const notebook = makeNotebook([{ source: '' }]);
    const peer = new AgentPeer({ notebook, name: 'm' });
    // For comparison, a collaborator's state received once, never renewed.
    const stale = new YNotebook();
    stale.awareness.setLocalState({ user: { name: 'stale' } });
    applyAwarenessUpdate(
      notebook.awareness,
      encodeAwarenessUpdate(stale.awareness, [stale.ydoc.clientID]),
      'test'
    );
    stale.dispose();
    expect(notebook.awareness.getStates().has(stale.ydoc.clientID)).toBe(true);

    jest.advanceTimersByTime(95_000);
    const states = notebook.awareness.getStates();
    expect(states.has(stale.ydoc.clientID)).toBe(false);
    expect(states.get(peer.clientId)?.user.name).toBe('m');

    peer.dispose();
    expect(notebook.awareness.getStates().has(peer.clientId)).toBe(false);
    expect(peer.replica.isDisposed).toBe(true);
    // No longer synced: the notebook goes on alone.
    const updates: Uint8Array[] = [];
    peer.replica.ydoc.on('update', (u: Uint8Array) => updates.push(u));
    notebook.cells[0].setSource('after');
    expect(updates).toHaveLength(0);
    notebook.dispose();
  });
});
