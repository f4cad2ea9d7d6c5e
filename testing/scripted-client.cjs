'use strict';
/**
 * The client of the scripted OpenAI-compatible server's control endpoints
 * (see scripted-openai-server.cjs): the one that jest specs, the Galata
 * helpers and scripts use to script replies and read what was received.
 * It talks HTTP, so it reaches a server in this process or another one.
 */

/**
 * A client of the scripted server at `origin` (e.g. http://127.0.0.1:8911,
 * without /v1).
 */
function scriptedClient(origin) {
  async function control(method, path, body) {
    // Each control request on a connection of its own: Node's fetch reuses
    // an idle keep-alive socket, and one the server closed meanwhile (after
    // a long beforeAll) failed the request with "fetch failed".
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: {
        Connection: 'close',
        ...(body ? { 'Content-Type': 'application/json' } : {})
      },
      body: body ? JSON.stringify(body) : undefined
    });
    if (!response.ok) {
      throw new Error(
        `scripted server ${method} ${path}: HTTP ${response.status}`
      );
    }
    return response.json();
  }
  const client = {
    /** Forget the queue and the recorded requests. */
    async reset() {
      await control('POST', '/__reset');
    },
    /** Queue responses, answered in order, one per chat completion request. */
    async script(...responses) {
      await control('POST', '/__script', { responses });
    },
    /** Drop what is still queued. */
    async clearQueue() {
      await control('DELETE', '/__script');
    },
    /** Every request received since the last reset. */
    async requests() {
      return (await control('GET', '/__requests')).requests;
    },
    /** What `GET /v1/models` lists, until the next reset. */
    async setModels(models) {
      await control('POST', '/__models', { models });
    },
    /** The chat completion requests received since the last reset. */
    async completions() {
      return (await client.requests()).filter(
        r => r.method === 'POST' && /\/chat\/completions$/.test(r.path)
      );
    }
  };
  return client;
}

/** The Authorization header of a recorded request. */
function authorization(request) {
  const value = request.headers['authorization'];
  return Array.isArray(value) ? value[0] : value;
}

module.exports = { scriptedClient, authorization };
