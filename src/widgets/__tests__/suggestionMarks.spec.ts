import { EditorState } from '@codemirror/state';
import { DecorationSet } from '@codemirror/view';

import { buildDecorations, ICellMarks, sameMarks } from '../suggestionMarks';

const author = { name: 'Alice', color: '#d33682' };

/** The decorations as plain records: where, and which kind. */
function describe_(set: DecorationSet): string[] {
  const out: string[] = [];
  set.between(0, 1e9, (from, to, deco) => {
    const spec = deco.spec as any;
    if (spec.widget) {
      const widget = spec.widget as any;
      out.push(
        widget.text !== undefined
          ? `${from} ghost-${widget.kind}:${widget.text}`
          : `${from} buttons:${widget.changeId}`
      );
    } else {
      out.push(`${from}-${to} ${spec.class}`);
    }
  });
  return out;
}

/**
 * Rebuild the other side from the editor's text and the decorations: drop
 * the marked text of one kind and put in the ghost text of the other. If the
 * marks are right, this gives back exactly the other side's text.
 */
function otherSide(doc: string, set: DecorationSet, shows: string): string {
  const dropped = shows === 'proposed' ? 'inserted' : 'removed';
  const ghost = shows === 'proposed' ? 'removed' : 'inserted';
  const edits: { from: number; to: number; text: string }[] = [];
  set.between(0, doc.length, (from, to, deco) => {
    const spec = deco.spec as any;
    if (spec.widget?.kind === ghost) {
      edits.push({ from, to: from, text: spec.widget.text });
    } else if (spec.class === `jp-coauthor-${dropped}`) {
      edits.push({ from, to, text: '' });
    }
  });
  let out = doc;
  for (const edit of edits.reverse()) {
    out = out.slice(0, edit.from) + edit.text + out.slice(edit.to);
  }
  return out;
}

const source = {
  accept: jest.fn(),
  reject: jest.fn(),
  labels: { accept: 'Accept', reject: 'Reject', by: 'by' }
};

describe('suggestion marks', () => {
  it('underlines inserted text and ghosts removed text when the editor shows the suggestion', () => {
    const state = EditorState.create({ doc: 'x = 1\ny = 20\n' });
    const marks: ICellMarks = {
      other: 'x = 1\ny = 2\nz = 3\n',
      shows: 'proposed',
      author
    };
    const set = buildDecorations(state, marks);
    expect(describe_(set)).toContain('11-12 jp-coauthor-inserted');
    expect(describe_(set).some(d => d.includes('ghost-removed'))).toBe(true);
    expect(otherSide(state.doc.toString(), set, 'proposed')).toBe(marks.other);
  });

  it('strikes removed text and ghosts inserted text when the editor shows the notebook', () => {
    const state = EditorState.create({ doc: 'x = 1\ny = 2\nz = 3\n' });
    const marks: ICellMarks = {
      other: 'x = 1\ny = 20\n',
      shows: 'base',
      author
    };
    const set = buildDecorations(state, marks);
    expect(describe_(set)).toContain('17 ghost-inserted:0');
    expect(describe_(set).some(d => d.endsWith('jp-coauthor-removed'))).toBe(
      true
    );
    expect(otherSide(state.doc.toString(), set, 'base')).toBe(marks.other);
  });

  it('adds review buttons at the end of the first changed line', () => {
    const state = EditorState.create({ doc: 'a\nb changed\nc' });
    const marks: ICellMarks = {
      other: 'a\nb\nc',
      shows: 'proposed',
      author,
      changeId: 'change-1'
    };
    const described = describe_(buildDecorations(state, marks, source));
    expect(described).toContain('11 buttons:change-1');
  });

  it('marks that rebuild the other side exactly, on a larger edit', () => {
    const base = 'def f(x):\n    return x * 2\n\nprint(f(3))\n';
    const proposed =
      'def f(x, k=2):\n    """Scale x."""\n    return x * k\n\nprint(f(3))\nprint(f(4, 3))\n';
    for (const shows of ['base', 'proposed'] as const) {
      const doc = shows === 'base' ? base : proposed;
      const other = shows === 'base' ? proposed : base;
      const set = buildDecorations(EditorState.create({ doc }), {
        other,
        shows,
        author
      });
      expect(otherSide(doc, set, shows)).toBe(other);
    }
  });

  it('draws nothing when both sides agree, or without marks', () => {
    const state = EditorState.create({ doc: 'same' });
    expect(
      describe_(
        buildDecorations(state, { other: 'same', shows: 'base', author })
      )
    ).toEqual([]);
    expect(describe_(buildDecorations(state, null))).toEqual([]);
  });

  it('tells marks that draw the same from marks that do not (editors are given only new ones)', () => {
    const marks: ICellMarks = {
      other: 'x = 1\n',
      shows: 'base',
      author: { ...author },
      time: 10,
      changeId: 'b/a'
    };
    expect(sameMarks(null, null)).toBe(true);
    expect(sameMarks(marks, null)).toBe(false);
    expect(sameMarks(null, marks)).toBe(false);
    expect(sameMarks(marks, { ...marks, author: { ...author } })).toBe(true);
    for (const other of [
      { other: 'x = 2\n' },
      { shows: 'proposed' as const },
      { author: { ...author, name: 'Bob' } },
      { author: { ...author, color: '#000' } },
      { time: 11 },
      { changeId: 'b/c' }
    ]) {
      expect(sameMarks(marks, { ...marks, ...other })).toBe(false);
    }
  });
});
