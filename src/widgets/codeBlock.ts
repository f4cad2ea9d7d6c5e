/**
 * The code blocks of a rendered chat message: each gets a small toolbar
 * above it — Copy, and Insert below the active cell — so that no button
 * covers the code (the Copy button used to float over its first line).
 */

/** What the toolbar's buttons do and say. */
export interface ICodeBlockOptions {
  /** Translated labels. */
  labels: {
    copy: string;
    copied: string;
    insertBelow: string;
    /** The tooltip of Insert below ("Insert below the active cell"). */
    insertBelowCaption: string;
  };
  /** Copy a block's code. */
  onCopy: (code: string) => void;
  /** Insert a block's code as a new cell below the active one. */
  onInsert: (code: string, language: string | null) => void;
}

/**
 * Wrap each `<pre>` of a rendered message with its toolbar. Idempotent: a
 * block already decorated is left alone.
 */
export function decorateCodeBlocks(
  root: HTMLElement,
  options: ICodeBlockOptions
): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    if (pre.parentElement?.classList.contains('jp-coauthor-CodeBlock')) {
      continue;
    }
    const block = document.createElement('div');
    block.className = 'jp-coauthor-CodeBlock';
    const bar = document.createElement('div');
    bar.className = 'jp-coauthor-CodeBlock-toolbar';
    const language = codeLanguage(pre);
    if (language) {
      const name = document.createElement('span');
      name.className = 'jp-coauthor-CodeBlock-language';
      name.textContent = language;
      bar.appendChild(name);
    }
    const code = () => (pre.textContent ?? '').replace(/\n$/, '');
    const copy = button(
      'jp-coauthor-copy',
      options.labels.copy,
      options.labels.copy
    );
    copy.addEventListener('click', () => {
      options.onCopy(code());
      copy.textContent = options.labels.copied;
      setTimeout(() => (copy.textContent = options.labels.copy), 1500);
    });
    const insert = button(
      'jp-coauthor-insert-below',
      options.labels.insertBelow,
      options.labels.insertBelowCaption
    );
    insert.addEventListener('click', () => options.onInsert(code(), language));
    bar.append(copy, insert);
    pre.classList.add('jp-coauthor-code');
    pre.replaceWith(block);
    block.append(bar, pre);
  }
}

/**
 * The language a Markdown fence named, as marked writes it on the `<code>`
 * (`language-python`), or null.
 */
export function codeLanguage(pre: HTMLElement): string | null {
  const code = pre.querySelector('code');
  const match = /(?:^|\s)language-([\w+#.-]+)/.exec(code?.className ?? '');
  return match ? match[1] : null;
}

function button(
  className: string,
  text: string,
  title: string
): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = `jp-Button jp-mod-styled jp-mod-small jp-mod-minimal ${className}`;
  element.textContent = text;
  element.title = title;
  return element;
}
