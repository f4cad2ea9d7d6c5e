#!/usr/bin/env node
'use strict';
/**
 * A scripted OpenAI-compatible HTTP server for tests.
 *
 * It serves `/v1/chat/completions` (streamed as Server-Sent Events or as one
 * JSON body) and `/v1/models` the way the real API and the usual local
 * servers do, answers CORS like a local server started with browser access
 * enabled, and replies with what a test scripted: text split into chunks,
 * tool calls whose arguments are split across chunks, HTTP errors with
 * OpenAI-shaped bodies, a stream cut in the middle, or a stream that stops
 * sending until the client goes away (to test a stop button).
 *
 * Use it as a module (`startScriptedServer`) from jest, or as a CLI for
 * browser tests:
 *
 *     node testing/scripted-openai-server.mjs --port 8911 [--host 127.0.0.1]
 *         [--api-key KEY] [--model NAME] [--when-empty error|echo]
 *
 * The CLI prints one line `READY <baseURL>` once it listens. Tests then
 * script it through the control endpoints (JSON bodies):
 *
 *     POST   /__script    { "responses": [ ... ], "replace": false }
 *     DELETE /__script    clears the queue
 *     GET    /__requests  the requests received so far
 *     POST   /__reset     clears the queue and the recorded requests, and
 *                          lists the models it started with again
 *     POST   /__models    { "models": ["a", "b"] } what `/v1/models` lists
 *
 * It depends on nothing but Node's `http`, and binds 127.0.0.1 by default.
 *
 * A scripted response is one of:
 *
 *     { "type": "reply",            // the default when `type` is omitted
 *       "text": "Hello" | ["Hel", "lo"],   // content, chunked as given
 *       "chunkSize": 4,             // or: split a string every N characters
 *       "toolCalls": [{ "id": "call_1", "name": "read_cell",
 *                       "arguments": "{\"cellId\":\"a\"}" | { ... },
 *                       "split": 3 }],     // argument pieces per call
 *       "finishReason": "stop" | "tool_calls" | "length",
 *       "delayMs": 0,               // pause between chunks
 *       "cutAfter": 2,              // destroy the socket after N chunks
 *       "endAfter": 2,              // end the body cleanly after N chunks,
 *                                   // without finish_reason nor [DONE]
 *       "holdAfter": 2,             // send N chunks, then wait for the
 *                                   // client to disconnect
 *       "usage": { ... } }
 *     { "type": "error", "status": 429, "message": "Rate limit",
 *       "errorType": "rate_limit_error", "code": "rate_limit_exceeded",
 *       "headers": { "retry-after": "0" } }
 *     { "type": "raw", "status": 200, "headers": { ... }, "body": "..." }
 *     { "type": "raw", "status": 200, "headers": { ... },
 *       "chunks": ["data: ...\n\n", ...], "delayMs": 0 }
 *                                   // a recorded body, written piece by
 *                                   // piece (testing/dialects/ has those
 *                                   // of real servers)
 */
// A CommonJS file on purpose: jest loads specs as CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const http = require('node:http');

/**
 * Start a scripted server. Resolves once it listens.
 *
 * @param {object} [options]
 * @param {number} [options.port] 0 (the default) picks a free port.
 * @param {string} [options.host] '127.0.0.1' by default.
 * @param {string} [options.apiKey] When set, requests without
 *   `Authorization: Bearer <apiKey>` get a 401 like the real API.
 * @param {string[]} [options.models] What `/v1/models` lists.
 * @param {'error'|'echo'} [options.whenEmpty] With no scripted response
 *   left: answer 500 ('error', the default, so a test notices) or echo the
 *   last user message ('echo', handy when trying the UI by hand).
 */
async function startScriptedServer(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const initialModels = options.models ?? ['scripted-model'];
  const models = [...initialModels];
  const whenEmpty = options.whenEmpty ?? 'error';
  const queue = [];
  const requests = [];
  const sockets = new Set();
  let counter = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch(error => {
      if (!res.headersSent) {
        sendJson(req, res, 500, openAiError(String(error), 'server_error'));
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '');
    const raw = await readBody(req);

    if (req.method === 'OPTIONS') {
      // A CORS preflight: allow what the browser asks for, as local
      // servers do when started with browser access enabled.
      res.writeHead(204, {
        ...corsHeaders(req),
        'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
        'Access-Control-Allow-Headers':
          req.headers['access-control-request-headers'] ?? '*',
        'Access-Control-Max-Age': '600'
      });
      res.end();
      return;
    }

    // The control endpoints are not recorded: tests read what the client
    // under test sent, nothing else.
    if (path === '/__script') {
      if (req.method === 'DELETE') {
        queue.length = 0;
        return sendJson(req, res, 200, { queued: 0 });
      }
      const body = parseJson(raw) ?? {};
      const responses = Array.isArray(body) ? body : (body.responses ?? []);
      if (!Array.isArray(body) && body.replace) {
        queue.length = 0;
      }
      queue.push(...responses);
      return sendJson(req, res, 200, { queued: queue.length });
    }
    if (path === '/__requests') {
      return sendJson(req, res, 200, { requests });
    }
    if (path === '/__models') {
      const body = parseJson(raw) ?? {};
      const list = Array.isArray(body.models) ? body.models.map(String) : [];
      models.splice(0, models.length, ...list);
      return sendJson(req, res, 200, { models });
    }
    if (path === '/__reset') {
      queue.length = 0;
      requests.length = 0;
      models.splice(0, models.length, ...initialModels);
      return sendJson(req, res, 200, { queued: 0 });
    }

    const record = {
      method: req.method,
      path: url.pathname,
      headers: { ...req.headers },
      body: parseJson(raw),
      rawBody: raw,
      time: Date.now()
    };
    requests.push(record);

    if (options.apiKey !== undefined && path.startsWith('/v1')) {
      const auth = req.headers.authorization ?? '';
      if (auth !== `Bearer ${options.apiKey}`) {
        return sendJson(
          req,
          res,
          401,
          openAiError(
            'Incorrect API key provided.',
            'invalid_request_error',
            'invalid_api_key'
          )
        );
      }
    }

    if (req.method === 'GET' && /(^|\/v1)\/models$/.test(path)) {
      return sendJson(req, res, 200, {
        object: 'list',
        data: models.map(id => ({
          id,
          object: 'model',
          created: 0,
          owned_by: 'scripted'
        }))
      });
    }

    if (req.method === 'POST' && /(^|\/v1)\/chat\/completions$/.test(path)) {
      const body = record.body;
      if (!body || typeof body !== 'object') {
        return sendJson(
          req,
          res,
          400,
          openAiError('Request body is not JSON.', 'invalid_request_error')
        );
      }
      let response = queue.shift();
      if (!response) {
        response =
          whenEmpty === 'echo'
            ? { type: 'reply', text: echoText(body), chunkSize: 6 }
            : {
                type: 'error',
                status: 500,
                message: 'scripted server: no response queued',
                errorType: 'server_error'
              };
      }
      counter += 1;
      return respond(req, res, body, response, `chatcmpl-scripted-${counter}`);
    }

    return sendJson(
      req,
      res,
      404,
      openAiError(`Unknown path ${url.pathname}`, 'invalid_request_error')
    );
  }

  async function respond(req, res, body, response, id) {
    const type = response.type ?? 'reply';
    if (type === 'error') {
      return sendJson(
        req,
        res,
        response.status ?? 500,
        openAiError(
          response.message ?? 'error',
          response.errorType ?? 'server_error',
          response.code ?? null
        ),
        response.headers
      );
    }
    if (type === 'raw') {
      // A recorded body, replayed byte for byte: whole, or in the pieces
      // it was recorded in (so that a tag or a line cut across network
      // reads is cut the same way here).
      res.writeHead(response.status ?? 200, {
        ...corsHeaders(req),
        ...(response.headers ?? {})
      });
      const chunks = response.chunks ?? [response.body ?? ''];
      let closed = false;
      res.on('close', () => {
        closed = true;
      });
      res.flushHeaders();
      for (const chunk of chunks) {
        if (closed) {
          return;
        }
        res.write(chunk);
        if (response.delayMs > 0) {
          await sleep(response.delayMs);
        }
      }
      res.end();
      return;
    }

    const model = body.model ?? models[0];
    const created = Math.floor(Date.now() / 1000);
    const textChunks = splitText(response.text, response.chunkSize);
    const calls = (response.toolCalls ?? []).map((call, index) => ({
      index,
      id: call.id ?? `call_${id}_${index}`,
      name: call.name,
      arguments:
        typeof call.arguments === 'string'
          ? call.arguments
          : JSON.stringify(call.arguments ?? {}),
      split: Math.max(1, call.split ?? 1)
    }));
    const finishReason =
      response.finishReason ?? (calls.length ? 'tool_calls' : 'stop');

    if (!body.stream) {
      const message = { role: 'assistant', content: textChunks.join('') };
      if (calls.length) {
        message.tool_calls = calls.map(call => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments }
        }));
        if (!message.content) {
          message.content = null;
        }
      }
      return sendJson(req, res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message, finish_reason: finishReason }],
        usage: response.usage ?? null
      });
    }

    // The deltas, in the order the real API sends them: the role, the
    // content pieces, then each tool call's header and argument pieces.
    const deltas = [];
    deltas.push({ role: 'assistant', content: '' });
    for (const piece of textChunks) {
      deltas.push({ content: piece });
    }
    for (const call of calls) {
      deltas.push({
        tool_calls: [
          {
            index: call.index,
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: '' }
          }
        ]
      });
      for (const piece of splitInto(call.arguments, call.split)) {
        deltas.push({
          tool_calls: [{ index: call.index, function: { arguments: piece } }]
        });
      }
    }
    const events = deltas.map(delta => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: null }]
    }));
    events.push({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [
        { index: 0, delta: {}, logprobs: null, finish_reason: finishReason }
      ]
    });
    if (body.stream_options?.include_usage) {
      events.push({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [],
        usage: response.usage ?? {
          prompt_tokens: 0,
          completion_tokens: textChunks.length,
          total_tokens: textChunks.length
        }
      });
    }

    res.writeHead(200, {
      ...corsHeaders(req),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive'
    });
    res.flushHeaders();
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    const delayMs = response.delayMs ?? 0;
    for (let i = 0; i < events.length; i++) {
      if (closed) {
        return;
      }
      if (response.cutAfter !== undefined && i >= response.cutAfter) {
        // A connection lost mid-stream: no final chunk, no [DONE]. Let
        // what was written reach the client first, as on a real network.
        await sleep(30);
        res.socket?.destroy();
        return;
      }
      if (response.endAfter !== undefined && i >= response.endAfter) {
        // A body that ends cleanly without finishing the reply.
        res.end();
        return;
      }
      if (response.holdAfter !== undefined && i >= response.holdAfter) {
        // Keep the stream open, sending nothing, until the client leaves.
        await new Promise(resolve => res.on('close', resolve));
        return;
      }
      res.write(`data: ${JSON.stringify(events[i])}\n\n`);
      if (delayMs > 0) {
        await sleep(delayMs);
      }
    }
    if (!closed) {
      res.end('data: [DONE]\n\n');
    }
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = server.address().port;
  const origin = `http://${host}:${port}`;

  return {
    /** The server's origin, e.g. http://127.0.0.1:8911. */
    url: origin,
    /** The base URL to give an OpenAI client: `${url}/v1`. */
    baseURL: `${origin}/v1`,
    /** The port it listens on. */
    port,
    /** The requests received so far (control endpoints excluded). */
    requests,
    /** Append scripted responses to the queue. */
    script(...responses) {
      queue.push(...responses.flat());
    },
    /** How many scripted responses are still queued. */
    get pending() {
      return queue.length;
    },
    /** Forget the queue and the recorded requests. */
    reset() {
      queue.length = 0;
      requests.length = 0;
    },
    /** Close the server and every open connection. */
    close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      return new Promise(resolve => server.close(() => resolve()));
    }
  };
}

function corsHeaders(req) {
  return {
    'Access-Control-Allow-Origin': req.headers.origin ?? '*',
    Vary: 'Origin'
  };
}

function sendJson(req, res, status, body, headers = {}) {
  res.writeHead(status, {
    ...corsHeaders(req),
    'Content-Type': 'application/json',
    ...headers
  });
  res.end(JSON.stringify(body));
}

function openAiError(message, type, code = null) {
  return { error: { message, type, param: null, code } };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    req.on('data', part => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text) {
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function splitText(text, chunkSize) {
  if (text === undefined || text === null) {
    return [];
  }
  if (Array.isArray(text)) {
    return text.map(String);
  }
  if (!chunkSize) {
    return text ? [text] : [];
  }
  const pieces = [];
  for (let i = 0; i < text.length; i += chunkSize) {
    pieces.push(text.slice(i, i + chunkSize));
  }
  return pieces;
}

function splitInto(text, count) {
  if (count <= 1 || text.length <= 1) {
    return [text];
  }
  const size = Math.ceil(text.length / count);
  const pieces = [];
  for (let i = 0; i < text.length; i += size) {
    pieces.push(text.slice(i, i + size));
  }
  return pieces;
}

function echoText(body) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const lastUser = [...messages].reverse().find(m => m.role === 'user');
  const said =
    typeof lastUser?.content === 'string' ? lastUser.content : '(nothing)';
  return `You said: ${said}`;
}

function sleep(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--port') {
      options.port = Number(value);
      i++;
    } else if (arg === '--host') {
      options.host = value;
      i++;
    } else if (arg === '--api-key') {
      options.apiKey = value;
      i++;
    } else if (arg === '--model') {
      options.models = [...(options.models ?? []), value];
      i++;
    } else if (arg === '--when-empty') {
      options.whenEmpty = value;
      i++;
    } else if (arg === '--help' || arg === '-h') {
      options.help = true;
    }
  }
  return options;
}

/**
 * Run the server as a CLI with the given arguments; resolves with the
 * server once it listens (it prints `READY <baseURL>`).
 */
async function runCli(argv) {
  const options = parseArgs(argv);
  if (options.help) {
    console.log(
      'usage: node testing/scripted-openai-server.mjs --port 8911 ' +
        '[--host 127.0.0.1] [--api-key KEY] [--model NAME] ' +
        '[--when-empty error|echo]'
    );
    return null;
  }
  const server = await startScriptedServer({ port: 8911, ...options });
  console.log(`READY ${server.baseURL}`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return server;
}

module.exports = { startScriptedServer, runCli };

// Run as a CLI when executed directly (not when required).
if (require.main === module) {
  runCli(process.argv.slice(2)).catch(error => {
    console.error(error);
    process.exit(1);
  });
}
