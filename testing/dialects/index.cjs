'use strict';
/**
 * The recorded dialects of real OpenAI-compatible servers: one file per
 * server, each response with the source that documents its shape. Replay
 * one through the scripted server with `recorded(dialect, name)`, which the
 * server writes byte for byte, in the pieces it was recorded in.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const dialects = {
  deepseek: require('./deepseek.cjs'),
  gemini: require('./gemini.cjs'),
  llamacpp: require('./llamacpp.cjs'),
  lmstudio: require('./lmstudio.cjs'),
  ollama: require('./ollama.cjs'),
  openrouter: require('./openrouter.cjs'),
  vllm: require('./vllm.cjs')
};

/** A scripted `raw` response replaying one recorded response. */
function recorded(dialect, name) {
  const response = dialects[dialect]?.responses[name];
  if (!response) {
    throw new Error(`No recorded response ${dialect}.${name}`);
  }
  return {
    type: 'raw',
    status: response.status,
    headers: response.headers,
    ...(response.chunks ? { chunks: response.chunks } : { body: response.body })
  };
}

module.exports = { dialects, recorded };
