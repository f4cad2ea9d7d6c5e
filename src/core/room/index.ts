/**
 * A peer's connection to a jupyter-collaboration room, without JupyterLab:
 * the session request, the y-protocols messages, and a connection that
 * reconnects without duplicating anything.
 */
export * from './protocol';
export * from './session';
export * from './connection';
export * from './socket';
