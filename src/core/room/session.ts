/**
 * The document session of jupyter-collaboration: before joining a room, a
 * client asks the server which room holds a file. The server answers with
 * the file's id (its room is `{format}:{type}:{fileId}`) and the id of the
 * server's current run (`sessionId`), which the websocket must present: a
 * server that restarted closes a connection with an old one (code 1003), so
 * a client always asks again before reconnecting.
 *
 * Source: jupyter-collaboration `packages/docprovider/src/requests.ts`
 * (`requestDocSession`) and `jupyter_server_ydoc/handlers.py`
 * (`DocSessionHandler.put`, `YDocWebSocketHandler`).
 */

/** The server's answer to a session request. */
export interface IDocSession {
  /** The file's format: 'json' for a notebook. */
  readonly format: string;
  /** The document type: 'notebook'. */
  readonly type: string;
  /** The file id the room is named after. */
  readonly fileId: string;
  /** The id of the server's current run. */
  readonly sessionId: string;
}

/** Where and how to reach a Jupyter server. */
export interface IServerLocation {
  /** The server's base URL, e.g. http://127.0.0.1:8888 or .../user/me/. */
  readonly baseUrl: string;
  /** The server's token ('' when it has none). */
  readonly token: string;
}

/** The `fetch` the requests use (the global one by default; a fake in tests). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string }
) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}>;

/** The path of the session endpoint. */
export const SESSION_PATH = 'api/collaboration/session';

/** The path of the room websockets. */
export const ROOM_PATH = 'api/collaboration/room';

/**
 * Ask the server for the session of a notebook (`PUT`, which also creates
 * the file's id when the file has none yet).
 */
export async function requestDocSession(
  server: IServerLocation,
  path: string,
  options: { fetch?: FetchLike; format?: string; type?: string } = {}
): Promise<IDocSession> {
  const fetchImpl = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const url = joinUrl(server.baseUrl, SESSION_PATH, encodePath(path));
  const headers: Record<string, string> = {
    'Content-Type': 'application/json'
  };
  if (server.token) {
    // A token header spares the XSRF cookie a browser would send.
    headers['Authorization'] = `token ${server.token}`;
  }
  const response = await fetchImpl(url, {
    method: 'PUT',
    headers,
    body: JSON.stringify({
      format: options.format ?? 'json',
      type: options.type ?? 'notebook'
    })
  });
  if (!response.ok) {
    const detail = (await response.text().catch(() => '')).slice(0, 200);
    throw new SessionError(
      `The server refused a session for ${path}: HTTP ${response.status}${
        detail ? ` (${detail})` : ''
      }`,
      response.status
    );
  }
  const body = (await response.json()) as Partial<IDocSession>;
  if (!body.fileId || !body.sessionId) {
    throw new SessionError(
      `The server's session answer for ${path} has no fileId or sessionId.`,
      response.status
    );
  }
  return {
    format: body.format ?? options.format ?? 'json',
    type: body.type ?? options.type ?? 'notebook',
    fileId: body.fileId,
    sessionId: body.sessionId
  };
}

/**
 * The websocket URL of a session's room. The token goes in the query, as
 * JupyterLab sends it (`appendToken`): a browser's WebSocket cannot set
 * headers, and Node's global one cannot either.
 */
export function roomUrl(server: IServerLocation, session: IDocSession): string {
  const base = server.baseUrl.replace(/^http(s?):/, 'ws$1:');
  const room = `${session.format}:${session.type}:${session.fileId}`;
  const query = new URLSearchParams({ sessionId: session.sessionId });
  if (server.token) {
    query.set('token', server.token);
  }
  // Unencoded, as y-websocket joins it: ids and colons are URL-safe.
  return `${joinUrl(base, ROOM_PATH, room)}?${query}`;
}

/** A session request that failed, with the HTTP status (0: no answer). */
export class SessionError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

function joinUrl(base: string, ...parts: string[]): string {
  return [base.replace(/\/+$/, ''), ...parts].join('/');
}

function encodePath(path: string): string {
  return path.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
}
