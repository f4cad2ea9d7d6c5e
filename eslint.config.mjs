// ESLint flat config, after JupyterLab's extension template: the recommended
// rules of eslint and typescript-eslint, with prettier deciding the format.
import eslint from '@eslint/js';
import globals from 'globals';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '.proto',
      'lib',
      'coverage',
      '**/*.d.ts',
      'jupyterlab_coauthor/labextension',
      'ui-tests/node_modules',
      'ui-tests/test-results',
      'ui-tests/playwright-report',
      'lite/_output',
      '.venv*',
      '**/*.config.js',
      'babel.config.js',
      'style/index.js'
    ]
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettierRecommended,
  {
    languageOptions: {
      // Browser code (the extension) and Node code (tests, benchmarks,
      // scripts, the scripted model server) live side by side.
      globals: { ...globals.browser, ...globals.node }
    },
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-use-before-define': 'off',
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'prefer-arrow-callback': 'error'
    }
  },
  {
    // TypeScript checks undefined names itself, better than no-undef can.
    files: ['**/*.ts', '**/*.tsx'],
    rules: { 'no-undef': 'off' }
  }
);
