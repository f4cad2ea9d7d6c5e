/**
 * Playwright configuration of the benchmark (ui-tests/bench, `npm run bench`
 * in ui-tests). It is not part of the test suite: `npx playwright test` (what
 * scripts/test.sh runs) uses playwright.config.js, whose test files are the
 * specs in tests/, and never picks up bench/*.bench.ts.
 *
 * It reuses the suite's configuration (Debian's Chromium, one worker) and
 * starts its own two JupyterLab servers on ports 8950 and 8951
 * (bench/servers.js): the extension disabled and enabled. As in the suite,
 * $COAUTHOR_COLLAB=1 says jupyter-collaboration is installed in the Python
 * environment on PATH; it only labels the results.
 */
const path = require('path');
const baseConfig = require('./playwright.config');
const { servers, serverCommand } = require('./bench/servers');

const label = process.env.COAUTHOR_COLLAB === '1' ? 'collab' : 'solo';
const logDir =
  process.env.COAUTHOR_REPORT_DIR || path.join(__dirname, 'test-results');

module.exports = {
  ...baseConfig,
  testDir: './bench',
  testMatch: '**/*.bench.ts',
  outputDir: path.join(__dirname, 'test-results', `bench-${label}`),
  grepInvert: undefined,
  // One long measurement, not a test: no time limit to speak of.
  timeout: 60 * 60 * 1000,
  reporter: [['list']],
  use: {
    ...baseConfig.use,
    baseURL: `http://localhost:${servers[1].port}`,
    launchOptions: {
      ...baseConfig.use.launchOptions,
      // window.gc(), to read the heap after a collection.
      args: [...baseConfig.use.launchOptions.args, '--js-flags=--expose-gc']
    }
  },
  webServer: servers.map(server => ({
    command: serverCommand(server, logDir, label),
    url: `http://localhost:${server.port}/lab`,
    timeout: 120 * 1000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'ignore'
  }))
};
