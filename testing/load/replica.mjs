/**
 * What every replica of the load test's notebook is compared by: one
 * canonical string of its cells (id, type, source, in order) and of its
 * shared suggestions (each branch with its number of entries and of
 * rejected chains). testing/load/typers.py builds the same string in Python;
 * the browsers build it with `canonicalInPage` (self-contained: Playwright
 * sends its source into the page).
 */
import crypto from 'node:crypto';

/** The canonical string of a Y.Doc holding a notebook. */
export function canonical(doc) {
  const parts = [];
  for (const cell of doc.getArray('cells').toArray()) {
    const source = cell.get('source');
    parts.push(
      `${cell.get('id')}\x01${cell.get('cell_type')}\x01${source === undefined ? '' : source.toString()}\x02`
    );
  }
  parts.push('\x03');
  const branches = doc.getMap('coauthor:branches');
  for (const key of [...branches.keys()].sort(byCodePoint)) {
    const branch = branches.get(key);
    const entries = branch.get('entries');
    const rejected = branch.get('rejected');
    parts.push(
      `${key}:${entries ? entries.length : 0}:${rejected ? rejected.length : 0}\x02`
    );
  }
  return parts.join('');
}

/** Python sorts strings by code point; so must we. */
function byCodePoint(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function digestOf(text) {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The same canonical string, computed in a JupyterLab page from the shared
 * model of the notebook at `path` (run by page.evaluate).
 */
export function canonicalInPage(path) {
  const app = window.jupyterapp;
  let widget = null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path) {
      widget = w;
    }
  }
  if (!widget) {
    return null;
  }
  const doc = widget.context.model.sharedModel.ydoc;
  const parts = [];
  for (const cell of doc.getArray('cells').toArray()) {
    const source = cell.get('source');
    parts.push(
      `${cell.get('id')}\x01${cell.get('cell_type')}\x01${source === undefined ? '' : source.toString()}\x02`
    );
  }
  parts.push('\x03');
  const branches = doc.getMap('coauthor:branches');
  const keys = [...branches.keys()].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0
  );
  for (const key of keys) {
    const branch = branches.get(key);
    const entries = branch.get('entries');
    const rejected = branch.get('rejected');
    parts.push(
      `${key}:${entries ? entries.length : 0}:${rejected ? rejected.length : 0}\x02`
    );
  }
  return parts.join('');
}
