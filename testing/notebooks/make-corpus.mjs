#!/usr/bin/env node
/**
 * Make the notebook corpus of the round-trip tests from the real notebooks
 * in sources/ (see README.md for where each comes from): one folder per base
 * notebook under corpus/, holding `before.ipynb` and one file per revision,
 * and corpus/manifest.json listing the pairs with, for each cell of the
 * revision, the index of the cell of `before.ipynb` it comes from (`origins`,
 * null for a new cell): what the tests check the suggested change set and
 * its cell matching against.
 *
 * Deterministic: no randomness, no clock. Run `node testing/notebooks/make-corpus.mjs`
 * after changing it, and commit its output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const sources = path.join(here, 'sources');
const out = path.join(here, 'corpus');

const read = name =>
  JSON.parse(fs.readFileSync(path.join(sources, name), 'utf8'));
const text = source => (Array.isArray(source) ? source.join('') : source);
/** Sources as lists of lines, the way Jupyter writes them. */
const lines = value => value.split(/(?<=\n)/).filter(l => l !== '');
const clone = value => JSON.parse(JSON.stringify(value));

// --- the base notebooks ------------------------------------------------------

function bases() {
  const out = {};
  out['colab-4.0'] = read('papermill--gcs-simple_notebook.ipynb');
  out['outputs-4.1'] = read('nbdime--mixed-conflicts--1.ipynb');
  out['binder-4.2'] = read('papermill--binder.ipynb');

  // 4.3: nbdime's multi-cell notebook with a Markdown cell holding an image
  // (nbdime's attachment notebook), a raw cell, ipywidgets' saved state and
  // the cell metadata JupyterLab 3 writes (`deletable`, `editable`).
  const widgets = read('nbdime--multi_cell_nb.ipynb');
  const attachment = read('nbdime--attachment.ipynb').cells[0];
  widgets.nbformat_minor = 3;
  widgets.cells.splice(1, 0, attachment);
  widgets.cells.push({
    cell_type: 'raw',
    metadata: { format: 'text/restructuredtext' },
    source: lines('.. note::\n   Rendered by nbconvert only.\n')
  });
  widgets.cells[0].metadata = {
    ...widgets.cells[0].metadata,
    deletable: false,
    editable: false
  };
  widgets.metadata.widgets = {
    'application/vnd.jupyter.widget-state+json': {
      version_major: 2,
      version_minor: 0,
      state: {
        '3b2b1bd4a5b04d1c9ccf3f4f45a4ba1c': {
          model_name: 'IntSliderModel',
          model_module: '@jupyter-widgets/controls',
          model_module_version: '2.0.0',
          state: { value: 3, min: 0, max: 10, description: 'x' }
        }
      }
    }
  };
  out['widgets-4.3'] = widgets;

  out['papermill-4.4'] = read('papermill--simple_execute.ipynb');
  out['cellids-4.5'] = read('nbdime--cellids--base.ipynb');

  // A larger one, 4.4 without ids: the cells of every source, three times,
  // each copy's code cells told apart by a comment line (content matching
  // must not see three identical cells), with their outputs.
  const parts = [
    'papermill--gcs-simple_notebook.ipynb',
    'nbdime--mixed-conflicts--1.ipynb',
    'nbdime--output-conflict--3.ipynb',
    'nbdime--src-and-output--1.ipynb',
    'papermill--broken1.ipynb'
  ].map(read);
  const big = clone(parts[0]);
  big.nbformat_minor = 4;
  big.cells = [];
  for (let copy = 1; copy <= 3; copy++) {
    for (const part of parts) {
      for (const cell of part.cells) {
        const c = clone(cell);
        delete c.id;
        c.source = lines(`${text(c.source)}\n# part ${copy}\n`);
        big.cells.push(c);
      }
    }
  }
  out['large-4.4'] = big;
  return out;
}

// --- revisions ---------------------------------------------------------------

/** Cells with their origin: the index of the base cell, or null. */
const tracked = nb =>
  nb.cells.map((cell, k) => ({ cell: clone(cell), origin: k }));

/** Indices of cells whose source is non-empty and unique in the notebook. */
function unique(cells, want = () => true) {
  const count = new Map();
  cells.forEach(({ cell }) =>
    count.set(text(cell.source), (count.get(text(cell.source)) ?? 0) + 1)
  );
  return cells
    .map((c, k) => k)
    .filter(
      k =>
        text(cells[k].cell.source).trim() !== '' &&
        count.get(text(cells[k].cell.source)) === 1 &&
        want(cells[k].cell)
    );
}

function edit(cell, k) {
  const src = text(cell.source);
  const note =
    cell.cell_type === 'code' ? `# checked (${k})\n` : `*Reviewed (${k}).*\n`;
  const all = src.split(/(?<=\n)/);
  if (all.length > 1) {
    all.splice(1, 0, note);
  } else {
    all[0] = `${all[0]}${all[0].endsWith('\n') ? '' : '\n'}${note}`;
  }
  cell.source = lines(all.join(''));
}

function newCell(type, source, withId, k) {
  const cell = { cell_type: type, metadata: {}, source: lines(source) };
  if (type === 'code') {
    Object.assign(cell, { execution_count: null, outputs: [] });
  }
  if (withId) {
    cell.id = `new-cell-${k}`;
  }
  return cell;
}

/** Each revision: a name and what it does to the tracked cells. */
const REVISIONS = {
  'single-edit': cells => {
    const [k] = unique(cells, c => c.cell_type === 'code');
    edit(cells[k ?? 0].cell, 1);
  },
  'many-edits': cells => {
    unique(cells)
      .filter((_, n) => n % 2 === 0)
      .forEach((k, n) => edit(cells[k].cell, n));
  },
  insert: (cells, { withId }) => {
    cells.splice(1, 0, {
      cell: newCell('code', 'import numpy as np\nnp.arange(3)', withId, 1),
      origin: null
    });
    cells.push({
      cell: newCell('markdown', '## Conclusions\nIt works.', withId, 2),
      origin: null
    });
  },
  delete: cells => {
    const ks = unique(cells);
    const gone = new Set([
      ks[0],
      ...(ks.length > 3 ? [ks[ks.length - 1]] : [])
    ]);
    for (const k of [...gone].sort((a, b) => b - a)) {
      cells.splice(k, 1);
    }
  },
  move: cells => {
    const ks = unique(cells);
    const k = ks[ks.length - 1];
    const [moved] = cells.splice(k, 1);
    cells.splice(k === 0 ? cells.length : 0, 0, moved);
  },
  'move-new-id': (cells, { withId }) => {
    if (!withId) {
      return false; // the format has no ids
    }
    const ks = unique(cells);
    const k = ks[ks.length - 1];
    const [moved] = cells.splice(k, 1);
    moved.cell.id = 'moved-cell-new-id';
    cells.splice(0, 0, moved);
  },
  type: cells => {
    const [k] = unique(cells, c => c.cell_type !== 'raw');
    const cell = cells[k].cell;
    if (cell.cell_type === 'code') {
      cell.cell_type = 'markdown';
      delete cell.outputs;
      delete cell.execution_count;
    } else {
      cell.cell_type = 'raw';
      delete cell.attachments;
    }
  },
  'cell-metadata': cells => {
    // Tags added to one cell; on another, a key removed (Colab's `outputId`,
    // `collapsed`, `deletable`... whichever it has) or, if it has none, one
    // added.
    cells[0].cell.metadata = { ...cells[0].cell.metadata, tags: ['intro'] };
    const other = cells.findIndex(
      ({ cell }, k) => k > 0 && Object.keys(cell.metadata ?? {}).length
    );
    if (other > 0) {
      const metadata = { ...cells[other].cell.metadata };
      const key =
        ['outputId', 'collapsed', 'scrolled', 'tags'].find(
          k => k in metadata
        ) ?? Object.keys(metadata)[0];
      delete metadata[key];
      cells[other].cell.metadata = metadata;
    } else if (cells.length > 1) {
      cells[1].cell.metadata = { scrolled: true };
    }
  },
  'notebook-metadata': (_cells, { nb }) => {
    const metadata = nb.metadata;
    metadata.kernelspec = {
      display_name: 'Python 3 (ipykernel)',
      language: 'python',
      name: 'python3'
    };
    // A key removed (JupyterLab adds `language_info` and `kernelspec` back
    // to every notebook it saves: not those).
    for (const key of ['colab', 'widgets', 'celltoolbar', 'hide_input']) {
      if (key in metadata) {
        delete metadata[key];
        break;
      }
    }
    metadata.jupytext = { formats: 'ipynb,py:percent' };
  },
  'outputs-only': cells => {
    for (const { cell } of cells) {
      if (cell.cell_type === 'code') {
        cell.outputs = [];
        cell.execution_count = null;
      }
    }
  },
  restructure: (cells, { withId }) => {
    if (cells.length < 5) {
      return false;
    }
    const ks = unique(cells);
    // Two unedited cells moved, two others edited, one deleted, two new.
    const moving = [ks[ks.length - 1], ks[1]];
    const editing = [...new Set([ks[2], ks[ks.length - 2]])].filter(
      k => k !== undefined && !moving.includes(k)
    );
    const deleting =
      ks[3] !== undefined && ![...moving, ...editing].includes(ks[3])
        ? ks[3]
        : undefined;
    editing.forEach((k, n) => edit(cells[k].cell, 10 + n));
    const movers = moving.map(k => cells[k]);
    const deleted = deleting === undefined ? null : cells[deleting];
    const rest = cells.filter(c => !movers.includes(c) && c !== deleted);
    rest.splice(0, 0, movers[0]);
    rest.splice(Math.floor(rest.length / 2), 0, movers[1]);
    rest.splice(2, 0, {
      cell: newCell('markdown', '### Set-up\nRun these first.', withId, 3),
      origin: null
    });
    rest.push({
      cell: newCell('code', 'print("done")', withId, 4),
      origin: null
    });
    cells.splice(0, cells.length, ...rest);
  }
};

// --- write -------------------------------------------------------------------

fs.rmSync(out, { recursive: true, force: true });
const manifest = { pairs: [] };
for (const [name, base] of Object.entries(bases())) {
  const folder = path.join(out, name);
  fs.mkdirSync(folder, { recursive: true });
  const before = clone(base);
  fs.writeFileSync(path.join(folder, 'before.ipynb'), dump(before));
  const withId = before.nbformat === 4 && before.nbformat_minor >= 5;
  for (const [revision, make] of Object.entries(REVISIONS)) {
    const nb = clone(base);
    const cells = tracked(nb);
    if (make(cells, { withId, nb }) === false) {
      continue;
    }
    nb.cells = cells.map(c => c.cell);
    const file = `${revision}.ipynb`;
    fs.writeFileSync(path.join(folder, file), dump(nb));
    manifest.pairs.push({
      base: name,
      revision,
      before: `${name}/before.ipynb`,
      after: `${name}/${file}`,
      origins: cells.map(c => c.origin)
    });
  }
}
fs.writeFileSync(
  path.join(out, 'manifest.json'),
  JSON.stringify(manifest, null, 1) + '\n'
);
console.log(
  `${manifest.pairs.length} pairs written to ${path.relative(process.cwd(), out)}`
);

/** As Jupyter writes notebooks: one-space indent, sorted keys, newline. */
function dump(nb) {
  return JSON.stringify(sortKeys(nb), null, 1) + '\n';
}

function sortKeys(value) {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(k => [k, sortKeys(value[k])])
    );
  }
  return value;
}
