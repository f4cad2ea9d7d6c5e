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
  // The shim patches jsdom globals; plain Node specs do not need it.
  setupFiles: [],
  reporters: ['default'],
  collectCoverageFrom: ['src/**/*.{ts,tsx}', '!src/**/*.d.ts'],
  coverageReporters: ['lcov', 'text'],
  testRegex: 'src/.*/__tests__/.*\\.spec\\.ts$',
  transformIgnorePatterns: [
    // @jupyterlab/codemirror/lib/extensions: JupyterLab's Yjs editor binding,
    // which src/lab/__tests__/branchBinding.spec.ts runs for real (the rest
    // of that package, with every language, is not needed by any spec).
    '/node_modules/(?!(@codemirror|@jupyter/ydoc|lib0|y-protocols|yjs|nanoid|openai|@jupyterlab/codemirror/lib/extensions)/)'
  ]
};
