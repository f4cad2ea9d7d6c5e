import * as Y from 'yjs';

/**
 * Every read of Yjs's private state the core depends on, each named once.
 *
 * Checked against yjs 13.6.33 (node_modules/yjs/package.json). Each function
 * says which public API is missing; src/core/internals/__tests__/yjs.spec.ts
 * pins the behaviour depended on, so that an upgrade that changes it fails
 * there rather than silently in a branch's bookkeeping. No other file of
 * src/ reads a `_private` field of a Y type, a Y.Doc or an Item.
 */

/**
 * The first item of a Y type's list (a Y.Array's elements, a Y.Text's
 * runs), deleted items included (`type._start`); walk on with `item.right`.
 *
 * Why: a branch files the cells a transaction inserted or deleted by their
 * items, and a cell deleted in the transaction is gone from every public
 * view (`toArray`, `forEach`, iteration skip deleted items). The nearest
 * public API, the array event's `changes` (reachable from `afterTransaction`
 * through `tr.changedParentTypes`), leaves out an item both inserted and
 * deleted in the same transaction, which the branch must still file as
 * touched. No public API walks the list with its deleted items.
 */
export function firstItemOf(type: Y.AbstractType<any>): Y.Item | null {
  return (type as any)._start ?? null;
}

/**
 * Whether a transaction of `doc` is open or still being cleaned up
 * (`doc._transaction`, `doc._transactionCleanups`): true inside `transact`,
 * in observers and in `afterTransaction` listeners, false once the last
 * transaction's cleanup has ended.
 *
 * Why: what a listener of one document does to another document (or to a
 * cache of this one) must wait until this one's transactions have ended,
 * or it joins them. The public alternative is counting `beforeTransaction`
 * against `afterTransactionCleanup` events, which miscounts for a document
 * handed over while a transaction is open (its listener would be attached
 * too late) and needs a listener on every document read; the two fields are
 * what Yjs's own `transact` tests.
 */
export function isTransacting(doc: Y.Doc): boolean {
  const raw = doc as any;
  return raw._transaction !== null || raw._transactionCleanups.length > 0;
}

/**
 * The last value a Y.Map held under `key`, even when the entry (or the whole
 * map) has been deleted (`map._map.get(key).content`).
 *
 * Why: a cell deleted in the current transaction still has to be known by
 * its id; `map.get` answers undefined for a deleted entry, and no public API
 * reads deleted content. Branch documents are not garbage-collected, so the
 * content is still there.
 */
export function lastValueOf(map: Y.Map<any>, key: string): unknown {
  const item = (map as any)._map?.get(key);
  const content = item?.content?.getContent?.();
  return content && content.length ? content[content.length - 1] : undefined;
}

/**
 * The id of the item that holds a nested Y type, the same on every replica,
 * or null for a root type or a type not yet in a document.
 *
 * Public API: the `type` of a relative position created on the type (what
 * `type._item.id` is copied into), so no private field is read here; it is
 * named here anyway because relying on a relative position's fields as the
 * type's identity is a reading of Yjs's encoding of positions.
 */
export function typeIdOf(type: Y.AbstractType<any>): Y.ID | null {
  if (type.doc === null) {
    return null;
  }
  // assoc -1 at index 0 names the type's start without walking its content.
  return Y.createRelativePositionFromTypeIndex(type, 0, -1).type;
}
