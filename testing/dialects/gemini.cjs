'use strict';
/**
 * Gemini's OpenAI-compatible endpoint.
 *
 * The shapes (field names, their order, separators, comments, line ends,
 * how calls and reasoning are cut into chunks) are the server's, as its
 * source names them; the ids, tool names, arguments and words are ours, so
 * that the agent's own tools run on the test notebook (cells c0, c1).
 */
module.exports = {
  server:
    'Gemini API, OpenAI compatibility (generativelanguage.googleapis.com/v1beta/openai/)',
  sources: [
    'https://ai.google.dev/gemini-api/docs/openai (the endpoint)',
    'https://ai.google.dev/gemini-api/docs/thought-signatures (each function call carries a thought signature to pass back exactly as received; only the first of parallel calls has one; missing it is a 400 for Gemini 3)',
    'https://discuss.ai.google.dev/t/openai-api-compatibility-broken-due-to-thought-signature-on-gemini-3-pro-preview/109823 (the extra_content.google.thought_signature field in streamed chunks, and the 400 body, an array)',
    'https://github.com/langchain-ai/langchain/pull/40562 (Gemini streams parallel calls complete, one per chunk, without index)'
  ],
  responses: {
    parallelCalls: {
      source:
        "thought-signatures guide (parallel function calls) and the forum thread's captured SSE",
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"choices":[{"delta":{"content":"I\'ll make both edits.","role":"assistant"},"index":0}],"created":1764633600,"id":"aBcDeFgHiJkLmNoPqRsTuVwXyZ","model":"gemini-3-pro-preview","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"delta":{"role":"assistant","tool_calls":[{"extra_content":{"google":{"thought_signature":"CrICAdHtim827fQx3kY0pQ2vWn9sLr5uTb8eZc1aHgMjKo4iNd6fXw7yV=="}},"function":{"arguments":"{\\"cell_id\\":\\"c1\\",\\"old_text\\":\\"data.csv\\",\\"new_text\\":\\"sales.csv\\"}","name":"edit_cell"},"id":"function-call-1118324592883416112","type":"function"}]},"index":0}],"created":1764633600,"id":"aBcDeFgHiJkLmNoPqRsTuVwXyZ","model":"gemini-3-pro-preview","object":"chat.completion.chunk"}\n\n',
        'data: {"choices":[{"delta":{"role":"assistant","tool_calls":[{"function":{"arguments":"{\\"source\\":\\"df.head()\\",\\"after_cell_id\\":\\"c1\\"}","name":"insert_cell"},"id":"function-call-1118324592883416113","type":"function"}]},"index":0,"finish_reason":"tool_calls"}],"created":1764633600,"id":"aBcDeFgHiJkLmNoPqRsTuVwXyZ","model":"gemini-3-pro-preview","object":"chat.completion.chunk","usage":{"completion_tokens":41,"prompt_tokens":1210,"total_tokens":1251}}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    answer: {
      source: 'OpenAI compatibility page (streaming)',
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8'
      },
      chunks: [
        'data: {"choices":[{"delta":{"content":"Done: c1 reads sales.csv and a cell shows its head.","role":"assistant"},"index":0,"finish_reason":"stop"}],"created":1764633600,"id":"aBcDeFgHiJkLmNoPqRsTuVwXyZ","model":"gemini-3-pro-preview","object":"chat.completion.chunk"}\n\n',
        'data: [DONE]\n\n'
      ]
    },
    missingSignature400: {
      source: 'the forum thread (the body Gemini sent, an array)',
      status: 400,
      headers: {
        'content-type': 'application/json'
      },
      body: '[\n  {\n    "error": {\n      "code": 400,\n      "message": "Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call `default_api:edit_cell` , position 2. please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.",\n      "status": "INVALID_ARGUMENT"\n    }\n  }\n]\n'
    }
  }
};
