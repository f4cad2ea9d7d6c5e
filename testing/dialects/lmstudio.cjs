'use strict';
/**
 * LM Studio's OpenAI-compatible server.
 *
 * The shapes (field names, their order, separators, comments, line ends,
 * how calls and reasoning are cut into chunks) are the server's, as its
 * source names them; the ids, tool names, arguments and words are ours, so
 * that the agent's own tools run on the test notebook (cells c0, c1).
 */
module.exports = {
  server: 'LM Studio local server (/v1/chat/completions)',
  sources: [
    "https://lmstudio.ai/docs/developer/openai-compat (the endpoint; tool calls in OpenAI's shape)",
    'https://lmstudio.ai/blog/lmstudio-v0.3.9 (the setting that separates reasoning_content from content)',
    'https://github.com/lmstudio-ai/lmstudio-bug-tracker/issues/1569 (with it off, <think>...</think> arrives inside content)',
    'https://github.com/lmstudio-ai/lmstudio-bug-tracker/issues/2339 (a prompt longer than the loaded context: 200 and a stream with no content)'
  ],
  responses: {
    reasoningContent: {
      source:
        'v0.3.9 release notes: reasoning separated into reasoning_content',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"id":"chatcmpl-8x1k2m3n4b5v6c7z","object":"chat.completion.chunk","created":1764633600,"model":"qwen/qwen3-8b","system_fingerprint":"qwen/qwen3-8b","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-8x1k2m3n4b5v6c7z","object":"chat.completion.chunk","created":1764633600,"model":"qwen/qwen3-8b","system_fingerprint":"qwen/qwen3-8b","choices":[{"index":0,"delta":{"reasoning_content":"The user asks what c0 does."},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-8x1k2m3n4b5v6c7z","object":"chat.completion.chunk","created":1764633600,"model":"qwen/qwen3-8b","system_fingerprint":"qwen/qwen3-8b","choices":[{"index":0,"delta":{"content":"It imports pandas."},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-8x1k2m3n4b5v6c7z","object":"chat.completion.chunk","created":1764633600,"model":"qwen/qwen3-8b","system_fingerprint":"qwen/qwen3-8b","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    thinkInContent: {
      source:
        'bug tracker #1569 (separation off): the tags cut across chunks as a tokenizer cuts them',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"id":"chatcmpl-8x1k2m3n4b5v6c7z","object":"chat.completion.chunk","created":1764633600,"model":"qwen/qwen3-8b","system_fingerprint":"qwen/qwen3-8b","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-8x1k2m3n4b5v6c7z","object":"chat.completion.chunk","created":1764633600,"model":"qwen/qwen3-8b","system_fingerprint":"qwen/qwen3-8b","choices":[{"index":0,"delta":{"content":"<thi"},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-8x1k2m3n4b5v6c7z","object":"chat.completion.chunk","created":1764633600,"model":"qwen/qwen3-8b","system_fingerprint":"qwen/qwen3-8b","choices":[{"index":0,"delta":{"content":"nk>\\nThe user asks about c0. "},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-8x1k2m3n4b5v6c7z","object":"chat.completion.chunk","created":1764633600,"model":"qwen/qwen3-8b","system_fingerprint":"qwen/qwen3-8b","choices":[{"index":0,"delta":{"content":"It has an import.\\n</th"},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-8x1k2m3n4b5v6c7z","object":"chat.completion.chunk","created":1764633600,"model":"qwen/qwen3-8b","system_fingerprint":"qwen/qwen3-8b","choices":[{"index":0,"delta":{"content":"ink>\\n\\nIt imports "},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-8x1k2m3n4b5v6c7z","object":"chat.completion.chunk","created":1764633600,"model":"qwen/qwen3-8b","system_fingerprint":"qwen/qwen3-8b","choices":[{"index":0,"delta":{"content":"pandas as pd."},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-8x1k2m3n4b5v6c7z","object":"chat.completion.chunk","created":1764633600,"model":"qwen/qwen3-8b","system_fingerprint":"qwen/qwen3-8b","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    emptyOnOverflow: {
      source: 'bug tracker #2339: no error, no content',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"id":"chatcmpl-8x1k2m3n4b5v6c7z","object":"chat.completion.chunk","created":1764633600,"model":"qwen/qwen3-8b","system_fingerprint":"qwen/qwen3-8b","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"chatcmpl-8x1k2m3n4b5v6c7z","object":"chat.completion.chunk","created":1764633600,"model":"qwen/qwen3-8b","system_fingerprint":"qwen/qwen3-8b","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}\n\n',
        'data: [DONE]\n\n'
      ]
    }
  }
};
