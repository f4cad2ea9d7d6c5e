import { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';
import { buildContext } from '../../agent/context';
import {
  ChatModel,
  IChatAttachment,
  messageWithAttachments,
  selectedLines,
  sliceLines
} from '..';

const cell3: IChatAttachment = {
  cellId: 'c2',
  label: 'Cell 3, lines 2–3',
  source: 'b = 2\nc = 3',
  lines: [2, 3]
};

describe('attachments', () => {
  const notebooks: YNotebook[] = [];
  const models: ChatModel[] = [];
  // `create` gives it the metadata map a loaded notebook has.
  function notebook(): YNotebook {
    const nb = YNotebook.create();
    notebooks.push(nb);
    return nb;
  }
  function chatOf(options: ChatModel.IOptions): ChatModel {
    const model = new ChatModel(options);
    models.push(model);
    return model;
  }
  afterEach(() => {
    models.splice(0).forEach(m => m.dispose());
    notebooks.splice(0).forEach(n => n.dispose());
  });

  it('counts the lines a selection covers, as an editor does', () => {
    const text = 'a = 1\nb = 2\nc = 3\nd = 4';
    expect(selectedLines(text, 0, 0)).toBeNull();
    expect(selectedLines(text, 6, 9)).toEqual([2, 2]);
    // From inside line 2 to inside line 3, backwards too.
    expect(selectedLines(text, 14, 7)).toEqual([2, 3]);
    // Ending at the start of line 4 (after its newline) leaves line 4 out.
    expect(selectedLines(text, 6, 18)).toEqual([2, 3]);
    expect(selectedLines(text, 0, text.length)).toEqual([1, 4]);
  });

  it('slices lines, clamped to what the text has', () => {
    const text = 'a\nb\nc';
    expect(sliceLines(text, 2, 3)).toBe('b\nc');
    expect(sliceLines(text, 2, 9)).toBe('b\nc');
    expect(sliceLines(text, 5, 9)).toBe('c');
  });

  it('gives the model each attachment fenced, with its cell id', () => {
    expect(messageWithAttachments('Why?', undefined)).toBe('Why?');
    const text = messageWithAttachments('Why?', [cell3]);
    expect(text).toBe(
      'Why?\n\nAttached: Cell 3, lines 2–3 (cell id c2):\n```\nb = 2\nc = 3\n```'
    );
    // Backticks in the source cannot close the fence.
    const fenced = messageWithAttachments('x', [
      { cellId: 'c0', label: 'Cell 1', source: 'say ````hi````' }
    ]);
    expect(fenced).toContain('`````\nsay ````hi````\n`````');
  });

  it('are shared with the message, saved, and sent to the model', () => {
    const nb = notebook();
    const chat = chatOf({ notebook: nb, saveDelay: 0 });
    const id = chat.addMessage({
      role: 'user',
      author: { name: 'Ann', color: 'red' },
      body: 'Why does this fail?',
      attachments: [cell3]
    });
    expect(chat.getMessage(id)?.attachments).toEqual([cell3]);

    // A collaborator's replica reads them too.
    const other = notebook();
    Y.applyUpdate(other.ydoc, Y.encodeStateAsUpdate(nb.ydoc));
    const theirs = chatOf({ notebook: other });
    expect(theirs.messages[0].attachments).toEqual([cell3]);

    const context = buildContext({
      system: 's',
      conversation: chat.messages,
      budget: 48000
    });
    expect(context.messages[1]).toEqual({
      role: 'user',
      content: messageWithAttachments('Why does this fail?', [cell3])
    });

    // Saved in the metadata and restored into a fresh notebook.
    chat.flush();
    const saved = nb.getMetadata('coauthor') as any;
    expect(saved.chat.messages[0].attachments).toEqual([cell3]);
    const restored = notebook();
    restored.setMetadata('coauthor', saved);
    const again = chatOf({ notebook: restored });
    expect(again.messages[0].attachments).toEqual([cell3]);
  });

  it('leaves out malformed attachments', () => {
    const chat = chatOf({ notebook: notebook() });
    const id = chat.addMessage({
      role: 'user',
      author: { name: 'Ann', color: 'red' },
      body: 'x',
      attachments: [cell3, { cellId: 'c0' } as any]
    });
    expect(chat.getMessage(id)?.attachments).toEqual([cell3]);
  });
});
