import { YNotebook } from '@jupyter/ydoc';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  awarenessMessage,
  decodeMessage,
  queryAwarenessMessage,
  roomHoldsHistory,
  syncStep1,
  syncStep2,
  updateMessage
} from '../protocol';
import { MemoryRoom } from './memoryRoom';

beforeAll(() => MemoryRoom.quietYdocWarnings());

describe('room messages', () => {
  it('frames sync step 1 as [0, 0, state vector] (y-protocols)', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hi');
    const frame = syncStep1(doc);
    expect([...frame.slice(0, 2)]).toEqual([0, 0]);
    const message = decodeMessage(frame);
    expect(message.type).toBe('syncStep1');
    expect(
      Y.decodeStateVector((message as { stateVector: Uint8Array }).stateVector)
    ).toEqual(new Map([[doc.clientID, 2]]));
  });

  it('round-trips step 2, updates, awareness and the query', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    const step2 = decodeMessage(syncStep2(doc));
    expect(step2.type).toBe('syncStep2');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, (step2 as { update: Uint8Array }).update);
    expect(copy.getText('t').toString()).toBe('hello');

    const update = Y.encodeStateAsUpdate(doc);
    expect(decodeMessage(updateMessage(update))).toEqual({
      type: 'update',
      update
    });

    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { name: 'Agent' } });
    const frame = awarenessMessage(awareness, [doc.clientID]);
    expect(frame[0]).toBe(1);
    expect(decodeMessage(frame).type).toBe('awareness');
    awareness.destroy();

    expect(decodeMessage(queryAwarenessMessage())).toEqual({
      type: 'queryAwareness'
    });
  });

  it("decodes jupyter-collaboration's raw save reply (type 2)", () => {
    // The server's `_encode_json_message`: var uint 2, var string JSON.
    const json = '{"type":"save","responseTo":1,"status":"success"}';
    const frame = new Uint8Array([2, json.length, ...Buffer.from(json)]);
    expect(decodeMessage(frame)).toEqual({ type: 'raw', body: json });
  });
});

describe('roomHoldsHistory', () => {
  afterEach(() => MemoryRoom.disposeAll());

  it('holds when the room has seen everything others wrote', () => {
    const server = MemoryRoom.load(MemoryRoom.file(['a']));
    const agent = new YNotebook();
    MemoryRoom.opened.push(agent);
    Y.applyUpdate(agent.ydoc, Y.encodeStateAsUpdate(server.ydoc));
    // The agent's own offline edit may be ahead of the room.
    agent.cells[0].setSource('a, edited');
    expect(
      roomHoldsHistory(agent.ydoc, Y.encodeStateVector(server.ydoc), [
        agent.ydoc.clientID
      ])
    ).toBe(true);
  });

  it('does not hold for a room reloaded from the file', () => {
    const file = MemoryRoom.file(['a']);
    const first = MemoryRoom.load(file);
    const agent = new YNotebook();
    MemoryRoom.opened.push(agent);
    Y.applyUpdate(agent.ydoc, Y.encodeStateAsUpdate(first.ydoc));
    const reloaded = MemoryRoom.load(file);
    expect(
      roomHoldsHistory(agent.ydoc, Y.encodeStateVector(reloaded.ydoc), [
        agent.ydoc.clientID
      ])
    ).toBe(false);
  });

  it('holds trivially for an empty replica (a first join)', () => {
    const server = MemoryRoom.load(MemoryRoom.file(['a']));
    expect(
      roomHoldsHistory(new Y.Doc(), Y.encodeStateVector(server.ydoc), [])
    ).toBe(true);
  });
});
