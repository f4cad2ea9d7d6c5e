/**
 * The shared conversation of a notebook: messages as Y types in the
 * notebook's own shared document, saved in its metadata.
 */
export * from './types';
export * from './addressing';
export * from './model';
export * from './toolCards';
export * from './turns';
export * from './attachments';
