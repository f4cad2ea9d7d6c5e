/**
 * Edits made on one version of a text, moved onto another version of it.
 */
import { applyEdits, rebaseEdits, textEdits } from '../rebase';

const rebase = (base: string, ours: string, theirs: string) =>
  applyEdits(theirs, rebaseEdits(base, ours, theirs));

describe('textEdits', () => {
  it('narrows line hunks to the characters that differ', () => {
    expect(textEdits('x = 1\ny = 2\n', 'x = 10\ny = 2\n')).toEqual([
      { from: 5, to: 5, insert: '0' }
    ]);
    expect(textEdits('abc', 'abc')).toEqual([]);
  });
});

describe('rebaseEdits', () => {
  it('moves an insertion past text the other version removed', () => {
    // Rejected: "0" after "x = 1"; typed later: "\nz = 3" at the end.
    expect(
      rebase('x = 10\ny = 2', 'x = 10\ny = 2\nz = 3', 'x = 1\ny = 2')
    ).toBe('x = 1\ny = 2\nz = 3');
  });

  it('keeps an insertion made inside removed text, where that text was', () => {
    expect(rebase('a REMOVED b', 'a REMO+VED b', 'a  b')).toBe('a + b');
  });

  it('drops a deletion of text the other version removed already', () => {
    expect(rebase('a REMOVED b', 'a RED b', 'a  b')).toBe('a  b');
  });

  it('keeps separate edits in separate lines apart', () => {
    const base = 'one\ntwo\nthree\nfour\n';
    const ours = 'one!\ntwo\nthree\nfour?\n';
    const theirs = 'one\nthree\nfour\n';
    expect(rebase(base, ours, theirs)).toBe('one!\nthree\nfour?\n');
  });

  it('applies on an unchanged text exactly', () => {
    expect(rebase('abc\ndef', 'abXc\ndeYf', 'abc\ndef')).toBe('abXc\ndeYf');
  });

  it('returns the edits from the end backwards', () => {
    const edits = rebaseEdits('a\nb\nc\n', 'A\nb\nC\n', 'a\nb\nc\n');
    expect(edits.map(e => e.from)).toEqual([4, 0]);
  });
});
