import { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';
import { RoomConnection } from '../connection';
import { MemoryRoom } from './memoryRoom';

/** Wait until `check` holds (the sockets deliver on later ticks). */
async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error('timed out');
    }
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

function join(room: MemoryRoom, notebook = new YNotebook()) {
  MemoryRoom.opened.push(notebook);
  const connection = new RoomConnection({
    log: process.env.ROOM_LOG ? line => console.log(line) : undefined,
    doc: notebook.ydoc,
    awareness: notebook.awareness,
    open: async () => room.connect(),
    minDelayMs: 5,
    maxDelayMs: 20
  });
  return { notebook, connection };
}

function sources(notebook: YNotebook): string[] {
  return notebook.cells.map(cell => cell.getSource());
}

beforeAll(() => MemoryRoom.quietYdocWarnings());

const connections: RoomConnection[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map(c => c.close(0)));
  MemoryRoom.disposeAll();
});

function track<T extends { connection: RoomConnection }>(peer: T): T {
  connections.push(peer.connection);
  return peer;
}

describe('RoomConnection', () => {
  it('joins a room and syncs edits both ways', async () => {
    const room = new MemoryRoom(MemoryRoom.file(['a = 1', 'b = 2']));
    const agent = track(join(room));
    await agent.connection.whenSynced();
    expect(sources(agent.notebook)).toEqual(['a = 1', 'b = 2']);

    agent.notebook.cells[0].setSource('a = 10');
    await until(() => room.notebook.cells[0].getSource() === 'a = 10');

    room.notebook.insertCell(2, { cell_type: 'markdown', source: '# end' });
    await until(() => agent.notebook.cells.length === 3);
    expect(sources(agent.notebook)).toEqual(['a = 10', 'b = 2', '# end']);
  });

  it('shows its presence in the room and removes it when leaving', async () => {
    const room = new MemoryRoom(MemoryRoom.file(['x']));
    const agent = join(room);
    agent.notebook.awareness.setLocalState({ user: { name: 'Agent' } });
    await agent.connection.whenSynced();
    const id = agent.notebook.ydoc.clientID;
    await until(() => room.states().get(id)?.user?.name === 'Agent');

    agent.notebook.awareness.setLocalState(null);
    await agent.connection.close();
    await until(() => !room.states().has(id));
    expect(agent.connection.status).toBe('closed');
  });

  it('sees the others in the room, and forgets them when offline', async () => {
    const room = new MemoryRoom(MemoryRoom.file(['x']));
    const agent = track(join(room));
    const person = track(join(room));
    person.notebook.awareness.setLocalState({ user: { name: 'Ada' } });
    await Promise.all([
      agent.connection.whenSynced(),
      person.connection.whenSynced()
    ]);
    const ada = person.notebook.ydoc.clientID;
    await until(
      () => agent.notebook.awareness.getStates().get(ada)?.user?.name === 'Ada'
    );
    room.up = false;
    room.restart({ store: true });
    await until(() => agent.connection.status !== 'synced');
    expect(agent.notebook.awareness.getStates().has(ada)).toBe(false);
  });

  it('reconnects after a drop and sends offline edits once', async () => {
    const room = new MemoryRoom(MemoryRoom.file(['a', 'b']));
    const agent = track(join(room));
    await agent.connection.whenSynced();

    room.up = false;
    room.restart({ store: true });
    await until(() => agent.connection.status !== 'synced');
    agent.notebook.insertCell(2, { cell_type: 'code', source: 'offline' });
    agent.notebook.cells[0].setSource('a!');
    // Edits of the room meanwhile (a person still connected elsewhere).
    room.notebook.cells[1].setSource('b!');
    await new Promise(resolve => setTimeout(resolve, 30));
    room.up = true;

    await until(() => agent.connection.syncCount >= 2, 3000);
    await until(() => room.notebook.cells.length === 3);
    await until(() => agent.notebook.cells[1].getSource() === 'b!');
    expect(sources(room.notebook)).toEqual(['a!', 'b!', 'offline']);
    expect(sources(agent.notebook)).toEqual(['a!', 'b!', 'offline']);
    expect(room.opened).toBeGreaterThanOrEqual(2);
  });

  it('does not merge into a room reloaded from the file (no duplicate cells)', async () => {
    const room = new MemoryRoom(MemoryRoom.file(['a', 'b']));
    const agent = track(join(room));
    await agent.connection.whenSynced();
    agent.notebook.cells[0].setSource('a saved');
    await until(() => room.notebook.cells[0].getSource() === 'a saved');

    // Restarted without a store: the same file, new item ids.
    room.restart({ store: false });
    await until(() => agent.connection.status === 'reset', 3000);

    await new Promise(resolve => setTimeout(resolve, 30));
    expect(sources(room.notebook)).toEqual(['a saved', 'b']);
    // Nor was the room's reloaded copy merged into the old replica.
    expect(sources(agent.notebook)).toEqual(['a saved', 'b']);
    await expect(agent.connection.whenSynced()).rejects.toThrow(/reset/);

    // A new doc joins the new room cleanly.
    const again = track(join(room));
    await again.connection.whenSynced();
    expect(sources(again.notebook)).toEqual(['a saved', 'b']);
  });

  it('merges offline work into a restarted room that kept its history', async () => {
    const room = new MemoryRoom(MemoryRoom.file(['a']));
    const agent = track(join(room));
    await agent.connection.whenSynced();
    room.up = false;
    room.restart({ store: true });
    await until(() => agent.connection.status !== 'synced');
    agent.notebook.cells[0].setSource('a, offline');
    room.up = true;
    await until(() => room.notebook.cells[0].getSource() === 'a, offline');
    await until(() => agent.connection.status === 'synced');
    expect(room.notebook.cells.length).toBe(1);
  });

  it('keeps retrying while the server is down', async () => {
    const room = new MemoryRoom(MemoryRoom.file(['a']));
    room.up = false;
    const agent = track(join(room));
    await new Promise(resolve => setTimeout(resolve, 60));
    expect(agent.connection.status).toBe('offline');
    expect(room.opened).toBe(0);
    // Backing off from 5 ms: a few tries, not one per tick.
    expect(room.refused).toBeGreaterThan(1);
    expect(room.refused).toBeLessThan(12);
    room.up = true;
    await agent.connection.whenSynced();
    expect(sources(agent.notebook)).toEqual(['a']);
  });

  it('two peers converge through the room', async () => {
    const room = new MemoryRoom(MemoryRoom.file(['shared']));
    const a = track(join(room));
    const b = track(join(room));
    await Promise.all([a.connection.whenSynced(), b.connection.whenSynced()]);
    a.notebook.cells[0].ysource.insert(0, 'A ');
    b.notebook.cells[0].ysource.insert(6, ' B');
    await until(
      () =>
        a.notebook.cells[0].getSource() === b.notebook.cells[0].getSource() &&
        a.notebook.cells[0].getSource().length === 10
    );
    expect(Y.encodeStateVector(a.notebook.ydoc)).toEqual(
      Y.encodeStateVector(b.notebook.ydoc)
    );
  });
});
