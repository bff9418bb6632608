// ESLint (flat config): typescript-eslint's recommended rules for the TypeScript (and, with types,
// no promise left unawaited), ESLint's for the build scripts, and the import rules of DESIGN.md's
// "Architecture" (scripts/lint/architecture.js).
// `npm run lint` runs this and then `tsc -p tsconfig.test.json`, the type check of every test file.

'use strict';

const { defineConfig } = require('eslint/config');
const js = require('@eslint/js');
const globals = require('globals');
const tseslint = require('typescript-eslint');
const architecture = require('./scripts/lint/architecture');

const PROTOCOL_PACKAGES = ['protobufjs', '@msgpack/msgpack', '@grpc/grpc-js'];

/** DESIGN.md, "Architecture": what each layer may not import. */
const LAYERS = [
  {
    folder: 'src/plugin',
    rule: 'src/plugin knows nothing of Workato (no provider, client, emulator, cdktf, generated or cli)',
    forbid: ['src/provider', 'src/client', 'src/emulator', 'src/cdktf', 'src/generated', 'src/cli', 'src/index'],
  },
  {
    folder: 'test/plugin',
    rule: 'the plugin framework is tested without Workato (no provider, client, emulator, cdktf, generated or cli)',
    forbid: ['src/provider', 'src/client', 'src/emulator', 'src/cdktf', 'src/generated', 'src/cli', 'src/index'],
  },
  {
    folder: 'src/client',
    rule: 'src/client knows nothing of Terraform (no plugin, provider, cdktf, generated or cli)',
    forbid: ['src/plugin', 'src/provider', 'src/cdktf', 'src/generated', 'src/cli', 'src/index'],
  },
  {
    folder: 'src/emulator',
    rule: 'src/emulator imports nothing else from src/',
    only: ['src/emulator'],
  },
  {
    folder: 'src/provider',
    rule: 'src/provider never sees protobuf, msgpack or gRPC: use the framework from src/plugin, not its internals',
    forbid: [
      'src/plugin/codec', 'src/plugin/dispatch', 'src/plugin/wire', 'src/plugin/grpc', 'src/plugin/protobuf',
      'src/plugin/rpc', 'src/plugin/cert', 'src/plugin/der', 'src/plugin/server', 'src/plugin/protocol',
      'src/cdktf', 'src/generated', 'src/cli', 'src/index',
    ],
    packages: PROTOCOL_PACKAGES,
  },
];

module.exports = defineConfig(
  {
    ignores: [
      '**/node_modules/**', 'lib/**', 'dist/**', 'release/**', 'coverage/**', '**/cdktf.out/**', '**/.terraform/**',
      'src/generated/**', 'src/generated-*/**', 'src/plugin/protocol/generated/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...js.configs.recommended,
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['**/*.mjs'],
    ...js.configs.recommended,
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Rules that need the types: a promise nobody awaits is a test that cannot fail, or an error
    // nobody sees. Only the files tsconfig.test.json covers (the type check's own program).
    name: 'workato/type-aware',
    files: ['src/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Tests read response bodies and spy on untyped functions: `any` is the honest type there.
    files: ['**/*.test.ts', '**/*.test-helpers.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.ts', '**/*.js'],
    plugins: { architecture },
    rules: { 'architecture/layers': ['error', { root: __dirname, layers: LAYERS }] },
  },
  // Re-throwing with a clearer message is this codebase's habit; the message carries the cause's text.
  { rules: { 'preserve-caught-error': 'off' } },
);
