/**
 * @jest-environment @jupyterlab/testing/lib/jest-env.js
 */
import { codeLanguage, decorateCodeBlocks } from '../codeBlock';
import { ContextChips } from '../contextChip';

const labels = {
  copy: 'Copy',
  copied: 'Copied',
  insertBelow: 'Insert below',
  insertBelowCaption: 'Insert below the active cell'
};

describe('decorateCodeBlocks', () => {
  it('puts a toolbar above each block, never over the code, once', () => {
    const root = document.createElement('div');
    root.innerHTML =
      '<p>Try:</p><pre><code class="language-python">x = 1\n</code></pre><pre>plain</pre>';
    const copied: string[] = [];
    const inserted: [string, string | null][] = [];
    const options = {
      labels,
      onCopy: (code: string) => copied.push(code),
      onInsert: (code: string, language: string | null) =>
        inserted.push([code, language])
    };
    decorateCodeBlocks(root, options);
    decorateCodeBlocks(root, options);
    const blocks = root.querySelectorAll('.jp-coauthor-CodeBlock');
    expect(blocks).toHaveLength(2);
    // The toolbar comes before the code, as its own row.
    expect(blocks[0].firstElementChild!.className).toBe(
      'jp-coauthor-CodeBlock-toolbar'
    );
    expect(blocks[0].lastElementChild!.tagName).toBe('PRE');
    expect(
      blocks[0].querySelector('.jp-coauthor-CodeBlock-language')!.textContent
    ).toBe('python');
    expect(blocks[1].querySelector('.jp-coauthor-CodeBlock-language')).toBe(
      null
    );
    (blocks[0].querySelector('.jp-coauthor-copy') as HTMLElement).click();
    (
      blocks[0].querySelector('.jp-coauthor-insert-below') as HTMLElement
    ).click();
    (
      blocks[1].querySelector('.jp-coauthor-insert-below') as HTMLElement
    ).click();
    // The code without the trailing newline Markdown leaves.
    expect(copied).toEqual(['x = 1']);
    expect(inserted).toEqual([
      ['x = 1', 'python'],
      ['plain', null]
    ]);
    expect(
      (blocks[0].querySelector('.jp-coauthor-copy') as HTMLElement).textContent
    ).toBe('Copied');
  });

  it('reads the language marked writes on the code element', () => {
    const pre = document.createElement('pre');
    pre.innerHTML = '<code class="hljs language-c++">int x;</code>';
    expect(codeLanguage(pre)).toBe('c++');
    pre.innerHTML = '<code>x</code>';
    expect(codeLanguage(pre)).toBeNull();
  });
});

describe('ContextChips', () => {
  it('adds, replaces and removes chips, and says which the user removed', () => {
    const removed: string[] = [];
    const chips = new ContextChips({
      labels: { attached: 'Attached', remove: label => `Remove ${label}` },
      onRemove: id => removed.push(id)
    });
    expect(chips.node.hidden).toBe(true);
    chips.add({ id: 'a', label: 'Cell 1' });
    chips.add({ id: 'b', label: 'Cell 3, lines 2–4' });
    chips.add({ id: 'a', label: 'Cell 2' });
    expect(chips.items).toEqual([
      { id: 'a', label: 'Cell 2' },
      { id: 'b', label: 'Cell 3, lines 2–4' }
    ]);
    expect(chips.node.hidden).toBe(false);
    const buttons = chips.node.querySelectorAll<HTMLButtonElement>(
      '.jp-coauthor-ContextChip-remove'
    );
    expect(buttons[1].getAttribute('aria-label')).toBe(
      'Remove Cell 3, lines 2–4'
    );
    buttons[1].click();
    expect(removed).toEqual(['b']);
    expect(chips.items.map(c => c.id)).toEqual(['a']);
    chips.clear();
    expect(chips.items).toEqual([]);
    expect(chips.node.hidden).toBe(true);
    // Clearing (after sending) is not the user removing a chip.
    expect(removed).toEqual(['b']);
  });
});
