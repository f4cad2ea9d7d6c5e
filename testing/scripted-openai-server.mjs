#!/usr/bin/env node
/**
 * The ES-module entry of the scripted OpenAI-compatible server: it
 * re-exports `startScriptedServer` and, run directly, starts the CLI:
 *
 *     node testing/scripted-openai-server.mjs --port 8911
 *
 * The implementation (and its documentation) is in the CommonJS file beside
 * it, so that jest, which loads specs as CommonJS, can use it too.
 */
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startScriptedServer, runCli } = require('./scripted-openai-server.cjs');

export { startScriptedServer, runCli };

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runCli(process.argv.slice(2));
}
