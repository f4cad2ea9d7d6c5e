import { YNotebook } from '@jupyter/ydoc';
import {
  applyAwarenessUpdate,
  encodeAwarenessUpdate
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { firstItemOf } from '../../internals/yjs';
import { AgentPeer, AgentTools } from '..';
import { connect, makeNotebook, sources } from './helpers';

describe('AgentPeer', () => {
  const cleanup: { dispose(): void }[] = [];
  afterEach(() => {
    cleanup
      .splice(0)
      .reverse()
      .forEach(x => x.dispose());
    jest.useRealTimers();
  });
  function join(notebook: YNotebook, name = 'qwen2.5-coder:7b'): AgentPeer {
    const peer = new AgentPeer({ notebook, name, color: '#aa00ff' });
    cleanup.push(peer);
    return peer;
  }

  it('has its own replica and client id, synced both ways by updates', () => {
    const notebook = makeNotebook([{ source: 'a = 1' }, { source: 'b = 2' }]);
    cleanup.push(notebook);
    const peer = join(notebook);
    expect(peer.clientId).not.toBe(notebook.ydoc.clientID);
    expect(sources(peer.replica)).toEqual(['a = 1', 'b = 2']);

    // A person's edit reaches the replica.
    notebook.cells[0].setSource('a = 10');
    expect(sources(peer.replica)).toEqual(['a = 10', 'b = 2']);

    // The agent's edit reaches the notebook, from the agent's client id
    // and with the peer as origin.
    const origins: unknown[] = [];
    notebook.ydoc.on('afterTransaction', (t: Y.Transaction) => {
      // (the notebook's cell models also open empty transactions)
      if (t.changed.size > 0) {
        origins.push(t.origin);
      }
    });
    peer.replica.cells[1].setSource('b = 20');
    expect(sources(notebook)).toEqual(['a = 10', 'b = 20']);
    expect(origins).toEqual([peer]);
    const ytext = notebook.cells[1].ysource;
    const item = firstItemOf(ytext);
    const clients = new Set<number>();
    for (let i: Y.Item | null = item; i; i = i.right as Y.Item | null) {
      if (!i.deleted) {
        clients.add(i.id.client);
      }
    }
    expect([...clients]).toEqual([peer.clientId]);
  });

  it('converges with a person editing the same notebook at once', () => {
    // Two browsers: the person's notebook and a collaborator's, joined by a
    // "server"; the agent joins the collaborator's.
    const person = makeNotebook([{ source: 'x = 1\ny = 2' }, { source: 'z' }]);
    const host = new YNotebook();
    cleanup.push(person, host);
    const disconnect = connect(person.ydoc, host.ydoc);
    const peer = join(host);
    const tools = new AgentTools({ target: peer.direct });

    // Offline at the same time: both edit the same cell and the structure.
    disconnect();
    person.cells[0].ysource.insert(0, '# person\n');
    person.insertCell(2, { cell_type: 'markdown', source: 'by person' });
    const edits = [
      tools.execute({
        name: 'edit_cell',
        arguments: JSON.stringify({
          cell_id: 'c0',
          old_text: 'y = 2',
          new_text: 'y = 3'
        })
      }),
      tools.execute({
        name: 'insert_cell',
        arguments: JSON.stringify({ source: 'by agent', after_cell_id: 'c1' })
      })
    ];
    return Promise.all(edits).then(results => {
      expect(results.every(r => r.ok)).toBe(true);
      const reconnect = connect(person.ydoc, host.ydoc);
      expect(sources(person)).toEqual(sources(host));
      expect(sources(person)).toEqual(sources(peer.replica));
      expect(sources(person)[0]).toBe('# person\nx = 1\ny = 3');
      expect(sources(person)).toContain('by person');
      expect(sources(person)).toContain('by agent');
      reconnect();
    });
  });

  it('appears in the notebook awareness with a name, colour and cursor', () => {
    const notebook = makeNotebook([{ source: 'print(1)' }]);
    cleanup.push(notebook);
    const peer = join(notebook, 'gpt-4o-mini');
    const state = notebook.awareness.getStates().get(peer.clientId)!;
    expect(state.user).toEqual({
      username: 'agent:gpt-4o-mini',
      name: 'gpt-4o-mini',
      display_name: 'gpt-4o-mini',
      initials: 'G4',
      color: '#aa00ff',
      avatar_url: null
    });

    peer.setActivity('editing', 'c0', 5);
    const after = notebook.awareness.getStates().get(peer.clientId)!;
    expect(after.activeCellId).toBe('c0');
    expect(after.agent).toEqual({
      activity: 'editing',
      cellId: 'c0',
      owner: null
    });
    // The cursor is a relative position that resolves in the notebook's
    // own document, in the cell's text, as JupyterLab's cursors read it.
    const cursor = JSON.parse(JSON.stringify(after.cursors[0]));
    const head = Y.createAbsolutePositionFromRelativePosition(
      Y.createRelativePositionFromJSON(cursor.head),
      notebook.ydoc
    )!;
    expect(head.type).toBe(notebook.cells[0].ysource);
    expect(head.index).toBe(5);
  });

  it("has a cursor that collaborators read like anyone else's, also at the end of a cell", () => {
    // Two browsers, as with jupyter-collaboration: the agent joins one, and
    // its awareness state reaches the other over the wire (JSON). There,
    // jupyter-collaboration's cursors pass the received positions straight
    // to `createAbsolutePositionFromRelativePosition`, without
    // `createRelativePositionFromJSON`: the position must carry every field
    // of a `Y.RelativePosition` (`item: null` at the end of a text).
    const host = makeNotebook([{ source: 'print(1)' }, { source: '' }]);
    const other = new YNotebook();
    cleanup.push(host, other);
    const disconnect = connect(host.ydoc, other.ydoc);
    const peer = join(host);
    const forward = () =>
      applyAwarenessUpdate(
        other.awareness,
        encodeAwarenessUpdate(host.awareness, [peer.clientId]),
        'wire'
      );
    const readHead = (cellIndex: number) => {
      const state = other.awareness.getStates().get(peer.clientId)!;
      const head = Y.createAbsolutePositionFromRelativePosition(
        state.cursors[0].head,
        other.ydoc
      )!;
      expect(head.type).toBe(other.cells[cellIndex].ysource);
      return head.index;
    };

    // At the end of a cell (where edit tools put it), in an empty cell, and
    // inside a cell.
    peer.setActivity('editing', 'c0');
    forward();
    expect(readHead(0)).toBe('print(1)'.length);
    peer.setActivity('editing', 'c1');
    forward();
    expect(readHead(1)).toBe(0);
    peer.setActivity('reading', 'c0', 3);
    forward();
    expect(readHead(0)).toBe(3);
    disconnect();
  });
});
