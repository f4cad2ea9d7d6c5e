'use strict';
/**
 * Ollama's OpenAI layer.
 *
 * The shapes (field names, their order, separators, comments, line ends,
 * how calls and reasoning are cut into chunks) are the server's, as its
 * source names them; the ids, tool names, arguments and words are ours, so
 * that the agent's own tools run on the test notebook (cells c0, c1).
 */
module.exports = {
  server: 'Ollama, OpenAI compatibility (/v1/chat/completions)',
  sources: [
    "https://github.com/ollama/ollama/blob/main/openai/openai.go (ChatCompletionChunk, ToChunk: role and content in every delta, `reasoning` for the thinking, each tool call complete with its own index from the model's output, finish_reason tool_calls; NewError for error bodies)",
    'https://github.com/ollama/ollama/issues/15457 (parallel calls all streamed with index 0)',
    'https://docs.ollama.com/openai (the compatibility layer)'
  ],
  responses: {
    parallelIndexZero: {
      source: 'openai.go ToChunk/ToToolCalls, ollama#15457',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"id":"chatcmpl-417","object":"chat.completion.chunk","created":1764633600,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Two edits: change the file, "},"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-417","object":"chat.completion.chunk","created":1764633600,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"then show the head."},"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-417","object":"chat.completion.chunk","created":1764633600,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"id":"call_wteop8bt","index":0,"type":"function","function":{"name":"edit_cell","arguments":"{\\"cell_id\\":\\"c1\\",\\"new_text\\":\\"sales.csv\\",\\"old_text\\":\\"data.csv\\"}"}}]},"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-417","object":"chat.completion.chunk","created":1764633600,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"id":"call_rk2xye1l","index":0,"type":"function","function":{"name":"insert_cell","arguments":"{\\"after_cell_id\\":\\"c1\\",\\"source\\":\\"df.head()\\"}"}}]},"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-417","object":"chat.completion.chunk","created":1764633600,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"tool_calls"}]}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    answer: {
      source: 'openai.go ToChunk',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"id":"chatcmpl-417","object":"chat.completion.chunk","created":1764633600,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Both are in the suggestion."},"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-417","object":"chat.completion.chunk","created":1764633600,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"Both changes "},"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-417","object":"chat.completion.chunk","created":1764633600,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"are suggested."},"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-417","object":"chat.completion.chunk","created":1764633600,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    noTools400: {
      source:
        'openai.go NewError(400, ...) with the server\'s "does not support tools" error',
      status: 400,
      headers: {
        'content-type': 'application/json'
      },
      body: '{"error":{"message":"registry.ollama.ai/library/gemma3:4b does not support tools","type":"invalid_request_error","param":null,"code":null}}\n'
    }
  }
};
