/**
 * Transaction origins of the branch core. Yjs passes the origin of every
 * transaction to observers: these tell the core's own listeners which
 * updates are theirs to ignore, so that nothing is recorded or forwarded
 * twice.
 */

/** The notebook's updates, forwarded into a branch that follows it. */
export const FOLLOW = Symbol('coauthor:follow');

/** A branch being rebuilt from the notebook plus its remaining operations. */
export const REBUILD = Symbol('coauthor:rebuild');

/** Operations of someone else's branch, arriving through the shared document. */
export const MIRROR = Symbol('coauthor:mirror');

/** The core's own bookkeeping in the notebook's shared document. */
export const BOOKKEEPING = Symbol('coauthor:bookkeeping');
