import { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';
import { readCoauthorSection } from '../../metadata';
import { CHAT_ROOT, CHAT_SECTION, ChatModel, IChatSection } from '..';

const alice = { name: 'Alice', color: '#c33' };
const agent = { name: 'gpt-test', color: '#36c', id: 'agent' };

/** Two notebooks kept in sync both ways, as two browsers with a server. */
function connect(a: YNotebook, b: YNotebook): () => void {
  const ab = (update: Uint8Array, origin: unknown) => {
    if (origin !== 'b') {
      Y.applyUpdate(b.ydoc, update, 'a');
    }
  };
  const ba = (update: Uint8Array, origin: unknown) => {
    if (origin !== 'a') {
      Y.applyUpdate(a.ydoc, update, 'b');
    }
  };
  Y.applyUpdate(b.ydoc, Y.encodeStateAsUpdate(a.ydoc), 'a');
  Y.applyUpdate(a.ydoc, Y.encodeStateAsUpdate(b.ydoc), 'b');
  a.ydoc.on('update', ab);
  b.ydoc.on('update', ba);
  return () => {
    a.ydoc.off('update', ab);
    b.ydoc.off('update', ba);
  };
}

describe('ChatModel', () => {
  const notebooks: YNotebook[] = [];
  const models: ChatModel[] = [];
  function notebook(): YNotebook {
    // `create` gives it the metadata map a loaded notebook has.
    const nb = YNotebook.create();
    notebooks.push(nb);
    return nb;
  }
  function chat(options: ChatModel.IOptions): ChatModel {
    const model = new ChatModel(options);
    models.push(model);
    return model;
  }
  afterEach(() => {
    models.splice(0).forEach(m => m.dispose());
    notebooks.splice(0).forEach(n => n.dispose());
    jest.useRealTimers();
  });

  it('keeps messages in a root type of the notebook document', () => {
    const nb = notebook();
    const model = chat({ notebook: nb });
    const id = model.addMessage({ role: 'user', author: alice, body: 'Hi' });
    const root = nb.ydoc.getArray<Y.Map<unknown>>(CHAT_ROOT);
    expect(root.length).toBe(1);
    const map = root.get(0);
    expect(map.get('id')).toBe(id);
    expect(map.get('role')).toBe('user');
    expect(map.get('author')).toEqual(alice);
    expect(map.get('body')).toBeInstanceOf(Y.Text);
    expect(model.messages[0]).toMatchObject({ id, body: 'Hi', status: 'done' });
  });

  it('streams by appending to the body, visible live to a collaborator', () => {
    const a = notebook();
    const b = notebook();
    const disconnect = connect(a, b);
    const mine = chat({ notebook: a, save: false });
    const theirs = chat({ notebook: b, save: false });
    const seen: (string | null)[] = [];
    theirs.changed.connect((_, id) => seen.push(id));

    const id = mine.addMessage({
      role: 'assistant',
      author: agent,
      status: 'streaming'
    });
    const sizes: number[] = [];
    const onUpdate = (update: Uint8Array) => sizes.push(update.byteLength);
    a.ydoc.on('update', onUpdate);
    for (const token of ['Hel', 'lo', ' wor', 'ld']) {
      mine.appendText(id, token);
      // The collaborator already has the text so far.
      expect(theirs.getMessage(id)!.body).toBe(mine.getMessage(id)!.body);
    }
    a.ydoc.off('update', onUpdate);
    mine.setStatus(id, 'done');
    expect(theirs.getMessage(id)).toMatchObject({
      body: 'Hello world',
      status: 'done',
      author: agent
    });
    // One small update per token, not the whole message again.
    expect(sizes).toHaveLength(4);
    expect(Math.max(...sizes)).toBeLessThan(40);
    expect(seen[0]).toBeNull();
    expect(seen.filter(x => x === id).length).toBeGreaterThanOrEqual(4);
    disconnect();
  });

  it('saves into metadata.coauthor.chat, debounced, and restores on load', () => {
    jest.useFakeTimers();
    const nb = notebook();
    const model = chat({ notebook: nb, saveDelay: 500 });
    model.addMessage({ role: 'user', author: alice, body: 'Plot x' });
    const reply = model.addMessage({
      role: 'assistant',
      author: agent,
      status: 'streaming'
    });
    model.appendText(reply, 'Sure');
    jest.advanceTimersByTime(2000);
    // Not while the reply streams: the saved copy would be rewritten per token.
    expect(readCoauthorSection(nb, CHAT_SECTION)).toBeUndefined();
    model.setStatus(reply, 'done');
    jest.advanceTimersByTime(499);
    expect(readCoauthorSection(nb, CHAT_SECTION)).toBeUndefined();
    jest.advanceTimersByTime(1);
    const saved = readCoauthorSection<IChatSection>(nb, CHAT_SECTION)!;
    expect(saved.version).toBe(1);
    expect(saved.messages.map(m => [m.role, m.body])).toEqual([
      ['user', 'Plot x'],
      ['assistant', 'Sure']
    ]);

    // A fresh load of the saved file: metadata only, no shared chat yet.
    const json = nb.toJSON();
    const reloaded = notebook();
    const restored = chat({ notebook: reloaded });
    expect(restored.length).toBe(0);
    reloaded.fromJSON(json);
    expect(restored.messages.map(m => m.body)).toEqual(['Plot x', 'Sure']);
    expect(restored.messages[1].id).toBe(reply);
    // Loading the same metadata again does not duplicate.
    reloaded.setMetadata('coauthor', { ...(json.metadata as any).coauthor });
    expect(restored.length).toBe(2);
  });

  it('does not save when saving is off', () => {
    jest.useFakeTimers();
    const nb = notebook();
    const model = chat({ notebook: nb, save: false, saveDelay: 10 });
    model.addMessage({ role: 'user', author: alice, body: 'secret plans' });
    jest.advanceTimersByTime(100);
    expect(nb.getMetadata('coauthor')).toBeUndefined();
    model.save = true;
    jest.advanceTimersByTime(100);
    expect(
      readCoauthorSection<IChatSection>(nb, CHAT_SECTION)!.messages
    ).toHaveLength(1);
  });

  it('removes duplicates when two peers restore the same chat at once', () => {
    const saved: IChatSection = {
      version: 1,
      messages: [
        {
          id: 'm1',
          role: 'user',
          author: alice,
          time: 1,
          body: 'one',
          status: 'done'
        },
        {
          id: 'm2',
          role: 'assistant',
          author: agent,
          time: 2,
          body: 'two',
          status: 'streaming'
        }
      ]
    };
    const a = notebook();
    const b = notebook();
    a.setMetadata('coauthor', { version: 1, chat: saved } as any);
    b.setMetadata('coauthor', { version: 1, chat: saved } as any);
    const ma = chat({ notebook: a, save: false });
    const mb = chat({ notebook: b, save: false });
    expect(ma.length).toBe(2);
    expect(mb.length).toBe(2);
    // A message saved mid-stream comes back stopped.
    expect(ma.messages[1].status).toBe('stopped');
    const disconnect = connect(a, b);
    expect(ma.messages.map(m => m.id)).toEqual(['m1', 'm2']);
    expect(mb.messages.map(m => m.id)).toEqual(['m1', 'm2']);
    disconnect();
  });

  it('clears the conversation and its saved copy', () => {
    jest.useFakeTimers();
    const nb = notebook();
    const model = chat({ notebook: nb, saveDelay: 10 });
    model.addMessage({ role: 'user', author: alice, body: 'x' });
    jest.advanceTimersByTime(20);
    expect(nb.getMetadata('coauthor')).toBeDefined();
    model.clear();
    jest.advanceTimersByTime(20);
    expect(model.length).toBe(0);
    expect(nb.getMetadata('coauthor')).toBeUndefined();
  });

  it('streams reasoning apart from the body, to collaborators and into the saved copy', () => {
    jest.useFakeTimers();
    const a = notebook();
    const b = notebook();
    const disconnect = connect(a, b);
    const mine = chat({ notebook: a, saveDelay: 10 });
    const theirs = chat({ notebook: b, save: false });
    const id = mine.addMessage({ role: 'assistant', author: agent });
    mine.appendReasoning(id, 'Read c0 ', 'reasoning_content');
    mine.appendReasoning(id, 'first.', 'reasoning_content');
    mine.appendText(id, '<tool_call>{}</tool_call> Done.');
    mine.setBody(id, 'Done.');
    mine.setReasoningTime(id, 4200.4);
    expect(theirs.getMessage(id)).toMatchObject({
      body: 'Done.',
      reasoning: 'Read c0 first.',
      reasoningSource: 'reasoning_content',
      reasoningMs: 4200
    });
    jest.advanceTimersByTime(20);
    disconnect();
    const saved = readCoauthorSection<IChatSection>(a, CHAT_SECTION)!;
    expect(saved.messages[0]).toMatchObject({
      reasoning: 'Read c0 first.',
      reasoningMs: 4200
    });
    // Restored elsewhere, it keeps where the reasoning came from.
    const c = notebook();
    c.setMetadata('coauthor', { version: 1, chat: saved } as any);
    expect(chat({ notebook: c, save: false }).messages[0]).toMatchObject({
      reasoning: 'Read c0 first.',
      reasoningSource: 'reasoning_content'
    });
  });
});
