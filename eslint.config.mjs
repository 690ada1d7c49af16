// @ts-check
import tseslint from 'typescript-eslint';

const noVscode = {
  paths: [{ name: 'vscode', message: 'src/core, src/shared and src/webview must not import vscode: put editor code in src/vscode.' }],
  patterns: [{ group: ['**/vscode/**', '../vscode/*', '**/infra/**'], message: 'Pure modules must not import adapters (src/vscode, src/infra).' }],
};

// Node's I/O, processes, network and the concrete engines: adapters in src/infra implement the ports instead.
// (node:path's posix and node:crypto's hashes are pure and allowed.)
const ioMessage = 'src/core and src/shared decide; they do no I/O. Use a port from src/core/ports.ts, implemented in src/infra.';
const ioModuleNames = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'os', 'tls', 'worker_threads', 'cluster', 'readline', 'process', 'v8', 'vm'];
const ioModules = [
  ...ioModuleNames.flatMap((m) => [{ name: m, message: ioMessage }, { name: `node:${m}`, message: ioMessage }]),
  ...['dockerode', 'axios', 'prom-client'].map((name) => ({ name, message: ioMessage })),
];
const ioPatterns = [{ group: ['dockerode/*', 'axios/*', 'prom-client/*'], message: ioMessage }];
const noProcess = [{ name: 'process', message: 'src/core, src/shared and src/webview must not read process (env, cwd, pid, platform): take it as a parameter from the adapter.' }];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'examples/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.json', './src/webview/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'eqeqeq': ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // The pure layers: decisions only. They reach the world through the ports in src/core/ports.ts.
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...noVscode.paths, ...ioModules], patterns: [...noVscode.patterns, ...ioPatterns] }],
      'no-restricted-globals': ['error', ...noProcess],
    },
  },
  {
    // The dashboard's browser bundle talks to the host only through the typed protocol in src/shared.
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...noVscode.paths, ...ioModules], patterns: [...noVscode.patterns, ...ioPatterns, { group: ['**/core/**', '**/cli/**'], message: 'src/webview may import only src/shared (and its own files).' }] }],
      'no-restricted-globals': ['error', ...noProcess],
    },
  },
  {
    // Node adapters: no editor code, so the CLI can run them without VS Code.
    files: ['src/infra/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: noVscode.paths, patterns: [{ group: ['**/vscode/**', '../vscode/*'], message: 'src/infra must not import the editor layer (src/vscode).' }, { group: ['**/cli/**', '../cli/*'], message: 'src/infra must not import the CLI (src/cli): it sits below both the editor and the CLI.' }] }] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
