/**
 * Playwright configuration for the JupyterLite site (lite/_output).
 *
 * The site is static files: a tiny static server (Python's http.server) serves
 * them on 127.0.0.1, and the tests drive Debian's Chromium (`/usr/bin/chromium`,
 * or $COAUTHOR_CHROMIUM) with the same launch options as ui-tests/. There is
 * no Jupyter server: the notebook lives in the browser's storage.
 *
 * Build the site first (scripts/build-lite.sh); scripts/test-lite.sh does both.
 * A second server is started for the agent specs: the scripted
 * OpenAI-compatible server (testing/scripted-openai-server.mjs).
 */
const path = require('path');

const port = Number(process.env.COAUTHOR_LITE_PORT || 8765);
const siteDir =
  process.env.COAUTHOR_LITE_SITE ||
  path.join(__dirname, '..', 'lite', '_output');
const reportDir =
  process.env.COAUTHOR_REPORT_DIR ||
  path.join(__dirname, '..', '.test-reports');
const python = process.env.PYTHON || 'python3';
// The scripted OpenAI-compatible server of tests/agent.spec.ts: another port
// than the site's, so that the agent's requests are cross-origin (CORS), as
// with a real endpoint. The same port and key as in tests/agent-fixtures.ts.
const scriptedPort = Number(process.env.COAUTHOR_LITE_SCRIPTED_PORT || 8912);
const scriptedKey =
  process.env.COAUTHOR_SCRIPTED_KEY || 'sk-coauthor-e2e-4f9a2c7e51';

module.exports = {
  testDir: './tests',
  outputDir: path.join(reportDir, 'lite-results'),
  timeout: 60 * 1000,
  expect: { timeout: 15 * 1000 },
  // One at a time: 2 shared cores, and each test loads the whole application.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [
    ['list'],
    ['json', { outputFile: path.join(reportDir, 'lite.json') }]
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    video: 'off',
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.COAUTHOR_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        // No host but this machine resolves: a request to a CDN fails here
        // as it would on a machine without internet (and the fixture in
        // tests/fixtures.ts fails the test that made it).
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'
      ]
    }
  },
  webServer: [
    {
      // The server's log goes beside the reports; look there when a test fails.
      command: `"${python}" -m http.server ${port} --bind 127.0.0.1 --directory "${siteDir}" > "${path.join(
        reportDir,
        'lite-http.log'
      )}" 2>&1`,
      url: `http://127.0.0.1:${port}/lab/index.html`,
      timeout: 30 * 1000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore'
    },
    {
      // The scripted model server (testing/scripted-openai-server.mjs). Its
      // control endpoint is the readiness URL, so that the check is not
      // recorded as a request.
      command: `node "${path.join(
        __dirname,
        '..',
        'testing',
        'scripted-openai-server.mjs'
      )}" --host 127.0.0.1 --port ${scriptedPort} --api-key "${scriptedKey}" --model test-model > "${path.join(
        reportDir,
        'lite-scripted-openai.log'
      )}" 2>&1`,
      url: `http://127.0.0.1:${scriptedPort}/__requests`,
      timeout: 30 * 1000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore'
    }
  ]
};
