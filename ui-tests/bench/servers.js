/**
 * The two JupyterLab servers of the benchmark (ui-tests/bench), shared by
 * playwright.bench.config.js, which starts them, and open-and-type.bench.ts,
 * which drives them. Ports 8950 and 8951 ($COAUTHOR_BENCH_PORT and the next),
 * away from the test suite's 8888 and 8911.
 *
 * Both load the extension installed in the Python environment on PATH, with
 * the test suite's server configuration (jupyter_server_test_config.py), each
 * in a folder of its own under the system's temporary folder:
 * - `off`: disabled the way a user disables it (`jupyter labextension disable
 *   --level=user jupyterlab-coauthor`, in a JUPYTER_CONFIG_DIR of its own):
 *   JupyterLab activates none of its plugins;
 * - `on`: enabled.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, like the Playwright configurations */
const os = require('os');
const path = require('path');

const testConfig = path.join(__dirname, '..', 'jupyter_server_test_config.py');
const firstPort = Number(process.env.COAUTHOR_BENCH_PORT || 8950);

const servers = [
  { key: 'off', port: firstPort, enabled: false },
  { key: 'on', port: firstPort + 1, enabled: true }
];

/** The shell command that starts one server, its log in `logDir`. */
function serverCommand(server, logDir, label) {
  const config = path.join(os.tmpdir(), `coauthor-bench-${server.port}`);
  const log = path.join(logDir, `bench-jupyter-${label}-${server.key}.log`);
  const env = `JUPYTER_CONFIG_DIR="${config}"`;
  return [
    `rm -rf "${config}"`,
    `mkdir -p "${config}" "${logDir}"`,
    server.enabled
      ? `: > "${log}"`
      : `${env} jupyter labextension disable --level=user jupyterlab-coauthor > "${log}" 2>&1`,
    // In its own folder: jupyter-collaboration keeps its store
    // (.jupyter_ystore.db) in the current folder.
    `cd "${config}"`,
    `${env} exec jupyter lab --config "${testConfig}" --ServerApp.port=${server.port} >> "${log}" 2>&1`
  ].join(' && ');
}

module.exports = { servers, serverCommand };
