/**
 * The AI co-author core: the agent as a CRDT peer of the notebook, its
 * tools, where its edits go, the model loop and the OpenAI-compatible client.
 */
export * from './types';
export * from './target';
export * from './peer';
export * from './tools';
export * from './approval';
export * from './editors';
export * from './notebookContent';
export * from './context';
export * from './client';
export * from './endpoint';
export * from './defaults';
export * from './loop';
export * from './editRecorder';
export * from './conversation';
export * from './models';
export * from './presence';
export * from './listing';
