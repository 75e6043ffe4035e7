// Layer boundaries are lint errors, not conventions (see docs/ARCHITECTURE.md):
//   shared/   → pure TypeScript: nothing from node, the DOM, electron, or the other layers
//   renderer/ → shared/ only; never node, electron, or the host/relay code
//   server/   → shared/ and node; never renderer/ or electron/
//   electron/ → shared/ and node; only electron/main + electron/preload may import 'electron'
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const restrict = (patterns, message) => ({
  group: patterns,
  message,
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-electron/',
      'dist-relay/',
      'release/',
      '.tsbuild/',
      'test-results/',
      'playwright-report/',
      'e2e/artifacts/',
      'bench/results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { ...globals.node },
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'shared/ runs anywhere: no node built-ins.',
          })),
          patterns: [
            restrict(['node:*'], 'shared/ runs anywhere: no node built-ins.'),
            restrict(['electron', 'electron/*'], 'shared/ never imports electron.'),
            restrict(
              ['**/electron/**', '**/renderer/**', '**/server/**'],
              'shared/ imports no other layer.',
            ),
            restrict(
              ['react', 'react-dom', 'ws', 'better-sqlite3', 'y-websocket'],
              'shared/ is runtime-free.',
            ),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'process',
          'Buffer',
          'require',
          '__dirname',
        ].map((name) => ({ name, message: 'shared/ runs anywhere: no DOM or node globals.' })),
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'The renderer never gets node.' })),
          patterns: [
            restrict(['node:*'], 'The renderer never gets node.'),
            restrict(
              ['electron', 'electron/*'],
              'The renderer talks to the host through the preload API only.',
            ),
            restrict(['**/electron/**', '**/server/**'], 'The renderer imports shared/ only.'),
            restrict(['better-sqlite3', 'ws'], 'The renderer never gets node.'),
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(['electron', 'electron/*'], 'The relay never imports electron.'),
            restrict(['**/renderer/**', '**/electron/**'], 'The relay imports shared/ only.'),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(
              ['electron', 'electron/*'],
              'Only electron/main and electron/preload import electron; the host runs in plain node.',
            ),
            restrict(['**/renderer/**', '**/server/**'], 'The host imports shared/ only.'),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(
              ['**/renderer/**', '**/server/**'],
              'The shell imports shared/ and the host only.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
