#!/usr/bin/env node
/**
 * Gather a UI bench result into bench/ui-results.json (issue 10: the switch
 * of suggesting mode). Each result file (ui-tests/test-results/bench-switch-
 * {solo,collab}-{cells}.json, written by ui-tests/bench/switch.bench.ts)
 * replaces the entry of its configuration and size; the others are kept, so
 * the file holds the latest figures of every run made.
 *
 *     node scripts/ui-results.mjs ui-tests/test-results/bench-switch-collab-1000.json
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'ui-results.json');

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node scripts/ui-results.mjs RESULT.json ...');
  process.exit(2);
}
const all = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : {};
all.switch ??= {};
for (const file of files) {
  const result = JSON.parse(fs.readFileSync(file, 'utf8'));
  const { configuration, cells } = result;
  if (!configuration || !cells || !result.medians) {
    console.error(
      `${file}: not a switch bench result (no configuration, cells or medians)`
    );
    process.exit(1);
  }
  all.switch[configuration] ??= {};
  all.switch[configuration][cells] = result;
  console.log(
    `bench/ui-results.json: switch, ${configuration}, ${cells} cells: ${JSON.stringify(result.medians)}`
  );
}
fs.writeFileSync(out, JSON.stringify(all, null, 2) + '\n');
