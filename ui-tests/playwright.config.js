/**
 * Galata (Playwright) configuration for jupyterlab-coauthor.
 *
 * Playwright cannot download its own browsers here, so the tests drive
 * Debian's Chromium (`/usr/bin/chromium`, or $COAUTHOR_CHROMIUM). Video is
 * off because Playwright's ffmpeg cannot be downloaded either.
 *
 * The suite runs in two configurations, chosen by $COAUTHOR_COLLAB:
 * - `1`: jupyter-collaboration is installed; tests tagged @solo are left out.
 * - otherwise: plain JupyterLab; tests tagged @collab are left out.
 * Untagged tests run in both.
 */
const path = require('path');
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const collaborative = process.env.COAUTHOR_COLLAB === '1';
const reportDir =
  process.env.COAUTHOR_REPORT_DIR ||
  path.join(__dirname, '..', '.test-reports');
const label = collaborative ? 'collab' : 'solo';

module.exports = {
  ...baseConfig,
  outputDir: path.join(__dirname, 'test-results', label),
  // Several browser contexts share one JupyterLab server and, with
  // collaboration, one document room: run the tests one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  grepInvert: collaborative ? /@solo/ : /@collab/,
  reporter: [
    ['list'],
    ['json', { outputFile: path.join(reportDir, `galata-${label}.json`) }]
  ],
  use: {
    ...baseConfig.use,
    video: 'off',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.COAUTHOR_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run'
      ]
    }
  },
  webServer: {
    // The server's log goes to a file beside the reports, not into the test
    // output; look there when a test fails.
    command: `jupyter lab --config jupyter_server_test_config.py > "${path.join(
      reportDir,
      `jupyter-${label}.log`
    )}" 2>&1`,
    url: 'http://localhost:8888/lab',
    timeout: 120 * 1000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'ignore'
  }
};
