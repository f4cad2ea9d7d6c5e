import { Widget } from '@lumino/widgets';

/**
 * One labelled fact in the About dialog.
 */
export interface IAboutFact {
  /** The label, already translated. */
  label: string;
  /** The value, already translated. */
  value: string;
}

/**
 * The body of the About dialog: a definition list of facts. It only renders
 * what it is given.
 */
export class AboutBody extends Widget {
  constructor(facts: IAboutFact[]) {
    super();
    this.addClass('jp-coauthor-About');
    const list = document.createElement('dl');
    for (const fact of facts) {
      const term = document.createElement('dt');
      term.textContent = fact.label;
      const value = document.createElement('dd');
      value.textContent = fact.value;
      list.append(term, value);
    }
    this.node.appendChild(list);
  }
}
