/**
 * Playwright configuration of the wheel's smoke spec (wheel/*.wheel.ts),
 * which scripts/test-wheel.sh runs against the wheel installed in a fresh
 * environment: not part of the suite (playwright.config.js never picks up
 * *.wheel.ts).
 *
 * It reuses the suite's browser set-up and starts one JupyterLab server from
 * $COAUTHOR_WHEEL_PATH: the fresh environment's bin/ and a copy of the
 * machine's PATH without Node.js (the server refuses to start if `node` is
 * found on it). $COAUTHOR_COLLAB=1 says jupyter-collaboration is installed
 * there; it names the report (wheel-collab.json or wheel-solo.json).
 */
const path = require('path');
const baseConfig = require('./playwright.config');

const label = process.env.COAUTHOR_COLLAB === '1' ? 'collab' : 'solo';
const reportDir =
  process.env.COAUTHOR_REPORT_DIR ||
  path.join(__dirname, '..', '.test-reports');
const port = Number(process.env.COAUTHOR_PORT || 8888);
const wheelPath = process.env.COAUTHOR_WHEEL_PATH;
if (!wheelPath) {
  throw new Error(
    'COAUTHOR_WHEEL_PATH is not set: run this through scripts/test-wheel.sh'
  );
}
const log = path.join(reportDir, `jupyter-wheel-${label}.log`);

module.exports = {
  ...baseConfig,
  testDir: './wheel',
  testMatch: '**/*.wheel.ts',
  outputDir: path.join(__dirname, 'test-results', `wheel-${label}`),
  grepInvert: undefined,
  reporter: [
    ['list'],
    ['json', { outputFile: path.join(reportDir, `wheel-${label}.json`) }]
  ],
  webServer: [
    {
      command:
        `export PATH='${wheelPath}'; ` +
        `if command -v node >/dev/null; then echo "node is on PATH: $(command -v node)" > "${log}"; exit 1; fi; ` +
        `exec jupyter lab --config jupyter_server_test_config.py --ServerApp.port=${port} > "${log}" 2>&1`,
      url: `http://localhost:${port}/lab`,
      timeout: 120 * 1000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore'
    }
  ]
};
