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
 *
 * Two servers are started: JupyterLab, and the scripted OpenAI-compatible
 * server of the agent specs (testing/scripted-openai-server.mjs).
 */
const path = require('path');
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const collaborative = process.env.COAUTHOR_COLLAB === '1';
const reportDir =
  process.env.COAUTHOR_REPORT_DIR ||
  path.join(__dirname, '..', '.test-reports');
const label = collaborative ? 'collab' : 'solo';
// Another port lets two suites run side by side on one machine.
const port = Number(process.env.COAUTHOR_PORT || 8888);
// The scripted model server of the agent specs: the same port and key as in
// tests/agent-helpers.ts.
const scriptedPort = Number(process.env.COAUTHOR_SCRIPTED_PORT || 8911);
const scriptedKey =
  process.env.COAUTHOR_SCRIPTED_KEY || 'sk-coauthor-e2e-4f9a2c7e51';

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
    baseURL: `http://localhost:${port}`,
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
  webServer: [
    {
      // The server's log goes to a file beside the reports, not into the test
      // output; look there when a test fails.
      command: `jupyter lab --config jupyter_server_test_config.py --ServerApp.port=${port} > "${path.join(
        reportDir,
        `jupyter-${label}.log`
      )}" 2>&1`,
      url: `http://localhost:${port}/lab`,
      timeout: 120 * 1000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore'
    },
    {
      // The scripted OpenAI-compatible server the agent specs talk to
      // (tests/agent-helpers.ts script it): on 127.0.0.1, so that requests
      // from JupyterLab (localhost:8888) to it are cross-origin, and with an
      // API key it checks like the real API. Its control endpoint is the
      // readiness URL, so that the check is not recorded as a request.
      command: `node "${path.join(
        __dirname,
        '..',
        'testing',
        'scripted-openai-server.mjs'
      )}" --host 127.0.0.1 --port ${scriptedPort} --api-key "${scriptedKey}" --model test-model > "${path.join(
        reportDir,
        `scripted-openai-${label}.log`
      )}" 2>&1`,
      url: `http://127.0.0.1:${scriptedPort}/__requests`,
      timeout: 30 * 1000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore'
    }
  ]
};
