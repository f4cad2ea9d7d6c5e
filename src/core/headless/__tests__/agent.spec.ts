import { YNotebook } from '@jupyter/ydoc';
import {
  IScriptedServer,
  startScriptedServer
} from '../../../../testing/scripted-openai-server.cjs';
import { createClient, AgentRunSettings } from '../../agent';
import { ChatModel } from '../../chat';
import { RoomConnection } from '../../room';
import { MemoryRoom } from '../../room/__tests__/memoryRoom';
import { SuggestionManager } from '../../suggestions';
import { HeadlessAgent } from '../agent';

/** Wait until `check` holds (the sockets deliver on later ticks). */
async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error('timed out');
    }
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

/** A person's browser in the room: a replica, its chat and suggestions. */
function person(room: MemoryRoom) {
  const notebook = new YNotebook({ disableDocumentWideUndoRedo: true });
  MemoryRoom.opened.push(notebook);
  notebook.awareness.setLocalState({ user: { name: 'Alice' } });
  const connection = new RoomConnection({
    doc: notebook.ydoc,
    awareness: notebook.awareness,
    open: async () => room.connect(),
    minDelayMs: 5,
    maxDelayMs: 20
  });
  const chat = new ChatModel({ notebook, save: false });
  const suggestions = new SuggestionManager({ notebook, saveDelay: 1e9 });
  const dispose = async () => {
    suggestions.dispose();
    chat.dispose();
    await connection.close(0);
  };
  return { notebook, connection, chat, suggestions, dispose };
}

const alice = { name: 'Alice', color: '#c33', id: 'alice' };

describe('HeadlessAgent in a room', () => {
  let server: IScriptedServer;
  const cleanup: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    MemoryRoom.quietYdocWarnings();
    server = await startScriptedServer();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());
  afterEach(async () => {
    for (const fn of cleanup.splice(0)) {
      await fn();
    }
    for (const room of MemoryRoom.rooms) {
      room.dispose();
    }
    MemoryRoom.disposeAll();
  });

  function start(
    room: MemoryRoom,
    name = 'Ada',
    log: string[] = []
  ): HeadlessAgent {
    const settings: AgentRunSettings = {
      baseUrl: server.baseURL,
      model: 'scripted-model',
      temperature: 0,
      editMode: 'suggest'
    };
    const agent = new HeadlessAgent({
      open: async () => room.connect(),
      name,
      color: '#7b61ff',
      settings,
      client: createClient({
        baseUrl: server.baseURL,
        apiKey: '',
        maxRetries: 0
      }),
      saveDelayMs: 10,
      connection: { minDelayMs: 5, maxDelayMs: 20 },
      log: line => log.push(line)
    });
    cleanup.push(() => agent.stop(0));
    return agent;
  }

  function join(room: MemoryRoom) {
    const peer = person(room);
    cleanup.push(peer.dispose);
    return peer;
  }

  const docstring = {
    toolCalls: [
      {
        name: 'edit_cell',
        arguments: {
          cell_id: 'cell-0',
          old_text: 'def f(x):\n',
          new_text: 'def f(x):\n    """Double x."""\n'
        }
      }
    ],
    finishReason: 'tool_calls'
  };

  it('shows in presence as JupyterLab shows a collaborator', async () => {
    const room = new MemoryRoom(
      MemoryRoom.file(['def f(x):\n    return 2 * x'])
    );
    const agent = start(room);
    await agent.whenJoined();
    const id = agent.replica.peer.clientId;
    await until(() => room.states().has(id));
    const state = room.states().get(id)!;
    expect(state.user).toEqual({
      username: 'agent:Ada',
      name: 'Ada',
      display_name: 'Ada',
      initials: 'A',
      color: '#7b61ff',
      avatar_url: null
    });
    // No person's browser runs it (`owner`, set by the page's agent).
    expect(state.agent).toEqual({
      activity: 'idle',
      cellId: null,
      owner: null
    });
    // The replica's own client shows no anonymous collaborator.
    expect(room.states().has(agent.replica.notebook.ydoc.clientID)).toBe(false);
  });

  it('answers a message addressed to it: the reply streams to others, its edit is a suggestion', async () => {
    const room = new MemoryRoom(
      MemoryRoom.file(['def f(x):\n    return 2 * x'])
    );
    const agent = start(room);
    const alicePeer = join(room);
    await Promise.all([agent.whenJoined(), alicePeer.connection.whenSynced()]);
    server.script(docstring, {
      text: ['I documented ', 'f.'],
      delayMs: 5
    });
    const ended = new Promise(resolve =>
      agent.turnEnded.connect((_, r) => resolve(r))
    );
    const lengths: number[] = [];
    alicePeer.chat.changed.connect((_, id) => {
      const m = id ? alicePeer.chat.getMessage(id) : undefined;
      if (m?.role === 'assistant' && m.body) {
        lengths.push(m.body.length);
      }
    });
    alicePeer.chat.addMessage({
      role: 'user',
      author: alice,
      body: '@ada please document f'
    });
    expect(await ended).toMatchObject({ status: 'done', steps: 2 });
    await until(() =>
      alicePeer.chat.messages.some(m => m.body === 'I documented f.')
    );
    // Streamed: Alice saw the reply grow, not arrive whole.
    expect(lengths[0]).toBeLessThan('I documented f.'.length);
    const reply = alicePeer.chat.messages.find(
      m => m.body === 'I documented f.'
    )!;
    expect(reply.author).toEqual({
      id: 'agent:Ada',
      name: 'Ada',
      color: '#7b61ff'
    });
    // The model was asked once, with Alice's message.
    expect(server.requests).toHaveLength(2);
    expect(JSON.stringify(server.requests[0].body.messages)).toContain(
      'please document f'
    );

    // Its edit is its suggestion, live in Alice's replica; not in the notebook.
    await until(() => alicePeer.suggestions.changes().length === 1);
    const [change] = alicePeer.suggestions.changes();
    expect(change.cellId).toBe('cell-0');
    const branch = alicePeer.suggestions.branches[0];
    expect(branch.author).toEqual({
      id: 'agent:Ada',
      name: 'Ada',
      color: '#7b61ff'
    });
    expect(alicePeer.notebook.cells[0].getSource()).toBe(
      'def f(x):\n    return 2 * x'
    );
    // Saved as the page saves it: records in metadata.coauthor.
    await until(
      () =>
        !!(room.notebook.getMetadata('coauthor') as any)?.suggestions?.branches
          ?.length
    );
    // Alice accepts it: the notebook has it, for everyone.
    alicePeer.suggestions.acceptBranch(branch.id);
    await until(() =>
      room.notebook.cells[0].getSource().includes('"""Double x."""')
    );
  });

  it('leaves a message addressed to another agent, and unaddressed ones, alone', async () => {
    const room = new MemoryRoom(MemoryRoom.file(['x = 1']));
    const agent = start(room, 'Ada');
    const bob = start(room, 'Bob');
    const alicePeer = join(room);
    await Promise.all([
      agent.whenJoined(),
      bob.whenJoined(),
      alicePeer.connection.whenSynced()
    ]);
    await until(() => room.states().size >= 3);
    server.script({ text: 'Bob here.' });
    const bobEnded = new Promise(resolve => bob.turnEnded.connect(resolve));
    alicePeer.chat.addMessage({
      role: 'user',
      author: alice,
      body: 'hello all'
    });
    alicePeer.chat.addMessage({ role: 'user', author: alice, body: '@Bob hi' });
    await bobEnded;
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(1);
    expect(agent.busy).toBe(false);
    await until(() =>
      alicePeer.chat.messages.some(m => m.body === 'Bob here.')
    );
  });

  it('answers a prompt given on the command line, posted as from "command line"', async () => {
    const room = new MemoryRoom(MemoryRoom.file(['x = 1']));
    const agent = start(room);
    const alicePeer = join(room);
    server.script({ text: 'Done.' });
    const result = await agent.prompt('summarize the notebook');
    expect(result.status).toBe('done');
    await until(() => alicePeer.chat.messages[1]?.body === 'Done.');
    expect(alicePeer.chat.messages.map(m => [m.author.name, m.body])).toEqual([
      ['command line', '@Ada summarize the notebook'],
      ['Ada', 'Done.']
    ]);
    expect(server.requests).toHaveLength(1);
  });

  it('stops cleanly: the running turn aborts, its presence goes, the socket closes', async () => {
    const room = new MemoryRoom(MemoryRoom.file(['x = 1']));
    const agent = start(room);
    const alicePeer = join(room);
    await Promise.all([agent.whenJoined(), alicePeer.connection.whenSynced()]);
    const id = agent.replica.peer.clientId;
    await until(() => alicePeer.notebook.awareness.getStates().has(id));
    server.script({ text: ['Working', ' on it', ' and on'], holdAfter: 3 });
    void agent.prompt('a long task');
    await until(() =>
      alicePeer.chat.messages.some(m => m.body.startsWith('Working on it'))
    );
    const connection = agent.replica.connection;
    await agent.stop(200);
    expect(connection.status).toBe('closed');
    await until(() => !alicePeer.notebook.awareness.getStates().has(id));
    expect(room.states().has(id)).toBe(false);
    // The reply was kept as far as it went, marked stopped, for everyone.
    await until(() =>
      alicePeer.chat.messages.some(
        m => m.role === 'assistant' && m.status === 'stopped'
      )
    );
    const reply = alicePeer.chat.messages.find(m => m.role === 'assistant')!;
    expect(reply.body).toBe('Working on it');
  });

  it('rejoins a room reloaded from the file: carries over what was not saved, duplicates nothing', async () => {
    const room = new MemoryRoom(
      MemoryRoom.file(['def f(x):\n    return 2 * x'])
    );
    const log: string[] = [];
    const agent = start(room, 'Ada', log);
    await agent.whenJoined();
    const first = agent.replica;
    // The file as saved before the agent's turn.
    const saved = room.notebook.toJSON();
    server.script(docstring, { text: 'Documented.' });
    await agent.prompt('@Ada document f');
    await until(
      () => room.notebook.ydoc.getArray('coauthor:chat').length === 4
    );

    room.restart({ store: false, file: saved });
    await until(() => log.some(line => line.includes('rejoined.')), 3000);
    expect(agent.replica).not.toBe(first);
    expect(log.find(line => line.includes('rejoined.'))).toBe(
      'the room was reloaded from the file; rejoined. Carried over 4 chat ' +
        'message(s) and 1 suggested cell(s) the file had not saved; nothing lost.'
    );
    const alicePeer = join(room);
    await alicePeer.connection.whenSynced();
    await until(() => alicePeer.chat.length === 4);
    // Each message once, each cell once, and the suggestion back.
    expect(new Set(alicePeer.chat.messages.map(m => m.id)).size).toBe(4);
    expect(alicePeer.notebook.cells.length).toBe(1);
    await until(() => alicePeer.suggestions.changes().length === 1);
    expect(alicePeer.suggestions.branches).toHaveLength(1);
    expect(
      alicePeer.suggestions.branches[0].doc.cells[0].getSource()
    ).toContain('"""Double x."""');
  });

  it('claims cells through presence: agents starting at once take different ones, and leave the others alone', async () => {
    const room = new MemoryRoom(
      MemoryRoom.file(['def a():\n    pass', 'def b():\n    pass', 'x = 1'])
    );
    const ada = start(room, 'Ada');
    const bob = start(room, 'Bob');
    await Promise.all([ada.whenJoined(), bob.whenJoined()]);
    const [adaCells, bobCells] = await Promise.all([
      ada.claim(/^def /m, 1, 30),
      bob.claim(/^def /m, 1, 30)
    ]);
    expect(adaCells).toHaveLength(1);
    expect(bobCells).toHaveLength(1);
    expect([...adaCells, ...bobCells].sort()).toEqual(['cell-0', 'cell-1']);
    // Everyone sees the claims in Ada's presence.
    await until(
      () =>
        room.states().get(ada.replica.peer.clientId)?.coauthor?.claims?.[0] ===
        adaCells[0]
    );
    // Ada's model tries Bob's cell: the tool refuses, nothing is suggested.
    server.script(
      {
        toolCalls: [
          {
            name: 'edit_cell',
            arguments: { cell_id: bobCells[0], source: 'def taken(): pass' }
          }
        ],
        finishReason: 'tool_calls'
      },
      { text: 'Left it to Bob.' }
    );
    await ada.prompt('edit that cell');
    const result = ada.replica.chat.messages.find(m => m.role === 'tool')!;
    expect(result.body).toContain('claimed by Bob');
    expect(ada.replica.suggestions.changes()).toHaveLength(0);
  });
});
