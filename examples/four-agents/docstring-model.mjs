#!/usr/bin/env node
/**
 * A deterministic stand-in for a model, for the four-agent example: an
 * OpenAI-compatible `/v1/chat/completions` (streamed) that documents the
 * cells a prompt names. Asked "... cells a, b ...", it calls `edit_cell` on
 * each to add a docstring under the `def` line (read from the notebook
 * outline in the system prompt); given the tool results, it says what it
 * did. No network, no weights: the example shows the agents' coordination,
 * not a model's prose. Use a real endpoint with run.sh --model-url to see
 * a model do the same task.
 *
 *   node examples/four-agents/docstring-model.mjs --port 8912
 *
 * Prints `READY <baseURL>` once it listens.
 */
import http from 'node:http';

const args = process.argv.slice(2);
const port = Number(args[args.indexOf('--port') + 1] || 8912);
const delayMs = Number(process.env.DOCSTRING_MODEL_DELAY_MS ?? 120);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** The tool calls or the text that answer a request. */
export function answer(messages) {
  // The agent's own task (what other agents said, and what was written to
  // them, comes as user messages too, in parentheses first: skip those).
  const ask = /function in cells? ([\w-]+(?:, [\w-]+)*)/;
  let at = -1;
  messages.forEach((m, i) => {
    if (
      m.role === 'user' &&
      !m.content.startsWith('(') &&
      ask.test(m.content)
    ) {
      at = i;
    }
  });
  // Its tool calls were answered (other agents may have spoken since).
  const results = messages.slice(at + 1).filter(m => m.role === 'tool');
  if (at >= 0 && results.length) {
    const done = results
      .map(m => JSON.parse(m.content))
      .filter(r => r.ok)
      .map(r => r.cell_id);
    return {
      text: `Documented ${done.length} function(s), in cells ${done.join(', ')}. Please review the suggestion.`
    };
  }
  const named = ask.exec(messages[at]?.content ?? '');
  const system = messages.find(m => m.role === 'system')?.content ?? '';
  const calls = [];
  for (const cellId of named ? named[1].split(', ') : []) {
    // The outline's line of the cell: `N. [code] id=ID: first line`.
    const line = new RegExp(`id=${cellId}: (def (\\w+)\\((.*)\\):.*)`).exec(
      system
    );
    if (!line) {
      continue;
    }
    const [, first, name, params] = line;
    const what = params.trim() ? ` of ${params.replace(/\s+/g, ' ')}` : '';
    calls.push({
      name: 'edit_cell',
      arguments: JSON.stringify({
        cell_id: cellId,
        old_text: `${first}\n`,
        new_text: `${first}\n    """Compute ${name.replace(/_/g, ' ')}${what}."""\n`
      })
    });
  }
  return calls.length
    ? { calls }
    : { text: 'I found no function cells to document in that message.' };
}

function chunk(model, delta, finish = null) {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-docstring',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }]
  })}\n\n`;
}

const server = http.createServer(async (req, res) => {
  let body = '';
  for await (const piece of req) {
    body += piece;
  }
  if (req.method === 'GET' && req.url.endsWith('/models')) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({ data: [{ id: 'docstring-model', object: 'model' }] })
    );
    return;
  }
  if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
    res.writeHead(404).end();
    return;
  }
  const request = JSON.parse(body);
  const reply = answer(request.messages ?? []);
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  res.write(chunk(request.model, { role: 'assistant', content: '' }));
  if (reply.calls) {
    for (const [index, call] of reply.calls.entries()) {
      await sleep(delayMs);
      res.write(
        chunk(request.model, {
          tool_calls: [
            {
              index,
              id: `call_${Date.now().toString(36)}_${index}`,
              type: 'function',
              function: { name: call.name, arguments: call.arguments }
            }
          ]
        })
      );
    }
    res.write(chunk(request.model, {}, 'tool_calls'));
  } else {
    for (const word of reply.text.split(/(?<= )/)) {
      await sleep(delayMs / 2);
      res.write(chunk(request.model, { content: word }));
    }
    res.write(chunk(request.model, {}, 'stop'));
  }
  res.end('data: [DONE]\n\n');
});
server.listen(port, '127.0.0.1', () =>
  console.log(`READY http://127.0.0.1:${port}/v1`)
);
