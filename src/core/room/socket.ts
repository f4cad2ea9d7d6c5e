import type { IRoomSocket } from './connection';
import {
  FetchLike,
  IServerLocation,
  requestDocSession,
  roomUrl
} from './session';

/**
 * A constructor of WebSockets: the global `WebSocket` of browsers and of
 * Node 22 (which `coauthor-agent` requires for it).
 */
export type WebSocketLike = new (url: string) => IRoomSocket;

/**
 * Open a socket to a notebook's room as JupyterLab does: ask the server for
 * the file's session first (each time: a restarted server has a new session
 * id), then open the room's WebSocket. Pass it as `RoomConnection`'s `open`.
 */
export async function openRoomSocket(
  server: IServerLocation,
  path: string,
  options: { fetch?: FetchLike; WebSocket?: WebSocketLike } = {}
): Promise<IRoomSocket> {
  const Socket =
    options.WebSocket ??
    ((globalThis as { WebSocket?: unknown }).WebSocket as
      WebSocketLike | undefined);
  if (!Socket) {
    throw new Error(
      'This JavaScript runtime has no WebSocket (Node 22 or later has one).'
    );
  }
  const session = await requestDocSession(server, path, {
    fetch: options.fetch
  });
  return new Socket(roomUrl(server, session));
}
