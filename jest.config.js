// Jest configuration: JupyterLab's shared preset (from @jupyterlab/testutils),
// which transforms the ES-module dependencies (yjs, lib0, @jupyter/ydoc,
// @codemirror, ...) that ship no CommonJS build.
const jestJupyterLab = require('@jupyterlab/testutils/lib/jest-config');

const baseConfig = jestJupyterLab(__dirname);

module.exports = {
  ...baseConfig,
  automock: false,
  // The core is framework-free and is tested in plain Node. A spec that needs
  // a DOM opts in with a `@jest-environment` docblock naming
  // '@jupyterlab/testing/lib/jest-env.js'.
  testEnvironment: 'node',
  // The shim patches jsdom globals; plain Node specs do not need it. The
  // one setup: @jupyter/ydoc's cell-insertion warnings, dropped
  // (src/core/internals/ydoc.ts); every other warning prints.
  setupFiles: ['<rootDir>/src/core/internals/quietYdoc.jest.ts'],
  reporters: ['default'],
  collectCoverageFrom: ['src/**/*.{ts,tsx}', '!src/**/*.d.ts'],
  coverageReporters: ['lcov', 'text'],
  testRegex: 'src/.*/__tests__/.*\\.spec\\.ts$',
  // JupyterLab's packages are ES modules too: transformed only when a spec
  // loads them (src/lab/__tests__/notebookInternals.spec.ts builds a real
  // Notebook widget; src/lab/__tests__/branchBinding.spec.ts runs
  // JupyterLab's Yjs editor binding for real), with the modules they load.
  transformIgnorePatterns: [
    '/node_modules/(?!(@codemirror|@jupyter|@jupyterlab|@lezer|@marijn|@microsoft|color|exenv-es6|lib0|marked|nanoid|openai|vscode-ws-jsonrpc|y-protocols|yjs)/)'
  ]
};
