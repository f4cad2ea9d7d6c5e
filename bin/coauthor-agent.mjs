#!/usr/bin/env node
/**
 * coauthor-agent: the AI co-author as a headless peer of a notebook's
 * collaboration room on a Jupyter server (with jupyter-collaboration).
 *
 *   coauthor-agent --server http://127.0.0.1:8888 --notebook nb.ipynb \
 *     --model-url http://127.0.0.1:11434/v1 --model NAME --name Ada
 *
 * Runs on the compiled core (lib/, `npm run build:lib`); see
 * docs/headless.md. The option parser and the agent are in
 * src/core/headless/; this file only wires the process: Node's version,
 * the environment, signals, logs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const NAME = 'coauthor-agent';
const log = line => process.stderr.write(`${NAME}: ${line}\n`);

// The room needs the global WebSocket (Node 22) and the core needs
// openai 7's Node (22.13): refuse older ones before loading anything.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  log(
    `needs Node.js 22.13 or later (this is ${process.version}); ` +
      'the project installs one into .node/ (scripts/lib.sh ensure_node)'
  );
  process.exit(1);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const packageRoot = path.resolve(here, '..');
const lib = path.resolve(
  process.env.COAUTHOR_CORE_LIB ?? path.join(packageRoot, 'lib')
);
const entry = path.join(lib, 'core', 'headless', 'index.js');
if (!fs.existsSync(entry)) {
  log(`no compiled core at ${entry}: run \`npm run build:lib\` first`);
  process.exit(1);
}
// Imported here, not at the top: an older Node lacks `register` and would
// fail on the import before saying what it needs.
const { register } = await import('node:module');
register(pathToFileURL(path.join(here, 'esm-hooks.mjs')), {
  data: {
    root: pathToFileURL(lib + path.sep).href,
    packageUrl: pathToFileURL(path.join(packageRoot, 'package.json')).href
  }
});
// `@jupyter/ydoc` reads each new cell's metadata before the cell is in a
// document, and Yjs warns about it: one line per cell, not ours.
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

const headless = await import(pathToFileURL(entry).href);
const { createClient } = await import(
  pathToFileURL(path.join(lib, 'core', 'agent', 'index.js')).href
);
const { openRoomSocket } = await import(
  pathToFileURL(path.join(lib, 'core', 'room', 'index.js')).href
);

let command;
try {
  command = headless.parseAgentArgs(process.argv.slice(2), process.env);
} catch (error) {
  process.stderr.write(`${NAME}: ${error.message}\n\n${headless.AGENT_USAGE}`);
  process.exit(2);
}
if (command.help) {
  process.stdout.write(headless.AGENT_USAGE);
  process.exit(0);
}

// The key is read here and given to the client only: never logged, never
// in the document (the loop strips it from error messages too).
const apiKey = headless.apiKeyFromEnv(process.env);
const server = { baseUrl: command.server, token: command.token };
const agent = new headless.HeadlessAgent({
  open: () => openRoomSocket(server, command.notebook),
  name: command.name,
  color: command.color,
  settings: {
    baseUrl: command.modelUrl,
    model: command.model,
    temperature: command.temperature,
    editMode: command.editMode,
    maxSteps: command.maxSteps
  },
  client: createClient({ baseUrl: command.modelUrl, apiKey }),
  instructions: command.instructions,
  answerUnaddressed: command.answerUnaddressed,
  saveChat: command.saveChat,
  log
});

let stopping = null;
const stop = signal => {
  if (stopping) {
    // A second Ctrl+C: leave now.
    log(`${signal} again: exiting without waiting`);
    process.exit(130);
  }
  log(`${signal}: stopping`);
  stopping = agent.stop().then(
    () => process.exit(0),
    error => {
      log(`could not stop cleanly: ${error.message}`);
      process.exit(1);
    }
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

log(
  `joining ${command.notebook} on ${command.server} as ${command.name} ` +
    `(model ${command.model} at ${command.modelUrl}${apiKey ? ', with an API key' : ''})`
);
try {
  await agent.whenJoined();
} catch (error) {
  log(`could not join: ${error.message}`);
}
log(
  `in the room as ${agent.name}; answering messages that start with @${agent.name}`
);
let prompt = command.prompt;
if (command.claim !== null) {
  const claims = await agent.claim(
    new RegExp(command.claim, 'm'),
    command.claimCount
  );
  log(`claimed ${claims.length} cell(s): ${claims.join(', ') || 'none left'}`);
  if (claims.length === 0) {
    // Nothing of the task is left for this agent.
    prompt = null;
    if (command.exitAfterPrompt && !stopping) {
      stop('nothing to claim');
    }
  } else if (prompt !== null) {
    prompt = prompt.replaceAll('{claims}', claims.join(', '));
  }
}
if (prompt !== null && !stopping) {
  const result = await agent.prompt(prompt);
  if (command.exitAfterPrompt && !stopping) {
    stop(`prompt answered (${result.status})`);
  }
}
