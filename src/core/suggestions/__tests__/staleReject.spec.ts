/**
 * A collaborator rejects a suggestion while its author is still typing in
 * it: what the author typed after the reject was made, and before it
 * arrived, is not part of what was rejected. It stays in the suggestion (on
 * a chain of its own), on every peer; what was rejected goes. And a change
 * accepted on one peer while another rejects it stays accepted.
 */
import { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';

import { BRANCHES_ROOT } from '../manager';
import {
  alice,
  bob,
  cell,
  cleanup,
  idsOf,
  manage,
  replaceText,
  setup
} from './helpers';

afterEach(cleanup);

/**
 * Two documents linked through a connection that can be held: updates made
 * while it is held are queued and delivered, in order, on `release`.
 */
function heldLink(a: Y.Doc, b: Y.Doc) {
  const queues = new Map<Y.Doc, Uint8Array[]>([
    [a, []],
    [b, []]
  ]);
  let held = false;
  const deliver = (to: Y.Doc, update: Uint8Array) =>
    Y.applyUpdate(to, update, heldLink);
  const forward = (to: Y.Doc) => (update: Uint8Array, origin: unknown) => {
    if (origin === heldLink) {
      return;
    }
    if (held) {
      queues.get(to)!.push(update);
    } else {
      deliver(to, update);
    }
  };
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), heldLink);
  const ab = forward(b);
  const ba = forward(a);
  a.on('update', ab);
  b.on('update', ba);
  return {
    hold: () => {
      held = true;
    },
    /** Deliver what is queued for `to` (both ways without an argument). */
    release: (to?: Y.Doc) => {
      for (const doc of to ? [to] : [a, b]) {
        const queue = queues.get(doc)!;
        queues.set(doc, []);
        queue.forEach(u => deliver(doc, u));
      }
      if (!to) {
        held = false;
      }
    },
    dispose: () => {
      a.off('update', ab);
      b.off('update', ba);
    }
  };
}

/**
 * A reject and what is done meanwhile on the other replica, each made
 * before the other arrives; then both delivered.
 */
async function crossing(
  link: ReturnType<typeof heldLink>,
  reject: () => void,
  meanwhile: () => void = () => undefined
): Promise<void> {
  link.hold();
  reject();
  meanwhile();
  link.release();
  await settle();
  await settle();
}

/** Let the managers' microtasks (late removals, re-expressed edits) run. */
const settle = () => new Promise(resolve => setTimeout(resolve, 0));

const links: { dispose(): void }[] = [];
afterEach(() => links.splice(0).forEach(l => l.dispose()));

function twoHeldPeers() {
  const one = setup();
  const other = new YNotebook({ disableDocumentWideUndoRedo: true });
  const link = heldLink(one.notebook.ydoc, other.ydoc);
  links.push(link, other);
  const two = { notebook: other, manager: manage(other) };
  return { one, two, link };
}

/** Alice suggests "x = 10" for "x = 1" in cell a; both peers have it. */
async function aliceSuggests() {
  const peers = twoHeldPeers();
  const ba = peers.one.manager.branchFor(alice);
  replaceText(ba.doc, 'a', 'x = 1', 'x = 10');
  await settle();
  return { ...peers, ba };
}

describe('typing that crosses a collaborator’s reject', () => {
  it('keeps what was typed after the reject, and drops what was rejected', async () => {
    const { one, two, link, ba } = await aliceSuggests();
    expect(two.manager.changes().map(c => c.proposedSource)).toEqual([
      'x = 10\ny = 2\n'
    ]);

    // Bob rejects what he sees ("x = 10") while Alice, not knowing it yet,
    // goes on typing in the same cell.
    await crossing(
      link,
      () => two.manager.rejectChange(`${ba.id}/a`),
      () => replaceText(ba.doc, 'a', 'y = 2', 'y = 2\nz = 3')
    );

    for (const peer of [one, two]) {
      const changes = peer.manager.changes();
      expect(changes.map(c => c.proposedSource)).toEqual([
        'x = 1\ny = 2\nz = 3\n'
      ]);
      // The notebook never changed.
      expect(cell(peer.notebook, 'a').getSource()).toBe('x = 1\ny = 2\n');
    }
    expect(cell(ba.doc, 'a').getSource()).toBe('x = 1\ny = 2\nz = 3\n');
  });

  it('keeps typing that extends the rejected text itself', async () => {
    const { one, two, link, ba } = await aliceSuggests();
    // Alice types right after the rejected "0".
    await crossing(
      link,
      () => two.manager.rejectChange(`${ba.id}/a`),
      () => replaceText(ba.doc, 'a', 'x = 10', 'x = 100')
    );
    for (const peer of [one, two]) {
      expect(peer.manager.changes().map(c => c.proposedSource)).toEqual([
        'x = 10\ny = 2\n'
      ]);
    }
  });

  it('a reject that saw everything still drops everything', async () => {
    const { one, two, link } = twoHeldPeers();
    const ba = one.manager.branchFor(alice);
    replaceText(ba.doc, 'a', 'x = 1', 'x = 10');
    replaceText(ba.doc, 'a', 'y = 2', 'y = 20');
    await settle();
    await crossing(link, () => two.manager.rejectChange(`${ba.id}/a`));
    for (const peer of [one, two]) {
      expect(peer.manager.changes()).toEqual([]);
    }
    expect(cell(ba.doc, 'a').getSource()).toBe('x = 1\ny = 2\n');
  });

  it('typing in another cell of the branch is untouched by the reject', async () => {
    const { one, two, link, ba } = await aliceSuggests();
    await crossing(
      link,
      () => two.manager.rejectChange(`${ba.id}/a`),
      () => replaceText(ba.doc, 'c', 'x', 'y')
    );
    for (const peer of [one, two]) {
      expect(
        peer.manager.changes().map(c => [c.cellId, c.proposedSource])
      ).toEqual([['c', 'print(y)']]);
    }
  });
});

describe('what cannot be kept, and peers that do not record what they saw', () => {
  it('typing in a rejected new cell is reported, not silently dropped', async () => {
    const { one, two, link } = twoHeldPeers();
    const ba = one.manager.branchFor(alice);
    ba.doc.insertCell(1, {
      cell_type: 'code',
      id: 'new',
      source: 'n = 1'
    });
    await settle();
    const lost: string[][] = [];
    one.manager.keptLost.connect((_, { cellIds }) => lost.push(cellIds));
    await crossing(
      link,
      () => two.manager.rejectChange(`${ba.id}/new`),
      () => replaceText(ba.doc, 'new', 'n = 1', 'n = 12')
    );
    expect(lost).toEqual([['new']]);
    for (const peer of [one, two]) {
      expect(peer.manager.changes()).toEqual([]);
    }
  });

  it('a reject recorded without what it saw drops the whole chain, as before', async () => {
    const { one, two, link, ba } = await aliceSuggests();
    // A peer of an earlier version: its reject lists the clients only.
    const shared = two.notebook.ydoc.getMap<Y.Map<any>>(BRANCHES_ROOT);
    expect(shared.get(ba.id)?.get('rejectedSeen')).toBeInstanceOf(Y.Map);
    two.notebook.ydoc.transact(() => shared.get(ba.id)!.delete('rejectedSeen'));
    link.hold();
    // (In the same transaction as the reject, as an older peer's reject.)
    two.notebook.ydoc.transact(() => {
      two.manager.rejectChange(`${ba.id}/a`);
      shared.get(ba.id)!.delete('rejectedSeen');
    });
    replaceText(ba.doc, 'a', 'y = 2', 'y = 20');
    link.release();
    await settle();
    await settle();
    for (const peer of [one, two]) {
      expect(peer.manager.changes()).toEqual([]);
    }
  });
});

describe('an accept and a reject of the same change, at once', () => {
  it('the accept wins, and what builds on the accepted cell stays on both peers', async () => {
    const { one, two, link } = twoHeldPeers();
    const bb = two.manager.branchFor(bob);
    bb.doc.insertCell(1, { cell_type: 'code', id: 'new', source: 'n = 1' });
    await settle();
    link.hold();
    two.manager.rejectChange(`${bb.id}/new`);
    one.manager.acceptChange(`${bb.id}/new`);
    link.release();
    await settle();
    // Bob, having seen the accept, inserts a cell after the accepted one:
    // his operation builds on the accepted (and rejected) chain.
    bb.doc.insertCell(2, { cell_type: 'code', id: 'next', source: 'm = 2' });
    await settle();
    for (const peer of [one, two]) {
      expect(idsOf(peer.notebook)).toEqual(['a', 'new', 'b', 'c']);
      expect(peer.manager.changes().map(c => [c.cellId, c.kinds])).toEqual([
        ['next', ['inserted']]
      ]);
    }
  });
});
