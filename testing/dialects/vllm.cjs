'use strict';
/**
 * vLLM's OpenAI-compatible server.
 *
 * The shapes (field names, their order, separators, comments, line ends,
 * how calls and reasoning are cut into chunks) are the server's, as its
 * source names them; the ids, tool names, arguments and words are ours, so
 * that the agent's own tools run on the test notebook (cells c0, c1).
 */
module.exports = {
  server: 'vLLM OpenAI-compatible server (0.9)',
  sources: [
    'https://github.com/vllm-project/vllm/blob/v0.9.2/vllm/entrypoints/openai/tool_parsers/hermes_tool_parser.py (streamed calls: a header with id, type and name, then argument pieces of json.dumps output, with spaces)',
    'https://github.com/vllm-project/vllm/blob/main/tests/entrypoints/openai/tool_parsers/test_hermes_tool_parser.py (the streamed pieces the parser yields)',
    'https://docs.vllm.ai/en/latest/features/reasoning_outputs.html (reasoning_content in delta with --reasoning-parser; `reasoning` in later versions)',
    'https://github.com/vllm-project/vllm/blob/v0.9.2/vllm/entrypoints/openai/protocol.py (ErrorResponse: a bare {object: "error", message, type, param, code}, over HTTP and inside streams)',
    'https://github.com/vllm-project/vllm/blob/v0.9.2/vllm/entrypoints/openai/serving_chat.py ("auto" tool choice requires --enable-auto-tool-choice; maximum context length)',
    "https://github.com/block/goose/pull/8031 (vLLM's in-stream error shape)"
  ],
  responses: {
    hermesParallel: {
      source:
        'hermes_tool_parser.py, streamed with --enable-auto-tool-choice --tool-call-parser hermes --reasoning-parser qwen3',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"reasoning_content":"Edit c1, then add a cell."},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"tool_calls":[{"id":"chatcmpl-tool-5e0c2a7f1b9d4c3a8e6f","type":"function","index":0,"function":{"name":"edit_cell"}}]},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"cell_id\\": \\"c1\\", \\"o"}}]},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ld_text\\": \\"data.csv\\", \\"new_text\\": \\"sales.csv\\"}"}}]},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"tool_calls":[{"id":"chatcmpl-tool-9a1b3c5d7e2f4a6b8c0d","type":"function","index":1,"function":{"name":"insert_cell"}}]},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\\"source\\": \\"df."}}]},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"head()\\", \\"after_cell_id\\": \\"c1\\"}"}}]},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":"tool_calls"}]}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    answer: {
      source: 'serving_chat.py streaming',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":"Suggested: "},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":"sales.csv and a head."},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":"stop"}]}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    toolCallAsText: {
      source:
        "without --enable-auto-tool-choice the hermes-format call stays in content (Qwen's function-calling guide: https://qwen.readthedocs.io/en/latest/framework/function_call.html)",
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":"<tool_call>\\n{\\"name\\": \\"edit_cell\\", "},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":"\\"arguments\\": {\\"cell_id\\": \\"c1\\", \\"old_text\\": \\"data.csv\\", \\"new_text\\": \\"sales.csv\\"}}\\n</tool_call>"},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":"stop"}]}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    brokenToolCallAsText: {
      source: 'as toolCallAsText, with arguments cut short',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":"<tool_call>\\n{\\"name\\": \\"insert_cell\\", \\"arguments\\": {\\"source\\": \\"df.head()\\"\\n</tool_call>\\n"},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":"<tool_call>\\n{\\"name\\": \\"edit_cell\\", \\"arguments\\": {\\"cell_id\\": \\"c1\\", \\"old_text\\": \\"data.csv\\", \\"new_text\\": \\"sales.csv\\"}}\\n</tool_call>"},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":"stop"}]}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    inStreamError: {
      source:
        "protocol.py ErrorResponse written as a data event by serving_chat.py's stream generator",
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-3b8f9e2a1c4d4e5f8a7b6c5d4e3f2a1b","object":"chat.completion.chunk","created":1764633600,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":"Let me "},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"object":"error","message":"The engine loop has stopped. Check the server log for the cause.","type":"BadRequestError","param":null,"code":400}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    contextLength400: {
      source: 'serving_engine.py _validate_input',
      status: 400,
      headers: {
        'content-type': 'application/json'
      },
      body: '{"object":"error","message":"This model\'s maximum context length is 32768 tokens. However, you requested 33714 tokens (29618 in the messages, 4096 in the completion). Please reduce the length of the messages or completion.","type":"BadRequestError","param":null,"code":400}'
    },
    autoToolChoice400: {
      source:
        'serving_chat.py (tools given, server started without a tool parser)',
      status: 400,
      headers: {
        'content-type': 'application/json'
      },
      body: '{"object":"error","message":"\\"auto\\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set","type":"BadRequestError","param":null,"code":400}'
    }
  }
};
