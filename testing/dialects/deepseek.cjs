'use strict';
/**
 * DeepSeek's thinking mode, as its API sends it.
 *
 * The shapes (field names, their order, separators, comments, line ends,
 * how calls and reasoning are cut into chunks) are the server's, as its
 * source names them; the ids, tool names, arguments and words are ours, so
 * that the agent's own tools run on the test notebook (cells c0, c1).
 */
module.exports = {
  server: 'DeepSeek API, thinking mode (deepseek-reasoner)',
  sources: [
    'https://api-docs.deepseek.com/guides/thinking_mode (Tool calls: reasoning_content must be passed back in a tool-calling turn, 400 otherwise)',
    'https://api-docs.deepseek.com/guides/reasoning_model (reasoning_content in delta, streamed before content)',
    'https://api-docs.deepseek.com/faq (streaming sends `: keep-alive` SSE comments while the request waits)',
    'https://github.com/AstrBotDevs/AstrBot/issues/4174 (the 400 body, verbatim)'
  ],
  responses: {
    toolTurn: {
      source:
        'thinking_mode guide, Tool calls: reasoning, then a tool call, finish_reason tool_calls',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        ': keep-alive\n\n',
        'data: {"id":"8f1c2d3e-5b6a-4c7d-9e8f-0a1b2c3d4e5f","object":"chat.completion.chunk","created":1764633600,"model":"deepseek-reasoner","system_fingerprint":"fp_ffc7281d48_prod0820_fp8_kvcache","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":""},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"8f1c2d3e-5b6a-4c7d-9e8f-0a1b2c3d4e5f","object":"chat.completion.chunk","created":1764633600,"model":"deepseek-reasoner","system_fingerprint":"fp_ffc7281d48_prod0820_fp8_kvcache","choices":[{"index":0,"delta":{"content":null,"reasoning_content":"The user wants sales.csv. "},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"8f1c2d3e-5b6a-4c7d-9e8f-0a1b2c3d4e5f","object":"chat.completion.chunk","created":1764633600,"model":"deepseek-reasoner","system_fingerprint":"fp_ffc7281d48_prod0820_fp8_kvcache","choices":[{"index":0,"delta":{"content":null,"reasoning_content":"Cell c1 reads data.csv; edit it."},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"8f1c2d3e-5b6a-4c7d-9e8f-0a1b2c3d4e5f","object":"chat.completion.chunk","created":1764633600,"model":"deepseek-reasoner","system_fingerprint":"fp_ffc7281d48_prod0820_fp8_kvcache","choices":[{"index":0,"delta":{"content":null,"reasoning_content":null,"tool_calls":[{"index":0,"id":"call_00_k3Jd8sPqT2vXw9YbLm4n","type":"function","function":{"name":"edit_cell","arguments":""}}]},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"8f1c2d3e-5b6a-4c7d-9e8f-0a1b2c3d4e5f","object":"chat.completion.chunk","created":1764633600,"model":"deepseek-reasoner","system_fingerprint":"fp_ffc7281d48_prod0820_fp8_kvcache","choices":[{"index":0,"delta":{"content":null,"reasoning_content":null,"tool_calls":[{"index":0,"function":{"arguments":"{\\"cell_id\\": \\"c1\\", \\"old_t"}}]},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"8f1c2d3e-5b6a-4c7d-9e8f-0a1b2c3d4e5f","object":"chat.completion.chunk","created":1764633600,"model":"deepseek-reasoner","system_fingerprint":"fp_ffc7281d48_prod0820_fp8_kvcache","choices":[{"index":0,"delta":{"content":null,"reasoning_content":null,"tool_calls":[{"index":0,"function":{"arguments":"ext\\": \\"data.csv\\", \\"new_text\\": \\"sales.csv\\"}"}}]},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"8f1c2d3e-5b6a-4c7d-9e8f-0a1b2c3d4e5f","object":"chat.completion.chunk","created":1764633600,"model":"deepseek-reasoner","system_fingerprint":"fp_ffc7281d48_prod0820_fp8_kvcache","choices":[{"index":0,"delta":{"content":null,"reasoning_content":null},"logprobs":null,"finish_reason":"tool_calls"}]}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    answerTurn: {
      source:
        'thinking_mode guide: the next step of the same turn, reasoning then the answer',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"id":"8f1c2d3e-5b6a-4c7d-9e8f-0a1b2c3d4e5f","object":"chat.completion.chunk","created":1764633600,"model":"deepseek-reasoner","system_fingerprint":"fp_ffc7281d48_prod0820_fp8_kvcache","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":""},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"8f1c2d3e-5b6a-4c7d-9e8f-0a1b2c3d4e5f","object":"chat.completion.chunk","created":1764633600,"model":"deepseek-reasoner","system_fingerprint":"fp_ffc7281d48_prod0820_fp8_kvcache","choices":[{"index":0,"delta":{"content":null,"reasoning_content":"The edit is in the suggestion."},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"8f1c2d3e-5b6a-4c7d-9e8f-0a1b2c3d4e5f","object":"chat.completion.chunk","created":1764633600,"model":"deepseek-reasoner","system_fingerprint":"fp_ffc7281d48_prod0820_fp8_kvcache","choices":[{"index":0,"delta":{"content":"Cell c1 now ","reasoning_content":null},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"8f1c2d3e-5b6a-4c7d-9e8f-0a1b2c3d4e5f","object":"chat.completion.chunk","created":1764633600,"model":"deepseek-reasoner","system_fingerprint":"fp_ffc7281d48_prod0820_fp8_kvcache","choices":[{"index":0,"delta":{"content":"reads sales.csv.","reasoning_content":null},"logprobs":null,"finish_reason":null}]}\n\n',
        'data: {"id":"8f1c2d3e-5b6a-4c7d-9e8f-0a1b2c3d4e5f","object":"chat.completion.chunk","created":1764633600,"model":"deepseek-reasoner","system_fingerprint":"fp_ffc7281d48_prod0820_fp8_kvcache","choices":[{"index":0,"delta":{"content":"","reasoning_content":null},"logprobs":null,"finish_reason":"stop"}]}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    missingReasoning400: {
      source: 'AstrBot issue #4174 (the body DeepSeek sent)',
      status: 400,
      headers: {
        'content-type': 'application/json'
      },
      body: '{"error":{"message":"Missing `reasoning_content` field in the assistant message at message index 2. For more information, please refer to https://api-docs.deepseek.com/guides/thinking_mode#tool-calls","type":"invalid_request_error","param":null,"code":"invalid_request_error"}}'
    }
  }
};
