#!/usr/bin/env node
/**
 * coauthor-suggest: write the difference of two notebook files as a
 * suggestion into the first, for people to review in JupyterLab.
 *
 *   coauthor-suggest NOTEBOOK.ipynb PROPOSED.ipynb [options]
 *
 * Runs on the compiled core (lib/, `npm run build:lib`); see the README.
 */
import fs from 'node:fs';
import path from 'node:path';

import { defaultLib, useCompiledCore } from './compiled-core.mjs';

const USAGE = `Usage: coauthor-suggest NOTEBOOK.ipynb PROPOSED.ipynb [options]

Write the difference from NOTEBOOK to PROPOSED as a suggestion into
NOTEBOOK (saved in its metadata, reviewed in JupyterLab like any other).
A notebook below nbformat 4.5 is upgraded to 4.5, so that its cells keep
the ids the suggestion names them by.

Options:
  --author NAME     who suggests (default: coauthor-suggest)
  --author-id ID    a stable id for the author (default: from NAME)
  --color COLOR     the author's colour (default: #6c71c4)
  --output FILE     write there instead of into NOTEBOOK
  --json            print what was suggested as JSON
  -h, --help        this help
`;

/** Parse the command line; throws a message for the user. */
export function parseArgs(argv) {
  const options = { author: 'coauthor-suggest', color: '#6c71c4', json: false };
  const files = [];
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    const value = () => {
      if (k + 1 >= argv.length) {
        throw new Error(`${arg} needs a value`);
      }
      return argv[++k];
    };
    if (arg === '-h' || arg === '--help') {
      options.help = true;
    } else if (arg === '--author') {
      options.author = value();
    } else if (arg === '--author-id') {
      options.authorId = value();
    } else if (arg === '--color') {
      options.color = value();
    } else if (arg === '--output') {
      options.output = value();
    } else if (arg === '--json') {
      options.json = true;
    } else if (arg.startsWith('-')) {
      throw new Error(`unknown option ${arg}`);
    } else {
      files.push(arg);
    }
  }
  if (!options.help && files.length !== 2) {
    throw new Error('give two notebook files');
  }
  [options.notebook, options.proposed] = files;
  return options;
}

/** As nbformat writes a notebook: one-space indent, sorted keys, lines. */
function dump(notebook) {
  const sorted = value => {
    if (Array.isArray(value)) {
      return value.map(sorted);
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map(k => [k, sorted(value[k])])
      );
    }
    return value;
  };
  for (const cell of notebook.cells) {
    if (typeof cell.source === 'string') {
      cell.source = cell.source.split(/(?<=\n)/).filter(l => l !== '');
    }
  }
  return JSON.stringify(sorted(notebook), null, 1) + '\n';
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`coauthor-suggest: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const lib = defaultLib();
  const entry = path.join(lib, 'core', 'suggestions', 'notebookFile.js');
  if (!fs.existsSync(entry)) {
    process.stderr.write(
      `coauthor-suggest: no compiled core at ${entry}: run \`npm run build:lib\` first\n`
    );
    return 1;
  }
  const core = await useCompiledCore(lib);
  const { suggestInto } = await core('suggestions/notebookFile.js');
  const read = file => JSON.parse(fs.readFileSync(file, 'utf8'));
  let notebook;
  let proposed;
  try {
    notebook = read(options.notebook);
    proposed = read(options.proposed);
  } catch (error) {
    process.stderr.write(`coauthor-suggest: ${error.message}\n`);
    return 1;
  }
  const author = {
    id:
      options.authorId ??
      options.author.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    name: options.author,
    color: options.color
  };
  const result = suggestInto(notebook, proposed, author);
  fs.writeFileSync(options.output ?? options.notebook, dump(result.notebook));
  if (options.json) {
    process.stdout.write(
      JSON.stringify({ changes: result.changes, edits: result.edits }) + '\n'
    );
  } else {
    const e = result.edits;
    process.stdout.write(
      `${result.changes} change(s) suggested by ${author.name} in ` +
        `${options.output ?? options.notebook}: ${e.inserted} inserted, ` +
        `${e.deleted} deleted, ${e.moved} moved, ${e.retyped} retyped, ` +
        `${e.edited} edited, ${e.metadata} with new metadata` +
        `${e.notebookMetadata ? ', notebook metadata' : ''}\n`
    );
  }
  return 0;
}

process.exitCode = await main();
