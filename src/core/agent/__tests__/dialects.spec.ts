import type { YNotebook } from '@jupyter/ydoc';
import {
  IScriptedServer,
  startScriptedServer
} from '../../../../testing/scripted-openai-server.cjs';
import {
  DialectName,
  dialects,
  recorded
} from '../../../../testing/dialects/index.cjs';
import { ChatModel } from '../../chat';
import { SuggestionManager } from '../../suggestions';
import {
  AgentLoop,
  AgentPeer,
  AgentTools,
  branchTarget,
  createClient,
  AgentRunSettings
} from '..';
import { makeNotebook, sources } from './helpers';

const person = { name: 'Alice', color: '#c33', id: 'alice' };
const ORIGINAL = ['import pandas as pd', 'df = pd.read_csv("data.csv")'];

/**
 * The agent's loop in suggest mode through the recorded dialects of real
 * servers (testing/dialects/, each response with its source): the answer in
 * order, every tool call run exactly once, reasoning kept apart from the
 * answer and sent back only where the server requires it, every error in
 * words, and nothing of a failed reply applied.
 */
describe('AgentLoop through the dialects of real servers', () => {
  let server: IScriptedServer;
  let notebook: YNotebook;
  let manager: SuggestionManager;
  let peer: AgentPeer;
  let chat: ChatModel;
  let tools: AgentTools;
  let loop: AgentLoop;

  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(() => server.close());

  beforeEach(() => {
    server.reset();
    notebook = makeNotebook(ORIGINAL.map(source => ({ source })));
    manager = new SuggestionManager({ notebook, saveDelay: 0 });
    peer = new AgentPeer({ notebook, name: 'model' });
    const branch = manager.branchFor({
      id: peer.identity.username,
      name: peer.identity.display_name,
      color: peer.identity.color
    });
    chat = new ChatModel({ notebook, saveDelay: 0 });
    tools = new AgentTools({ target: branchTarget(branch), notebook });
    const settings: AgentRunSettings = {
      baseUrl: server.baseURL,
      model: 'model',
      temperature: 0,
      editMode: 'suggest'
    };
    loop = new AgentLoop({
      chat,
      tools,
      client: () =>
        createClient({ baseUrl: server.baseURL, apiKey: '', maxRetries: 0 }),
      settings,
      author: { name: 'model', color: '#7c4dff', id: 'agent' }
    });
  });
  afterEach(() => {
    loop.stop();
    chat.dispose();
    peer.dispose();
    manager.dispose();
    notebook.dispose();
  });

  const suggested = () => sources(tools.target.notebook);
  const of = (role: string) => chat.messages.filter(m => m.role === role);
  const last = () => chat.messages[chat.messages.length - 1];
  const sent = (request: number) => server.requests[request].body.messages;
  const toolResults = () => of('tool').map(m => JSON.parse(m.body));

  /** Both edits of the two-call replies, each made once. */
  const EDITED = [
    'import pandas as pd',
    'df = pd.read_csv("sales.csv")',
    'df.head()'
  ];

  it('replays every recorded body byte for byte, with its source named', async () => {
    for (const [dialect, recording] of Object.entries(dialects)) {
      expect(recording.sources.length).toBeGreaterThan(0);
      for (const [name, response] of Object.entries(recording.responses)) {
        expect(response.source).toBeTruthy();
        server.script(recorded(dialect as DialectName, name));
        const reply = await fetch(`${server.baseURL}/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({ model: 'model', messages: [], stream: true })
        });
        expect(reply.status).toBe(response.status);
        const bytes = Buffer.from(await reply.arrayBuffer());
        const expected = Buffer.from(
          response.chunks ? response.chunks.join('') : response.body!
        );
        expect(bytes.equals(expected)).toBe(true);
      }
    }
  });

  describe('DeepSeek (thinking mode)', () => {
    it('keeps the reasoning apart and passes it back within the tool-calling turn', async () => {
      server.script(
        recorded('deepseek', 'toolTurn'),
        recorded('deepseek', 'answerTurn')
      );
      const result = await loop.send('Use sales.csv', person);

      expect(result).toEqual({ status: 'done', steps: 2 });
      expect(suggested()).toEqual([
        ORIGINAL[0],
        'df = pd.read_csv("sales.csv")'
      ]);
      expect(sources(notebook)).toEqual(ORIGINAL);
      const [calling, answer] = of('assistant');
      expect(calling).toMatchObject({
        body: '',
        reasoning: 'The user wants sales.csv. Cell c1 reads data.csv; edit it.',
        reasoningSource: 'reasoning_content'
      });
      expect(calling.reasoningMs).toBeGreaterThanOrEqual(0);
      expect(answer).toMatchObject({
        body: 'Cell c1 now reads sales.csv.',
        reasoning: 'The edit is in the suggestion.'
      });
      // The second request carries the first reply's reasoning, as the
      // thinking-mode guide requires of a tool-calling message.
      const back = sent(1).find((m: any) => m.role === 'assistant');
      expect(back.reasoning_content).toBe(calling.reasoning);
      expect(back.tool_calls[0].id).toBe('call_00_k3Jd8sPqT2vXw9YbLm4n');

      // A later turn: the answer's reasoning is not sent, the tool-calling
      // message's still is.
      server.script(recorded('deepseek', 'answerTurn'));
      await loop.send('Thanks', person);
      const assistants = sent(2).filter((m: any) => m.role === 'assistant');
      expect(assistants.map((m: any) => m.reasoning_content)).toEqual([
        calling.reasoning,
        undefined
      ]);
      expect(server.requests[2].rawBody).not.toContain(
        'The edit is in the suggestion.'
      );
    });

    it('reports its 400 for a missing reasoning_content in words', async () => {
      server.script(recorded('deepseek', 'missingReasoning400'));
      const result = await loop.send('Go on', person);
      expect(result.error?.kind).toBe('bad-request');
      expect(last().body).toMatch(
        /rejected the request \(400\).*Missing `reasoning_content` field in the assistant message at message index 2/
      );
    });
  });

  describe('Gemini (OpenAI compatibility)', () => {
    it('runs parallel calls sent without index and sends their thought signature back unchanged', async () => {
      server.script(
        recorded('gemini', 'parallelCalls'),
        recorded('gemini', 'answer')
      );
      const result = await loop.send('Use sales.csv and show the head', person);

      expect(result).toEqual({ status: 'done', steps: 2 });
      expect(suggested()).toEqual(EDITED);
      expect(toolResults().map(r => r.ok)).toEqual([true, true]);
      expect(of('assistant')[0].body).toBe("I'll make both edits.");
      const calls = sent(1).find((m: any) => m.tool_calls).tool_calls;
      expect(calls.map((c: any) => c.function.name)).toEqual([
        'edit_cell',
        'insert_cell'
      ]);
      expect(calls[0].extra_content).toEqual({
        google: {
          thought_signature:
            'CrICAdHtim827fQx3kY0pQ2vWn9sLr5uTb8eZc1aHgMjKo4iNd6fXw7yV=='
        }
      });
      expect('extra_content' in calls[1]).toBe(false);
      expect(last().body).toBe(
        'Done: c1 reads sales.csv and a cell shows its head.'
      );
    });

    it('reports its 400 (an array body) in words', async () => {
      server.script(recorded('gemini', 'missingSignature400'));
      await loop.send('Go', person);
      expect(last().role).toBe('error');
      expect(last().body).toMatch(
        /\(400\).*Function call is missing a thought_signature/
      );
    });
  });

  describe('OpenRouter', () => {
    it('skips its processing comments and keeps `reasoning` for people only', async () => {
      server.script(recorded('openrouter', 'reasoningAnswer'));
      await loop.send('What does c0 do?', person);
      expect(last()).toMatchObject({
        role: 'assistant',
        body: 'The first cell imports pandas.',
        reasoning: 'Cell c0 imports pandas.',
        reasoningSource: 'reasoning',
        status: 'done'
      });
      server.script(recorded('ollama', 'answer'));
      await loop.send('And c1?', person);
      expect(server.requests[1].rawBody).not.toContain('Cell c0 imports');
      expect(sent(1)[2]).toEqual({
        role: 'assistant',
        content: 'The first cell imports pandas.'
      });
    });

    it('reports an error in the middle of the stream, running nothing of the reply', async () => {
      server.script(recorded('openrouter', 'midStreamError'));
      const result = await loop.send('Edit c1', person);
      expect(result.status).toBe('error');
      expect(result.error?.kind).toBe('stream');
      expect(last().body).toMatch(
        /reported an error during the reply; what arrived is kept, and no tool call of this reply was run\. The server said: Provider disconnected unexpectedly/
      );
      expect(of('assistant')[0]).toMatchObject({
        body: 'Editing c1. ',
        status: 'error'
      });
      expect(of('assistant')[0].toolCalls).toBeUndefined();
      expect(of('tool')).toEqual([]);
      expect(suggested()).toEqual(ORIGINAL);
    });
  });

  describe('Ollama', () => {
    it('splits parallel calls that all arrive with index 0', async () => {
      server.script(
        recorded('ollama', 'parallelIndexZero'),
        recorded('ollama', 'answer')
      );
      const result = await loop.send('Use sales.csv and show the head', person);
      expect(result).toEqual({ status: 'done', steps: 2 });
      const calls = of('assistant')[0].toolCalls!;
      expect(calls.map(c => [c.id, c.name])).toEqual([
        ['call_wteop8bt', 'edit_cell'],
        ['call_rk2xye1l', 'insert_cell']
      ]);
      expect(suggested()).toEqual(EDITED);
      expect(of('assistant')[0].reasoning).toBe(
        'Two edits: change the file, then show the head.'
      );
      // `reasoning` is never sent back.
      expect(server.requests[1].rawBody).not.toContain('Two edits');
      expect(last().body).toBe('Both changes are suggested.');
    });

    it('says in words that the model does not support tools', async () => {
      server.script(recorded('ollama', 'noTools400'));
      const result = await loop.send('Hi', person);
      expect(result.error?.kind).toBe('tools-unsupported');
      expect(last().body).toMatch(
        /cannot give 'model' the co-author's tools.*gemma3:4b does not support tools/
      );
    });
  });

  describe('LM Studio', () => {
    it('keeps reasoning_content apart', async () => {
      server.script(recorded('lmstudio', 'reasoningContent'));
      await loop.send('What does c0 do?', person);
      expect(last()).toMatchObject({
        body: 'It imports pandas.',
        reasoning: 'The user asks what c0 does.'
      });
    });

    it('takes a <think> block cut across chunks out of the answer, and never sends it back', async () => {
      server.script(recorded('lmstudio', 'thinkInContent'));
      await loop.send('What does c0 do?', person);
      expect(last()).toMatchObject({
        body: 'It imports pandas as pd.',
        reasoning: '\nThe user asks about c0. It has an import.\n',
        reasoningSource: 'think'
      });
      server.script(recorded('lmstudio', 'reasoningContent'));
      await loop.send('Sure?', person);
      expect(server.requests[1].rawBody).not.toContain('think');
      expect(sent(1)[2].content).toBe('It imports pandas as pd.');
    });

    it('says so when the reply is empty (its answer to an overflowing context)', async () => {
      server.script(recorded('lmstudio', 'emptyOnOverflow'));
      const result = await loop.send('Hi', person);
      expect(result.status).toBe('done');
      expect(last().body).toMatch(
        /The model sent an empty reply\. Some servers do so when the conversation is longer than the model's context/
      );
    });
  });

  describe('vLLM', () => {
    it('assembles the hermes parser’s streamed calls', async () => {
      server.script(
        recorded('vllm', 'hermesParallel'),
        recorded('vllm', 'answer')
      );
      const result = await loop.send('Use sales.csv and show the head', person);
      expect(result).toEqual({ status: 'done', steps: 2 });
      expect(suggested()).toEqual(EDITED);
      expect(of('assistant')[0].reasoning).toBe('Edit c1, then add a cell.');
      expect(last().body).toBe('Suggested: sales.csv and a head.');
    });

    it('runs a tool call the model wrote as text, and says so', async () => {
      server.script(
        recorded('vllm', 'toolCallAsText'),
        recorded('vllm', 'answer')
      );
      const result = await loop.send('Use sales.csv', person);
      expect(result).toEqual({ status: 'done', steps: 2 });
      expect(suggested()).toEqual([
        ORIGINAL[0],
        'df = pd.read_csv("sales.csv")'
      ]);
      const calling = of('assistant')[0];
      expect(calling.body).toBe('');
      expect(calling.toolCalls!.map(c => c.name)).toEqual(['edit_cell']);
      expect(of('notice')[0].body).toMatch(
        /wrote its tool call as text \(<tool_call> tags\).*read and run: edit_cell/
      );
      // The model sees its call as a call, with its result.
      const back = sent(1);
      expect(
        back.find((m: any) => m.tool_calls).tool_calls[0].function
      ).toEqual({
        name: 'edit_cell',
        arguments: JSON.stringify({
          cell_id: 'c1',
          old_text: 'data.csv',
          new_text: 'sales.csv'
        })
      });
      expect(
        JSON.parse(back.find((m: any) => m.role === 'tool').content).ok
      ).toBe(true);
    });

    it('runs none of the text calls when one cannot be read, and tells the model which and why', async () => {
      server.script(
        recorded('vllm', 'brokenToolCallAsText'),
        recorded('vllm', 'answer')
      );
      const result = await loop.send('Edit and add', person);
      expect(result).toEqual({ status: 'done', steps: 2 });
      expect(suggested()).toEqual(ORIGINAL);
      const [broken, held] = toolResults();
      expect(broken.error).toMatch(
        /written as text in the answer and could not be run: the call is not valid JSON/
      );
      expect(held.error).toMatch(
        /Not run: another tool call of the same reply/
      );
      expect(of('notice')[0].body).toMatch(
        /could not be run: the call is not valid JSON.*Nothing of that reply was run/
      );
      const results = sent(1).filter((m: any) => m.role === 'tool');
      expect(results).toHaveLength(2);
    });

    it('reports its bare in-stream error object in words', async () => {
      server.script(recorded('vllm', 'inStreamError'));
      const result = await loop.send('Hi', person);
      expect(result.error?.kind).toBe('stream');
      expect(last().body).toMatch(
        /The server said: The engine loop has stopped/
      );
      expect(of('assistant')[0].body).toBe('Let me ');
    });

    it.each([
      [
        'contextLength400',
        'context',
        /too long for the context.*maximum context length is 32768 tokens/
      ],
      [
        'autoToolChoice400',
        'tools-unsupported',
        /"auto" tool choice requires --enable-auto-tool-choice/
      ]
    ])(
      'reports its %s body (no "error" key) in words',
      async (name, kind, pattern) => {
        server.script(recorded('vllm', name));
        const result = await loop.send('Hi', person);
        expect(result.error?.kind).toBe(kind);
        expect(last().body).toMatch(pattern);
      }
    );
  });

  describe('llama.cpp', () => {
    it('runs a call streamed after reasoning_content', async () => {
      server.script(
        recorded('llamacpp', 'reasoningToolCall'),
        recorded('llamacpp', 'answer')
      );
      const result = await loop.send('What does c0 do?', person);
      expect(result).toEqual({ status: 'done', steps: 2 });
      expect(of('tool').map(m => m.toolName)).toEqual(['read_cell']);
      expect(toolResults()[0].ok).toBe(true);
      expect(of('assistant')[0].reasoning).toBe('Read c0 first.');
      expect(last().body).toBe('It imports pandas.');
    });

    it('moves reasoning shown as the answer once a lone </think> closes it (DeepSeek-R1, --reasoning-format none)', async () => {
      const seen: string[] = [];
      chat.changed.connect(() => {
        const body = of('assistant')[0]?.body;
        if (body !== undefined && body !== seen[seen.length - 1]) {
          seen.push(body);
        }
      });
      server.script(recorded('llamacpp', 'untaggedThink'));
      await loop.send('What does c0 do?', person);
      expect(last()).toMatchObject({
        body: 'It imports pandas.',
        reasoning: 'Okay, the user asks about c0. It imports pandas.\n',
        reasoningSource: 'think'
      });
      // It streamed as the answer until the tag came, then moved.
      expect(seen).toContain('Okay, the user asks');
      expect(seen[seen.length - 1]).toBe('It imports pandas.');
      server.script(recorded('llamacpp', 'answer'));
      await loop.send('Sure?', person);
      expect(server.requests[1].rawBody).not.toContain('Okay, the user asks');
    });

    it("reports an old build's `error:` line in words, not as a broken connection", async () => {
      server.script(recorded('llamacpp', 'errorLine'));
      const result = await loop.send('Hi', person);
      expect(result.error?.kind).toBe('context');
      expect(last().body).toMatch(
        /too long for the context of 'model'.*\(1407 tokens for a context of 256\).*the request exceeds the available context size/
      );
      expect(last().body).not.toMatch(/connection/);
    });

    it.each([
      ['contextLength400', 'context', /\(4390 tokens for a context of 4096\)/],
      ['noJinja500', 'tools-unsupported', /tools param requires --jinja flag/]
    ])('reports its %s in words', async (name, kind, pattern) => {
      server.script(recorded('llamacpp', name));
      const result = await loop.send('Hi', person);
      expect(result.error?.kind).toBe(kind);
      expect(last().body).toMatch(pattern);
    });

    it('reads the Python server’s CRLF stream and a Llama 3 call written as bare JSON', async () => {
      server.script(
        recorded('llamacpp', 'pythonBareJsonCall'),
        recorded('llamacpp', 'answer')
      );
      const result = await loop.send('What does c0 do?', person);
      expect(result).toEqual({ status: 'done', steps: 2 });
      expect(of('tool').map(m => m.toolName)).toEqual(['read_cell']);
      expect(of('notice')[0].body).toMatch(/\(a JSON object\)/);
      expect(last().body).toBe('It imports pandas.');
    });
  });
});
