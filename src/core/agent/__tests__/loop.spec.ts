/*
 * Over 500 lines: one scenario per story of the loop, all against the one
 * scripted OpenAI-compatible server they share (set up at the top).
 */
import { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';
import {
  IScriptedServer,
  startScriptedServer
} from '../../../../testing/scripted-openai-server.cjs';
import { ChatModel } from '../../chat';
import {
  AgentLoop,
  AgentPeer,
  AgentTools,
  createClient,
  AgentRunSettings,
  readNotebookContent
} from '..';
import {
  connect,
  FakeApprover,
  FakeRunner,
  makeNotebook,
  sources
} from './helpers';

const KEY = 'sk-test-SECRET-key-4f9a2c';
const person = { name: 'Alice', color: '#c33', id: 'alice' };

/** Wait until a condition holds (polling), or fail after a while. */
async function until(check: () => boolean, ms = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) {
      throw new Error('timed out waiting');
    }
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

describe('AgentLoop against a scripted OpenAI-compatible server', () => {
  let server: IScriptedServer;
  let notebook: YNotebook;
  let peer: AgentPeer;
  let chat: ChatModel;
  let tools: AgentTools;
  let runner: FakeRunner;
  let approver: FakeApprover;
  let loop: AgentLoop;
  let settings: AgentRunSettings;

  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(() => server.close());

  beforeEach(() => {
    server.reset();
    notebook = makeNotebook([
      { source: 'import pandas as pd' },
      { source: 'df = pd.read_csv("data.csv")' }
    ]);
    peer = new AgentPeer({ notebook, name: 'scripted-model' });
    chat = new ChatModel({ notebook, saveDelay: 0 });
    runner = new FakeRunner();
    approver = new FakeApprover();
    tools = new AgentTools({
      target: peer.direct,
      notebook,
      runner,
      approver,
      presence: peer
    });
    settings = {
      baseUrl: server.baseURL,
      model: 'scripted-model',
      temperature: 0.2,
      editMode: 'direct'
    };
    loop = new AgentLoop({
      chat,
      tools,
      client: () =>
        createClient({ baseUrl: settings.baseUrl, apiKey: KEY, maxRetries: 0 }),
      settings: () => settings,
      author: { name: 'scripted-model', color: '#7c4dff', id: 'agent' },
      presence: peer
    });
  });
  afterEach(() => {
    loop.stop();
    chat.dispose();
    peer.dispose();
    notebook.dispose();
  });

  const roles = () => chat.messages.map(m => m.role);
  const last = () => chat.messages[chat.messages.length - 1];

  it('records what each tool call changed on its tool message, shared and saved', async () => {
    server.script(
      {
        toolCalls: [
          {
            id: 'e1',
            name: 'edit_cell',
            arguments: { cell_id: 'c1', source: 'df = pd.read_csv("b.csv")' }
          },
          { id: 'r1', name: 'read_cell', arguments: { cell_id: 'c0' } }
        ]
      },
      { text: 'Done.' }
    );
    await loop.send('Read b.csv instead', person);
    const results = chat.messages.filter(m => m.role === 'tool');
    expect(results.map(m => m.toolCallId)).toEqual(['e1', 'r1']);
    expect(results[0].toolEdit).toEqual({
      cells: [
        expect.objectContaining({
          id: 'c1',
          kind: 'source',
          before: 'df = pd.read_csv("data.csv")',
          after: 'df = pd.read_csv("b.csv")'
        })
      ]
    });
    expect(results[1].toolEdit).toBeUndefined();
    // Saved in the chat section and restored from it as it was.
    chat.flush();
    const reopened = makeNotebook([]);
    reopened.setMetadata('coauthor', notebook.getMetadata('coauthor')!);
    const restored = new ChatModel({ notebook: reopened, save: false });
    expect(
      restored.messages.find(m => m.toolCallId === 'e1')?.toolEdit
    ).toEqual(results[0].toolEdit);
    restored.dispose();
    reopened.dispose();
  });

  it('streams a reply into the shared document, live for a collaborator', async () => {
    // A collaborator's browser, synced with this notebook.
    const other = new YNotebook();
    const disconnect = connect(notebook.ydoc, other.ydoc);
    const theirs = new ChatModel({ notebook: other, save: false });
    const seen: string[] = [];
    theirs.changed.connect((_, id) => {
      const message = id ? theirs.getMessage(id) : undefined;
      if (message?.role === 'assistant') {
        seen.push(message.body);
      }
    });
    server.script({ text: ['Hello', ', Al', 'ice', '!'], delayMs: 2 });

    const result = await loop.send('Hi', person);

    expect(result).toEqual({ status: 'done', steps: 1 });
    expect(roles()).toEqual(['user', 'assistant']);
    expect(last()).toMatchObject({
      body: 'Hello, Alice!',
      status: 'done',
      author: { name: 'scripted-model' }
    });
    // The collaborator saw the reply grow token by token.
    expect(seen).toEqual(
      expect.arrayContaining([
        'Hello',
        'Hello, Al',
        'Hello, Alice',
        'Hello, Alice!'
      ])
    );
    expect(theirs.messages.map(m => m.body)).toEqual(['Hi', 'Hello, Alice!']);

    // What the server received: a streamed request with tools and no
    // tool_choice (vLLM rejects null), the key only in the header.
    const request = server.requests[0];
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.body.stream).toBe(true);
    expect(request.body.model).toBe('scripted-model');
    expect(request.body.temperature).toBe(0.2);
    expect('tool_choice' in request.body).toBe(false);
    expect(request.body.tools.map((t: any) => t.function.name)).toEqual(
      AgentTools.names
    );
    expect(request.body.messages[0].role).toBe('system');
    expect(request.body.messages[0].content).toMatch(/id=c1/);
    expect(request.body.messages.slice(1)).toEqual([
      { role: 'user', content: 'Hi' }
    ]);
    expect(request.rawBody).not.toContain(KEY);
    theirs.dispose();
    disconnect();
    other.dispose();
  });

  it('assembles tool calls split across chunks and runs a multi-step loop', async () => {
    approver.answers = ['once'];
    server.script(
      {
        text: 'Let me look.',
        toolCalls: [
          { id: 'call_a', name: 'list_cells', arguments: {}, split: 1 }
        ]
      },
      {
        toolCalls: [
          {
            id: 'call_b',
            name: 'edit_cell',
            arguments: {
              cell_id: 'c1',
              old_text: 'data.csv',
              new_text: 'sales.csv'
            },
            split: 7
          },
          {
            id: 'call_c',
            name: 'insert_cell',
            arguments: { source: 'df.head()', after_cell_id: 'c1' },
            split: 5
          },
          {
            id: 'call_d',
            name: 'run_cell',
            arguments: { cell_id: 'c1' },
            split: 3
          }
        ]
      },
      { text: ['Done: ', 'reads sales.csv now.'] }
    );

    const result = await loop.send('Use sales.csv and show the head', person);

    expect(result).toEqual({ status: 'done', steps: 3 });
    expect(sources(notebook)).toEqual([
      'import pandas as pd',
      'df = pd.read_csv("sales.csv")',
      'df.head()'
    ]);
    expect(runner.requests.map(r => r.cellId)).toEqual(['c1']);
    expect(roles()).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
      'tool',
      'tool',
      'tool',
      'assistant'
    ]);
    const calls = chat.messages[3].toolCalls!;
    expect(calls.map(c => [c.id, c.name])).toEqual([
      ['call_b', 'edit_cell'],
      ['call_c', 'insert_cell'],
      ['call_d', 'run_cell']
    ]);
    expect(JSON.parse(calls[0].arguments)).toEqual({
      cell_id: 'c1',
      old_text: 'data.csv',
      new_text: 'sales.csv'
    });
    // The third request carries the calls and their results, in order.
    const third = server.requests[2].body.messages;
    const assistant = third.find(
      (m: any) => m.role === 'assistant' && m.tool_calls?.length === 3
    );
    expect(assistant.tool_calls[2]).toEqual({
      id: 'call_d',
      type: 'function',
      function: { name: 'run_cell', arguments: '{"cell_id":"c1"}' }
    });
    const results = third.filter((m: any) => m.role === 'tool');
    expect(results.map((m: any) => m.tool_call_id)).toEqual([
      'call_a',
      'call_b',
      'call_c',
      'call_d'
    ]);
    expect(
      readNotebookContent(JSON.parse(results[3].content).outputs)?.text
    ).toBe('ran\n');
    expect(last().body).toBe('Done: reads sales.csv now.');
    expect(loop.busy).toBe(false);
  });

  it("keeps the agent's cursor in the cell it worked on until the turn ends", async () => {
    const seen: (string | null)[] = [];
    const record = () => {
      const state = notebook.awareness!.getStates().get(peer.clientId);
      seen.push(
        `${state?.agent?.activity}:${state?.agent?.cellId}:${state?.cursors?.length ?? 0}`
      );
    };
    notebook.awareness!.on('change', record);
    server.script(
      {
        toolCalls: [
          { id: 'r', name: 'read_cell', arguments: { cell_id: 'c1' } }
        ]
      },
      { text: ['Reading', ' done.'], delayMs: 2 }
    );
    await loop.send('What does the second cell do?', person);
    notebook.awareness!.off('change', record);
    // Thinking without a cell first; reading c1 puts the cursor there;
    // thinking again keeps it there; the end of the turn removes it.
    expect(seen).toEqual([
      'thinking:null:0',
      'reading:c1:1',
      'thinking:c1:1',
      'idle:null:0'
    ]);
  });

  it('stops in the middle of a stream, keeping what was said', async () => {
    server.script({
      text: ['Part one. ', 'Part two. ', 'never'],
      holdAfter: 3
    });
    const busy: boolean[] = [];
    loop.busyChanged.connect((_, value) => busy.push(value));
    const running = loop.send('Tell me a long story', person);
    await until(() => chat.messages[1]?.body === 'Part one. Part two. ');
    loop.stop();
    const result = await running;
    expect(result.status).toBe('stopped');
    expect(chat.messages[1]).toMatchObject({
      role: 'assistant',
      body: 'Part one. Part two. ',
      status: 'stopped'
    });
    expect(last()).toMatchObject({ role: 'notice', body: 'Stopped.' });
    expect(busy).toEqual([true, false]);

    // The conversation goes on; the stopped reply is part of the context.
    server.script({ text: 'OK.' });
    expect((await loop.send('Never mind', person)).status).toBe('done');
    expect(server.requests[1].body.messages.slice(1)).toEqual([
      { role: 'user', content: 'Tell me a long story' },
      { role: 'assistant', content: 'Part one. Part two. ' },
      { role: 'user', content: 'Never mind' }
    ]);
  });

  it('stops in the middle of a tool loop (waiting for approval)', async () => {
    approver.answers = ['wait'];
    server.script({
      toolCalls: [
        {
          id: 'call_1',
          name: 'edit_cell',
          arguments: { cell_id: 'c0', source: 'import numpy' }
        },
        { id: 'call_2', name: 'run_cell', arguments: { cell_id: 'c0' } },
        { id: 'call_3', name: 'delete_cell', arguments: { cell_id: 'c1' } }
      ]
    });
    const running = loop.send('Switch to numpy and run it', person);
    await until(() => approver.asked.length === 1);
    loop.stop();
    const result = await running;
    expect(result.status).toBe('stopped');
    // The edit before the stop stays; nothing after it happens.
    expect(sources(notebook)).toEqual([
      'import numpy',
      'df = pd.read_csv("data.csv")'
    ]);
    expect(runner.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
    expect(last().body).toBe('Stopped.');

    // Next turn: each unanswered call gets a result saying it did not run,
    // as the API requires.
    server.script({ text: 'Understood.' });
    await loop.send('Stop there', person);
    const messages = server.requests[1].body.messages;
    const results = messages.filter((m: any) => m.role === 'tool');
    expect(results.map((m: any) => m.tool_call_id)).toEqual([
      'call_1',
      'call_2',
      'call_3'
    ]);
    expect(JSON.parse(results[1].content).error).toMatch(/stopped/);
  });

  it.each([
    [401, 'auth', /refused the API key \(401\)/],
    [403, 'auth', /refused the API key \(403\)/],
    [404, 'model', /no model 'scripted-model' \(404\)/],
    [429, 'rate-limit', /rate limiting requests \(429\)/],
    [500, 'server', /failed \(500\)/],
    [503, 'server', /failed \(503\)/],
    [400, 'bad-request', /rejected the request \(400\)/]
  ])('reports HTTP %i to the user', async (status, kind, pattern) => {
    server.script({
      type: 'error',
      status,
      // Real servers echo (part of) the key: it must not reach the chat.
      message: `Problem with key ${KEY} (…${KEY.slice(-4)})`
    });
    const result = await loop.send('Hi', person);
    expect(result.status).toBe('error');
    expect(result.error?.kind).toBe(kind);
    expect(result.error?.status).toBe(status);
    expect(last().role).toBe('error');
    expect(last().body).toMatch(pattern);
    expect(last().body).toMatch(/The server said: Problem with key \[key\]/);
    expect(last().body).not.toContain(KEY.slice(-4));
    expect(chat.messages[1]).toMatchObject({
      role: 'assistant',
      status: 'error'
    });
  });

  it('reports an unreachable endpoint', async () => {
    settings = { ...settings, baseUrl: 'http://127.0.0.1:9/v1' };
    const result = await loop.send('Hi', person);
    expect(result.error?.kind).toBe('network');
    expect(last().body).toMatch(
      /Could not reach http:\/\/127\.0\.0\.1:9\/v1.*CORS/
    );
  });

  it.each([
    ['cut connection', { cutAfter: 3 }],
    ['body ended early', { endAfter: 3 }]
  ])('keeps the text of a stream cut midway (%s)', async (_, cut) => {
    server.script({ text: ['Alpha ', 'beta ', 'gamma ', 'delta'], ...cut });
    const result = await loop.send('Go', person);
    expect(result.status).toBe('error');
    expect(result.error?.kind).toBe('cut');
    expect(chat.messages[1]).toMatchObject({
      body: 'Alpha beta ',
      status: 'error'
    });
    expect(last().body).toMatch(/broke during the reply; what arrived is kept/);
  });

  it('sends malformed and unknown tool calls back to the model, which recovers', async () => {
    server.script(
      {
        toolCalls: [
          {
            id: 'bad_json',
            name: 'read_cell',
            arguments: '{"cell_id": "c0"',
            split: 2
          },
          { id: 'no_tool', name: 'format_disk', arguments: {} },
          { id: 'gone', name: 'read_cell', arguments: { cell_id: 'zzz' } }
        ]
      },
      {
        toolCalls: [
          { id: 'good', name: 'read_cell', arguments: { cell_id: 'c0' } }
        ]
      },
      { text: 'It imports pandas.' }
    );
    const result = await loop.send('What does the first cell do?', person);
    expect(result).toEqual({ status: 'done', steps: 3 });
    const results = server.requests[1].body.messages
      .filter((m: any) => m.role === 'tool')
      .map((m: any) => JSON.parse(m.content).error);
    expect(results[0]).toMatch(/not a valid JSON object/);
    expect(results[1]).toMatch(/Unknown tool 'format_disk'/);
    expect(results[2]).toMatch(/No cell has id 'zzz'/);
    expect(last().body).toBe('It imports pandas.');
  });

  it('says how to set up an endpoint when none is configured', async () => {
    settings = { ...settings, baseUrl: '', model: '' };
    const result = await loop.send('Hi', person);
    expect(result.status).toBe('not-configured');
    expect(last().role).toBe('notice');
    expect(last().body).toMatch(/needs an endpoint \(base URL\) and a model/);
    expect(last().body).toMatch(/Ollama/);
    expect(server.requests).toHaveLength(0);
  });

  it('pauses after the step limit', async () => {
    settings = { ...settings, maxSteps: 2 };
    const list = { toolCalls: [{ name: 'list_cells', arguments: {} }] };
    server.script(list, list, list);
    const result = await loop.send('Loop forever', person);
    expect(result).toEqual({ status: 'max-steps', steps: 2 });
    expect(server.requests).toHaveLength(2);
    expect(last().body).toMatch(/Paused after 2 steps/);
  });

  it('trims the oldest turns of a long conversation to the context budget', async () => {
    settings = { ...settings, contextBudget: 20000 };
    for (let i = 0; i < 40; i++) {
      chat.addMessage({
        role: 'user',
        author: person,
        body: `question ${i} ` + 'q'.repeat(1000)
      });
      chat.addMessage({
        role: 'assistant',
        author: loop.author,
        body: `answer ${i} ` + 'a'.repeat(1000)
      });
    }
    server.script({ text: 'Short answer.' });
    const result = await loop.send('The latest question', person);
    expect(result.status).toBe('done');
    const messages = server.requests[0].body.messages;
    const size = messages.reduce(
      (n: number, m: any) => n + (m.content?.length ?? 0),
      0
    );
    expect(size).toBeLessThan(20000);
    expect(messages[0].content).toMatch(
      /earlier messages of this conversation were left out/
    );
    expect(messages[messages.length - 1]).toEqual({
      role: 'user',
      content: 'The latest question'
    });
    // Whole turns go, oldest first: what is kept starts with a question.
    expect(messages[1].role).toBe('user');
    expect(messages[1].content).toMatch(/^question 3\d /);
  });

  it('shortens old tool results when one turn alone exceeds the budget', async () => {
    settings = { ...settings, contextBudget: 6000 };
    notebook.cells[0].setSource('x'.repeat(9000));
    const read = {
      toolCalls: [{ name: 'read_cell', arguments: { cell_id: 'c0' } }]
    };
    server.script(read, read, { text: 'Long cell.' });
    expect((await loop.send('Read c0 twice', person)).status).toBe('done');
    const messages = server.requests[2].body.messages;
    const size = messages.reduce(
      (n: number, m: any) =>
        n +
        (m.content?.length ?? 0) +
        JSON.stringify(m.tool_calls ?? '').length,
      0
    );
    expect(size).toBeLessThan(7000);
    expect(messages.filter((m: any) => m.role === 'tool').length).toBe(2);
  });

  it('rejects a second send while busy', async () => {
    server.script({ text: ['a', 'b'], holdAfter: 2 });
    const running = loop.send('one', person);
    await until(() => loop.busy);
    await expect(loop.send('two', person)).rejects.toThrow(/busy/);
    loop.stop();
    await running;
  });

  it('never puts the API key in the document, the saved notebook or presence', async () => {
    approver.answers = ['session'];
    server.script(
      {
        text: 'Editing.',
        toolCalls: [
          {
            name: 'edit_cell',
            arguments: { cell_id: 'c0', source: 'import polars' }
          }
        ]
      },
      { toolCalls: [{ name: 'run_cell', arguments: { cell_id: 'c0' } }] },
      {
        type: 'error',
        status: 401,
        message: `Incorrect API key provided: ${KEY}`
      }
    );
    await loop.send('Go', person);
    chat.flush();
    const everything = [
      Buffer.from(Y.encodeStateAsUpdate(notebook.ydoc)).toString('latin1'),
      JSON.stringify(notebook.toJSON()),
      JSON.stringify(notebook.ydoc.getArray('coauthor:chat').toJSON()),
      JSON.stringify([...notebook.awareness.getStates().values()])
    ].join('\n');
    expect(everything).toContain('import polars');
    expect(everything).toContain('Incorrect API key provided');
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(KEY.slice(-4));
    expect(
      (notebook.toJSON().metadata as any).coauthor.chat.messages.length
    ).toBeGreaterThan(3);
    for (const request of server.requests) {
      expect(request.rawBody).not.toContain(KEY);
      expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    }
  });
});
