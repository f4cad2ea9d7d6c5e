'use strict';
/**
 * OpenRouter's streamed chat completions.
 *
 * The shapes (field names, their order, separators, comments, line ends,
 * how calls and reasoning are cut into chunks) are the server's, as its
 * source names them; the ids, tool names, arguments and words are ours, so
 * that the agent's own tools run on the test notebook (cells c0, c1).
 */
module.exports = {
  server: 'OpenRouter',
  sources: [
    'https://openrouter.ai/docs/api-reference/streaming (`: OPENROUTER PROCESSING` comments; mid-stream errors as a data event with an `error` field and finish_reason "error")',
    'https://openrouter.ai/docs/use-cases/reasoning-tokens (delta.reasoning and delta.reasoning_details)',
    'https://openrouter.ai/docs/api-reference/errors (error shape {code, message, metadata})'
  ],
  responses: {
    reasoningAnswer: {
      source: 'streaming page and reasoning-tokens page',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        ': OPENROUTER PROCESSING\n\n',
        ': OPENROUTER PROCESSING\n\n',
        'data: {"id":"gen-1764633600-AbCdEfGhIjKlMnOp","provider":"DeepInfra","model":"qwen/qwen3-235b-a22b","object":"chat.completion.chunk","created":1764633600,"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Cell c0 ","reasoning_details":[{"type":"reasoning.text","text":"Cell c0 ","format":"unknown","index":0}]},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}\n\n',
        'data: {"id":"gen-1764633600-AbCdEfGhIjKlMnOp","provider":"DeepInfra","model":"qwen/qwen3-235b-a22b","object":"chat.completion.chunk","created":1764633600,"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"imports pandas.","reasoning_details":[{"type":"reasoning.text","text":"imports pandas.","format":"unknown","index":0}]},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}\n\n',
        'data: {"id":"gen-1764633600-AbCdEfGhIjKlMnOp","provider":"DeepInfra","model":"qwen/qwen3-235b-a22b","object":"chat.completion.chunk","created":1764633600,"choices":[{"index":0,"delta":{"role":"assistant","content":"The first cell "},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}\n\n',
        'data: {"id":"gen-1764633600-AbCdEfGhIjKlMnOp","provider":"DeepInfra","model":"qwen/qwen3-235b-a22b","object":"chat.completion.chunk","created":1764633600,"choices":[{"index":0,"delta":{"role":"assistant","content":"imports pandas."},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}\n\n',
        'data: {"id":"gen-1764633600-AbCdEfGhIjKlMnOp","provider":"DeepInfra","model":"qwen/qwen3-235b-a22b","object":"chat.completion.chunk","created":1764633600,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop","native_finish_reason":"stop","logprobs":null}]}\n\n',
        'data: {"id":"gen-1764633600-AbCdEfGhIjKlMnOp","provider":"DeepInfra","model":"qwen/qwen3-235b-a22b","object":"chat.completion.chunk","created":1764633600,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null,"native_finish_reason":null,"logprobs":null}],"usage":{"prompt_tokens":812,"completion_tokens":24,"total_tokens":836}}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    midStreamError: {
      source:
        'streaming page, Handling Errors During Streaming (a tool call had begun: it must not run)',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        ': OPENROUTER PROCESSING\n\n',
        'data: {"id":"gen-1764633600-AbCdEfGhIjKlMnOp","provider":"DeepInfra","model":"qwen/qwen3-235b-a22b","object":"chat.completion.chunk","created":1764633600,"choices":[{"index":0,"delta":{"role":"assistant","content":"Editing c1. "},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}\n\n',
        'data: {"id":"gen-1764633600-AbCdEfGhIjKlMnOp","provider":"DeepInfra","model":"qwen/qwen3-235b-a22b","object":"chat.completion.chunk","created":1764633600,"choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_9aF3kLq2","type":"function","function":{"name":"edit_cell","arguments":"{\\"cell_id\\":\\"c1\\","}}]},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}\n\n',
        'data: {"id":"gen-1764633600-AbCdEfGhIjKlMnOp","provider":"DeepInfra","model":"qwen/qwen3-235b-a22b","object":"chat.completion.chunk","created":1764633600,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"error","native_finish_reason":"error","logprobs":null}],"error":{"code":"server_error","message":"Provider disconnected unexpectedly"}}\n\n',
        'data: [DONE]\n\n'
      ]
    }
  }
};
