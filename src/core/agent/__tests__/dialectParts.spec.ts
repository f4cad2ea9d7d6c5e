import type { IChatMessage } from '../../chat';
import { AgentTools, buildContext } from '..';
import { ThinkSplitter } from '../reasoning';
import { ReplyAssembler } from '../replyAssembler';
import { withDialectErrors } from '../streamErrors';
import { findTextToolCalls } from '../textToolCalls';

/** Feed a text to a splitter in pieces of `size` characters. */
function split(text: string, size: number): [string, string] {
  const splitter = new ThinkSplitter();
  let content = '';
  let reasoning = '';
  for (let i = 0; i < text.length; i += size) {
    const piece = splitter.push(text.slice(i, i + size));
    content += piece.content;
    reasoning += piece.reasoning;
  }
  const rest = splitter.end();
  return [content + rest.content, reasoning + rest.reasoning];
}

describe('ThinkSplitter', () => {
  // Qwen3's output without a reasoning parser (its model card).
  const qwen3 =
    '<think>\nThe user greets me.\n</think>\n\nHello! How can I help?';

  it.each([1, 2, 3, 7, 100])(
    'takes a leading <think> block out of the answer, in pieces of %i',
    size => {
      expect(split(qwen3, size)).toEqual([
        'Hello! How can I help?',
        '\nThe user greets me.\n'
      ]);
    }
  );

  it('leaves a <think> that does not open the answer, and text like a tag', () => {
    expect(split('Use <think> tags like <think>this</think>.', 1)).toEqual([
      'Use <think> tags like <think>this</think>.',
      ''
    ]);
    expect(split('<thin crust>', 1)).toEqual(['<thin crust>', '']);
    expect(split('<', 1)).toEqual(['<', '']);
  });

  it('keeps an unclosed block (a reply cut while thinking) as reasoning', () => {
    expect(split('<think>Let me see, cell c0 ', 4)).toEqual([
      '',
      'Let me see, cell c0 '
    ]);
  });
});

describe('ReplyAssembler', () => {
  const chunk = (delta: unknown, finish: string | null = null) => ({
    choices: [{ index: 0, delta, finish_reason: finish }]
  });

  it('keeps calls at one index apart when a new id arrives there', () => {
    const reply = new ReplyAssembler();
    reply.add(
      chunk({
        tool_calls: [
          {
            index: 0,
            id: 'a',
            function: { name: 'edit_cell', arguments: '{"x":' }
          }
        ]
      })
    );
    reply.add(
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] })
    );
    reply.add(
      chunk({
        tool_calls: [
          {
            index: 0,
            id: 'b',
            function: { name: 'insert_cell', arguments: '{}' }
          }
        ]
      })
    );
    // The same id again continues its call.
    reply.add(
      chunk({
        tool_calls: [{ index: 0, id: 'b', function: { arguments: '' } }]
      })
    );
    reply.add(chunk({}, 'tool_calls'));
    expect(reply.toolCalls).toEqual([
      { id: 'a', name: 'edit_cell', arguments: '{"x":1}' },
      { id: 'b', name: 'insert_cell', arguments: '{}' }
    ]);
    expect(reply.finishReason).toBe('tool_calls');
  });

  it('does not split a call on a stray id, nor double a repeated name', () => {
    const reply = new ReplyAssembler();
    const piece = (p: unknown) => reply.add(chunk({ tool_calls: [p] }));
    piece({
      index: 0,
      id: 'a',
      function: { name: 'read_cell', arguments: '' }
    });
    piece({ index: 0, id: 'x1', function: { arguments: '{"cell_id":' } });
    piece({
      index: 0,
      id: 'a',
      function: { name: 'read_cell', arguments: '"c0"}' }
    });
    expect(reply.toolCalls).toEqual([
      { id: 'a', name: 'read_cell', arguments: '{"cell_id":"c0"}' }
    ]);
  });

  it('leaves an answer that writes about the tags alone', () => {
    const reply = new ReplyAssembler();
    for (const piece of ['Wrap it: ', '<think>', 'x', '</think>', '.']) {
      expect(reply.add(chunk({ content: piece })).answer).toBeUndefined();
    }
    expect(reply.text).toBe('Wrap it: <think>x</think>.');
  });

  it('keeps unknown fields of a call, of the call and of its function', () => {
    const reply = new ReplyAssembler();
    reply.add(
      chunk({
        tool_calls: [
          {
            id: 'f1',
            type: 'function',
            extra_content: { google: { thought_signature: 'sig' } },
            function: { name: 'list_cells', arguments: '{}', strict: true }
          }
        ]
      })
    );
    expect(reply.toolCalls[0].extra).toEqual({
      extra_content: { google: { thought_signature: 'sig' } },
      function: { strict: true }
    });
  });
});

describe('findTextToolCalls', () => {
  const tools = AgentTools.names;

  it('reads Hermes/Qwen <tool_call> blocks, with the text around them', () => {
    const found = findTextToolCalls(
      'Let me look.\n<tool_call>\n{"name": "read_cell", "arguments": {"cell_id": "c0"}}\n</tool_call>',
      tools
    );
    expect(found).toEqual({
      form: 'hermes',
      text: 'Let me look.',
      calls: [
        { name: 'read_cell', arguments: '{"cell_id":"c0"}', problem: null }
      ]
    });
  });

  it('reads a whole-answer Llama 3 JSON call and Mistral [TOOL_CALLS]', () => {
    expect(
      findTextToolCalls(
        '<|python_tag|>{"name": "list_cells", "parameters": {}}',
        tools
      )?.calls
    ).toEqual([{ name: 'list_cells', arguments: '{}', problem: null }]);
    expect(
      findTextToolCalls(
        '[TOOL_CALLS][{"name": "read_cell", "arguments": {"cell_id": "c1"}}, {"name": "nope", "arguments": {}}]',
        tools
      )?.calls.map(c => [c.name, c.problem])
    ).toEqual([
      ['read_cell', null],
      ['nope', expect.stringMatching(/there is no tool 'nope'/)]
    ]);
  });

  it('does not take ordinary JSON in an answer for a call', () => {
    for (const answer of [
      '{"name": "Alice", "parameters": {"age": 3}}', // not one of our tools
      'Here: {"name": "read_cell", "arguments": {}}', // not the whole answer
      '{"name": "read_cell", "arguments": {}, "id": 1}', // not a call's shape
      '```json\n[1, 2]\n```',
      // Examples of the formats, in Markdown code.
      'Qwen writes:\n```\n<tool_call>\n{"name": "get_weather", "arguments": {}}\n</tool_call>\n```',
      'Mistral starts with `[TOOL_CALLS]`.'
    ]) {
      expect(findTextToolCalls(answer, tools)).toBeNull();
    }
  });

  it('says what is wrong with a call it cannot read', () => {
    const found = findTextToolCalls(
      '<tool_call>{"name": "edit_cell", "arguments": {"cell_id": </tool_call>',
      tools
    );
    expect(found?.calls[0]).toMatchObject({
      name: 'edit_cell',
      arguments: '{}',
      problem: expect.stringMatching(/^the call is not valid JSON/)
    });
  });
});

describe('withDialectErrors', () => {
  /** A fetch answering with an event stream in the given pieces. */
  const streaming = (pieces: string[]) => async (): Promise<Response> =>
    new Response(
      new ReadableStream({
        start(controller) {
          for (const piece of pieces) {
            controller.enqueue(new TextEncoder().encode(piece));
          }
          controller.close();
        }
      }),
      { headers: { 'content-type': 'text/event-stream' } }
    );

  it('rewrites an `error:` line cut across reads into an error event, and nothing else', async () => {
    const fetch = withDialectErrors(
      streaming([
        'data: {"a":"error: no"}\r\n\r\n: comment\r\n\r\nerr',
        'or: {"code":500}\r\n\r\ndata: [DONE]\r\n\r\n'
      ])
    );
    const text = await (await fetch('http://x/')).text();
    expect(text).toBe(
      'data: {"a":"error: no"}\r\n\r\n: comment\r\n\r\n' +
        'event: error\r\ndata: {"code":500}\r\n\r\ndata: [DONE]\r\n\r\n'
    );
  });

  it("unwraps Gemini's array error body", async () => {
    const fetch = withDialectErrors(
      async () =>
        new Response('[{"error": {"code": 400, "message": "bad"}}]', {
          status: 400,
          headers: { 'content-type': 'application/json' }
        })
    );
    const response = await fetch('http://x/');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 400, message: 'bad' }
    });
  });
});

describe('buildContext, for the dialects', () => {
  const author = { name: 'm', color: '#000' };
  const message = (m: Partial<IChatMessage>): IChatMessage => ({
    id: Math.random().toString(36),
    role: 'assistant',
    author,
    time: 0,
    body: '',
    status: 'done',
    ...m
  });
  const send = (conversation: IChatMessage[]) =>
    buildContext({ system: 's', conversation, budget: 48000 }).messages;

  it('sends reasoning_content back on tool-calling messages only, and other reasoning never', () => {
    const call = { id: 'c1', name: 'list_cells', arguments: '{}' };
    const messages = send([
      message({ role: 'user', body: 'q' }),
      message({
        toolCalls: [call],
        reasoning: 'R1',
        reasoningSource: 'reasoning_content'
      }),
      message({ role: 'tool', body: '{}', toolCallId: 'c1' }),
      // A tool-calling reply without reasoning still carries the field.
      message({ toolCalls: [{ ...call, id: 'c2' }] }),
      message({ role: 'tool', body: '{}', toolCallId: 'c2' }),
      message({
        body: 'answer',
        reasoning: 'R2',
        reasoningSource: 'reasoning_content'
      })
    ]);
    const assistants = messages.filter(m => m.role === 'assistant') as any[];
    expect(assistants.map(m => m.reasoning_content)).toEqual([
      'R1',
      '',
      undefined
    ]);
    const other = send([
      message({ role: 'user', body: 'q' }),
      message({
        toolCalls: [call],
        reasoning: 'R',
        reasoningSource: 'reasoning'
      })
    ]);
    expect(JSON.stringify(other)).not.toContain('reasoning');
  });

  it('sends extra fields of a call back unchanged, and unreadable arguments as {}', () => {
    const [, , assistant] = send([
      message({ role: 'user', body: 'q' }),
      message({
        toolCalls: [
          {
            id: 'f1',
            name: 'read_cell',
            arguments: '{"cell_id": ',
            extra: {
              extra_content: { google: { thought_signature: 'sig' } },
              function: { strict: true }
            }
          }
        ]
      })
    ]) as any[];
    expect(assistant.tool_calls).toEqual([
      {
        extra_content: { google: { thought_signature: 'sig' } },
        id: 'f1',
        type: 'function',
        function: { strict: true, name: 'read_cell', arguments: '{}' }
      }
    ]);
  });
});
