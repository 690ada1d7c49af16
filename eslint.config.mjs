// @ts-check
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// The layers (ARCHITECTURE.md): imports flow extension -> vscode -> infra -> core -> shared, cli -> infra,
// webview -> shared. Each block below forbids what a layer must not reach; test/unit/architecture/layerRules.test.ts
// lints a violating line of each kind and fails if one of them lints clean.

/** Import patterns naming a folder of src/, at any depth of `../`, with or without a file inside it. */
const layerPaths = (...layers) => layers.flatMap((l) => [`**/${l}`, `**/${l}/**`]);
const vscodeModule = (where) => ({ name: 'vscode', message: `${where} must not import vscode: put editor code in src/vscode.` });

// Node's built-in modules are I/O, processes, network or host state, except these pure helpers
// (node:path's posix for paths in the config, node:crypto's hashes for fingerprints, util, events, url).
const PURE_NODE = ['path', 'path/posix', 'crypto', 'util', 'events', 'url'];
const ioMessage = 'src/core and src/shared decide; they do no I/O. Use a port from src/core/ports.ts, implemented in src/infra.';
const ioNames = [...builtinModules.filter((m) => !m.startsWith('_') && !PURE_NODE.includes(m)), 'dockerode', 'axios', 'prom-client'];
const ioPaths = ioNames.flatMap((m) => [
  { name: m, message: ioMessage },
  ...(builtinModules.includes(m) ? [{ name: `node:${m}`, message: ioMessage }] : []),
]);
// Any other `node:` module (one newer than this Node's list: node:sqlite, node:test...) and deep imports of the engines.
const ioPatterns = [
  { group: ['node:*', 'node:*/**', ...PURE_NODE.map((m) => `!node:${m}`), 'dockerode/*', 'axios/*', 'prom-client/*'], message: ioMessage },
];
const ioRegex = `/^(node:.*|(${ioNames.map((n) => n.replace(/[/-]/g, '\\$&')).join('|')})(\\/.*)?)$/`;
// `import()` and `require()` of the same modules, and an `import()` nobody can check.
const noDynamicIo = [
  { selector: `ImportExpression[source.value=${ioRegex}]`, message: ioMessage },
  { selector: `CallExpression[callee.name='require'][arguments.0.value=${ioRegex}]`, message: ioMessage },
  {
    selector: "ImportExpression[source.type!='Literal']",
    message: 'A pure layer imports only modules named in the source, so the layer rules can check them.',
  },
];
const processMessage =
  'src/core, src/shared and src/webview must not read process (env, cwd, pid, platform): take it as a parameter from the adapter.';
const noProcess = {
  'no-restricted-globals': ['error', { name: 'process', message: processMessage }],
  'no-restricted-properties': [
    'error',
    ...['globalThis', 'global', 'window', 'self'].map((object) => ({ object, property: 'process', message: processMessage })),
  ],
};
const importRules = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'examples/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './src/webview/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // Decisions only: the world is reached through the ports in src/core/ports.ts.
    files: ['src/core/**/*.ts'],
    rules: {
      ...importRules(
        [vscodeModule('src/core'), ...ioPaths],
        [
          ...ioPatterns,
          {
            group: layerPaths('infra', 'vscode', 'cli', 'webview', 'extension'),
            message: 'src/core imports only src/core and src/shared: adapters and front ends sit above it.',
          },
        ],
      ),
      ...noProcess,
      'no-restricted-syntax': ['error', ...noDynamicIo],
    },
  },
  {
    // The bottom layer: the vocabulary both the host and the webview speak. It imports nothing of ours but itself.
    files: ['src/shared/**/*.ts'],
    rules: {
      ...importRules(
        [vscodeModule('src/shared'), ...ioPaths],
        [
          ...ioPatterns,
          {
            group: layerPaths('core', 'infra', 'vscode', 'cli', 'webview', 'extension'),
            message: 'src/shared is the bottom layer: it imports only src/shared.',
          },
        ],
      ),
      ...noProcess,
      'no-restricted-syntax': ['error', ...noDynamicIo],
    },
  },
  {
    // The dashboard's browser bundle talks to the host only through the typed protocol in src/shared.
    files: ['src/webview/**/*.ts'],
    rules: {
      ...importRules(
        [vscodeModule('src/webview'), ...ioPaths],
        [
          ...ioPatterns,
          {
            group: layerPaths('core', 'infra', 'vscode', 'cli', 'extension'),
            message: 'src/webview may import only src/shared (and its own files).',
          },
        ],
      ),
      ...noProcess,
      'no-restricted-syntax': ['error', ...noDynamicIo],
    },
  },
  {
    // Node adapters: no editor code, so the CLI can run them without VS Code.
    files: ['src/infra/**/*.ts'],
    rules: importRules(
      [vscodeModule('src/infra')],
      [
        { group: layerPaths('vscode', 'extension'), message: 'src/infra must not import the editor layer (src/vscode).' },
        { group: layerPaths('cli'), message: 'src/infra must not import the CLI (src/cli): it sits below both the editor and the CLI.' },
        { group: layerPaths('webview'), message: 'src/infra must not import the browser bundle (src/webview).' },
      ],
    ),
  },
  {
    // The command line runs without an editor.
    files: ['src/cli/**/*.ts'],
    rules: importRules(
      [vscodeModule('src/cli')],
      [
        {
          group: layerPaths('vscode', 'extension', 'webview'),
          message: 'src/cli runs without VS Code: it imports src/infra, src/core and src/shared only.',
        },
      ],
    ),
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
