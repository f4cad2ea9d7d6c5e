/**
 * The headless agent: the AI co-author as a peer of a notebook's
 * collaboration room, run from Node by `coauthor-agent`.
 */
export * from './options';
export * from './claims';
export * from './replica';
export * from './agent';
