/**
 * The load test's access to the project's own code: the compiled core (lib/,
 * `npm run build:lib`) loaded through bin/esm-hooks.mjs as the command-line
 * tools load it, so that its peers join rooms with the same RoomConnection
 * and write the chat with the same ChatModel as the headless agent.
 */
import fs from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..'
);

let loaded = null;

/** The room connection and chat model of lib/, and yjs, one instance each. */
export async function loadCore() {
  if (loaded) {
    return loaded;
  }
  const lib = path.join(REPO, 'lib');
  const entry = path.join(lib, 'core', 'room', 'index.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`no compiled core at ${entry}: run \`npm run build:lib\``);
  }
  register(pathToFileURL(path.join(REPO, 'bin', 'esm-hooks.mjs')), {
    data: {
      root: pathToFileURL(lib + path.sep).href,
      packageUrl: pathToFileURL(path.join(REPO, 'package.json')).href
    }
  });
  // @jupyter/ydoc reads a new cell's metadata before the cell is in a
  // document and Yjs warns each time: not ours, and thousands of lines here.
  const warn = console.warn;
  console.warn = (...args) => {
    const message = String(args[0]);
    if (
      !message.startsWith('Invalid access: Add Yjs type to a document') &&
      !message.startsWith('[yjs#509] Not same Y.Doc')
    ) {
      warn(...args);
    }
  };
  const room = await import(pathToFileURL(entry).href);
  const chat = await import(
    pathToFileURL(path.join(lib, 'core', 'chat', 'model.js')).href
  );
  const Y = await import('yjs');
  const { YNotebook } = await import('@jupyter/ydoc');
  const { Awareness } = await import('y-protocols/awareness');
  loaded = { room, chat, Y, YNotebook, Awareness };
  return loaded;
}

/**
 * Join a notebook's room: a RoomConnection over a new session, reconnecting
 * as the agent's does.
 */
export function joinRoom(core, server, notebookPath, doc, awareness) {
  return new core.room.RoomConnection({
    doc,
    awareness: awareness ?? new core.Awareness(doc),
    minDelayMs: 300,
    maxDelayMs: 3000,
    open: async () =>
      new WebSocket(
        core.room.roomUrl(
          server,
          await core.room.requestDocSession(server, notebookPath)
        )
      )
  });
}
