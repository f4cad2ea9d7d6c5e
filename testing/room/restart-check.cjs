#!/usr/bin/env node
'use strict';
/**
 * The room connection (src/core/room) against a real Jupyter server with
 * jupyter-collaboration: join a notebook's room, edit, save; kill the server
 * (SIGKILL) and start it again, with its store kept (the room keeps its
 * history: the connection merges) and without it (the room reloads the file
 * with new item ids: the connection must end with `reset`, not merge). Each
 * time a fresh peer checks the room: one cell, each edit once.
 *
 * Run by testing/room/restart-check.sh, which compiles the room core to
 * CommonJS first. Prints `N passed, N failed`.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { spawn } = require('node:child_process');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const path = require('node:path');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Y = require('yjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Awareness } = require('y-protocols/awareness');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const room = require(process.env.ROOM_MODULE);

const [jupyter, root, port] = process.argv.slice(2);
const server = { baseUrl: `http://127.0.0.1:${port}`, token: 'room-check' };
let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok - ${name}`);
  } else {
    failed += 1;
    console.log(`not ok - ${name} ${detail}`);
  }
}

function start() {
  return spawn(
    jupyter,
    [
      'server',
      '--allow-root',
      `--port=${port}`,
      '--ip=127.0.0.1',
      `--IdentityProvider.token=${server.token}`,
      '--ServerApp.open_browser=False'
    ],
    { cwd: root, stdio: 'ignore' }
  );
}

function join(doc) {
  return new room.RoomConnection({
    doc,
    awareness: new Awareness(doc),
    minDelayMs: 300,
    maxDelayMs: 2000,
    open: async () =>
      new WebSocket(
        room.roomUrl(server, await room.requestDocSession(server, 't.ipynb'))
      )
  });
}

function ended(connection) {
  return new Promise(resolve =>
    connection.statusChanged.connect((_, status) => {
      if (status === 'synced' || status === 'reset') {
        resolve(status);
      }
    })
  );
}

async function roomSources() {
  const doc = new Y.Doc();
  const probe = join(doc);
  await probe.whenSynced();
  const sources = doc
    .getArray('cells')
    .toJSON()
    .map(cell => cell.source);
  await probe.close(0);
  return sources;
}

async function restartCase(keepStore, mark) {
  let srv = start();
  const doc = new Y.Doc();
  const connection = join(doc);
  await connection.whenSynced();
  const cells = doc.getArray('cells');
  cells.get(0).get('source').insert(0, mark);
  check(
    `save before the restart (${mark})`,
    (await connection.requestSave()) === 'success'
  );
  // Give the store its write (it follows the update queue).
  await new Promise(resolve => setTimeout(resolve, 1500));
  const outcome = ended(connection);
  srv.kill('SIGKILL');
  await new Promise(resolve => setTimeout(resolve, 500));
  // Written while the server is down: it goes out with the next sync.
  const offline = `${mark.slice(0, -1)} offline]`;
  cells.get(0).get('source').insert(0, offline);
  if (!keepStore) {
    fs.rmSync(path.join(root, '.jupyter_ystore.db'), { force: true });
  }
  srv = start();
  const status = await outcome;
  // With its store, the server reuses the stored history when it matches
  // the file (the connection then merges) and reloads the file when it does
  // not (a store written after the file): either is right, as long as the
  // room ends up with each edit once.
  check(
    keepStore
      ? `a restarted room with its store: the connection ${status === 'synced' ? 'merges' : 'rejoins'}`
      : 'a room reloaded from the file: the connection ends with reset',
    keepStore ? status === 'synced' || status === 'reset' : status === 'reset',
    `(got ${status})`
  );
  const sources = await roomSources();
  check(
    `the room has one cell after the restart (${mark})`,
    sources.length === 1,
    JSON.stringify(sources)
  );
  const text = sources.join('');
  check(
    `the edit is there once (${mark})`,
    text.split(mark).length === 2,
    JSON.stringify(sources)
  );
  if (status === 'synced') {
    check(
      `the offline edit arrives once (${mark})`,
      text.split(offline).length === 2,
      JSON.stringify(sources)
    );
  } else {
    // A reset leaves the old replica's offline edit to its owner: the room
    // must not have it (that would mean a merge of the old state).
    check(
      `the reset room has none of the old replica's offline edit (${mark})`,
      !text.includes(offline),
      JSON.stringify(sources)
    );
  }
  await connection.close(0);
  srv.kill('SIGTERM');
  await new Promise(resolve => srv.on('exit', resolve));
}

(async () => {
  const timer = setTimeout(() => {
    console.log('not ok - timed out');
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  }, 90000);
  try {
    await restartCase(true, '[kept]');
    await restartCase(false, '[reloaded]');
  } catch (error) {
    check('no error', false, String(error));
  }
  clearTimeout(timer);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
