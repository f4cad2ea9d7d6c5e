'use strict';
/**
 * llama.cpp's server.
 *
 * The shapes (field names, their order, separators, comments, line ends,
 * how calls and reasoning are cut into chunks) are the server's, as its
 * source names them; the ids, tool names, arguments and words are ours, so
 * that the agent's own tools run on the test notebook (cells c0, c1).
 */
module.exports = {
  server:
    "llama.cpp's llama-server (and llama-cpp-python's server, which reuses its formats over sse-starlette)",
  sources: [
    'https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md (--jinja for tool calls, --reasoning-format deepseek puts thoughts in reasoning_content)',
    'https://github.com/ggml-org/llama.cpp/blob/b5500/tools/server/server.cpp (streamed errors written with server_sent_event(sink, "error", ...): an `error:` SSE line, then data: [DONE]; JSON from nlohmann::json, keys in sorted order)',
    'https://github.com/ggml-org/llama.cpp/pull/15780 (exceed_context_size_error with n_prompt_tokens and n_ctx, verbatim)',
    'https://github.com/ggml-org/llama.cpp/issues/19774 (the HTTP 400 context body of current builds, verbatim)',
    "https://github.com/sysid/sse-starlette/blob/main/sse_starlette/sse.py (llama-cpp-python's SSE: CRLF line ends, `: ping - <time>` comments)"
  ],
  responses: {
    reasoningToolCall: {
      source:
        'server README (--jinja --reasoning-format deepseek) and tools/server/tests/unit/test_tool_call.py (streamed calls: id and name first, then argument pieces)',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"Read c0 "}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"first."}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":0,"id":"8YxJ2qQ6w0aVbN3mR7tK1pLs5dF9gH4c","type":"function","function":{"name":"read_cell","arguments":""}}]}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"cell"}}]}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"_id\\":\\"c0\\"}"}}]}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"finish_reason":"tool_calls","index":0,"delta":{}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    answer: {
      source: 'server.cpp streaming',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"It imports pandas."}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    errorLine: {
      source:
        'server.cpp before errors became data events: server_sent_event(sink, "error", error_data), with PR #15780\'s error body',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'error: {"code":500,"message":"the request exceeds the available context size. try increasing the context size or enable context shift","n_ctx":256,"n_prompt_tokens":1407,"type":"exceed_context_size_error"}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    contextLength400: {
      source: 'issue #19774 (current builds answer before streaming)',
      status: 400,
      headers: {
        'content-type': 'application/json; charset=utf-8'
      },
      body: '{"error":{"code":400,"message":"request (4390 tokens) exceeds the available context size (4096 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":4390,"n_ctx":4096}}'
    },
    noJinja500: {
      source:
        'tools/server/utils.hpp oaicompat_chat_params_parse throws for tools without --jinja; the handler answers it as a server_error (500)',
      status: 500,
      headers: {
        'content-type': 'application/json; charset=utf-8'
      },
      body: '{"error":{"code":500,"message":"tools param requires --jinja flag","type":"server_error"}}'
    },
    untaggedThink: {
      source:
        "DeepSeek-R1's model card (Usage Recommendations: its chat template starts the reply with <think>, so the output has only </think>; https://huggingface.co/deepseek-ai/DeepSeek-R1) with the server README's --reasoning-format none (thoughts left in content)",
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Okay, the user asks"}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":" about c0. It imports pandas.\\n</th"}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"ink>\\n\\n"}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"It imports pandas."}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"created":1764633600,"id":"chatcmpl-Zq8vXk2mN4pL6rT0sW3yB5dF","model":"qwen3-8b","system_fingerprint":"b6102-3db4da56","object":"chat.completion.chunk"}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    pythonBareJsonCall: {
      source:
        "llama-cpp-python server over sse-starlette (CRLF, ping comments); Llama 3.1 writes its call as bare JSON in content when no tool parser is set (Meta's Llama 3.1 prompt format, JSON-based tool calling)",
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        ': ping - 2025-12-02 00:00:15.012345+00:00\r\n\r\n',
        'data: {"id":"chatcmpl-1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d","object":"chat.completion.chunk","created":1764633600,"model":"Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf","choices":[{"index":0,"delta":{"role":"assistant"},"logprobs":null,"finish_reason":null}]}\r\n\r\n',
        'data: {"id":"chatcmpl-1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d","object":"chat.completion.chunk","created":1764633600,"model":"Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf","choices":[{"index":0,"delta":{"content":"{\\"name\\": \\"read_cell\\", "},"logprobs":null,"finish_reason":null}]}\r\n\r\n',
        'data: {"id":"chatcmpl-1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d","object":"chat.completion.chunk","created":1764633600,"model":"Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf","choices":[{"index":0,"delta":{"content":"\\"parameters\\": {\\"cell_id\\": \\"c0\\"}}"},"logprobs":null,"finish_reason":null}]}\r\n\r\n',
        'data: {"id":"chatcmpl-1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d","object":"chat.completion.chunk","created":1764633600,"model":"Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}\r\n\r\n',
        'data: [DONE]\r\n\r\n'
      ]
    }
  }
};
