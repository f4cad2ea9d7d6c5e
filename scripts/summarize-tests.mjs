// Adds up every test runner of scripts/test.sh and prints, last, the one line
// CI reads: `N passed, N failed[, N skipped]`.
//
// Runners: jest (--json), Playwright's JSON reporter (one file per Galata
// configuration, and the wheel's smoke spec) and the checks of test.sh and
// test-wheel.sh (Node.js versions, lint, type check, release build, wheel
// installs, labextension list), each counted as one test. A runner that should have reported and did
// not counts as one failure, so that a crash can never read as a pass.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [reportDir, runUi] = process.argv.slice(2);
const rows = [];

function readJson(name) {
  const file = join(reportDir, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

const jest = readJson('jest.json');
rows.push(
  jest
    ? {
        runner: 'jest',
        passed: jest.numPassedTests,
        failed: jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0),
        skipped: jest.numPendingTests + (jest.numTodoTests ?? 0)
      }
    : { runner: 'jest (no report)', passed: 0, failed: 1, skipped: 0 }
);

// Playwright JSON reports: Galata with and without collaboration, the
// wheel's smoke spec in its fresh environments (scripts/test-wheel.sh), and
// Lite.
const playwrightRuns =
  runUi === '1'
    ? [
        ['galata collab', 'galata-collab.json'],
        ['galata solo', 'galata-solo.json'],
        ['wheel smoke (JupyterLab 4.6)', 'wheel-solo.json'],
        ['wheel smoke (with collaboration)', 'wheel-collab.json'],
        ['lite', 'lite.json']
      ]
    : [];
for (const [label, file] of playwrightRuns) {
  const report = readJson(file);
  if (!report) {
    rows.push({
      runner: `${label} (no report)`,
      passed: 0,
      failed: 1,
      skipped: 0
    });
    continue;
  }
  const stats = report.stats ?? {};
  rows.push({
    runner: label,
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: (stats.unexpected ?? 0) + (report.errors?.length ?? 0),
    skipped: stats.skipped ?? 0
  });
}

const checksFile = join(reportDir, 'checks.tsv');
if (existsSync(checksFile)) {
  for (const line of readFileSync(checksFile, 'utf8').split('\n')) {
    if (!line.trim()) {
      continue;
    }
    const [name, status] = line.split('\t');
    const ok = status === '0';
    rows.push({
      runner: `check: ${name}`,
      passed: ok ? 1 : 0,
      failed: ok ? 0 : 1,
      skipped: 0
    });
  }
}

const stagesFile = join(reportDir, 'stages.tsv');
if (existsSync(stagesFile)) {
  console.log('\nStage durations:');
  for (const line of readFileSync(stagesFile, 'utf8').split('\n')) {
    if (!line.trim()) {
      continue;
    }
    const [name, seconds, status] = line.split('\t');
    const mark = status === '0' ? 'ok' : `FAILED (${status})`;
    console.log(
      `  ${name.padEnd(56)} ${String(seconds).padStart(5)} s  ${mark}`
    );
  }
}

// Figures that the specs measured on the way (not timed checks).
const figures = [
  ['agent-stream-lag.json', 'agent reply, second browser behind the first'],
  ['lite-timings.json', 'JupyterLite timings']
];
for (const [file, label] of figures) {
  const at = join(reportDir, file);
  if (existsSync(at)) {
    console.log(
      `\n${label}: ${readFileSync(at, 'utf8').replace(/\s+/g, ' ').trim()}`
    );
  }
}

console.log('\nTests by runner:');
const total = { passed: 0, failed: 0, skipped: 0 };
for (const row of rows) {
  console.log(
    `  ${row.runner.padEnd(56)} ${row.passed} passed, ${row.failed} failed, ${row.skipped} skipped`
  );
  total.passed += row.passed;
  total.failed += row.failed;
  total.skipped += row.skipped;
}
const skipped = total.skipped ? `, ${total.skipped} skipped` : '';
console.log(`\n${total.passed} passed, ${total.failed} failed${skipped}`);
process.exit(total.failed ? 1 : 0);
