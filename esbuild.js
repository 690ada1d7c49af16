// Builds the extension host (node, cjs), the CLI (node, cjs), the secret scan's worker, dockerode and the dashboard
// webview (browser, iife). `--production` minifies without sourcemaps; `--watch` rebuilds on change.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// dockerode -> docker-modem -> ssh2 optionally requires `cpu-features` and a native `sshcrypto.node`.
// esbuild cannot bundle native modules; left external, ssh2 catches the failed require and falls
// back to its JavaScript crypto (test/integration/bundle.test.ts proves the bundle loads either way).
const nativeExternals = ['cpu-features', '*.node'];

// dockerode (with ssh2 and docker-modem) is most of the bundle but needed only once a Docker
// service runs: it gets a bundle of its own, dist/dockerode.js, which the extension and the CLI
// require at that moment, so activation never parses it.
// axios (http probes, webhooks; with mime-db, ~230 KB minified) and prom-client (the opt-in
// Prometheus endpoint) are required lazily too, so they get bundles of their own as well: the
// extension's bundle, parsed at every activation, shrinks by about 40%.
const apart = ['dockerode', 'axios', 'prom-client'];
const dockerodeApart = {
  name: 'dockerode-apart',
  setup(build) {
    build.onResolve({ filter: /^(dockerode|axios|prom-client)$/ }, (args) => ({ path: `./${args.path}.js`, external: true }));
  },
};

// `import * as vscode from 'vscode'` in each of ~40 files became its own copy of the whole API
// object (esbuild's __toESM of an external CommonJS module: a getter per property, ~250 of them),
// made while the bundle is evaluated at activation. Imported through one ESM module instead, the
// API is copied once and every file shares that namespace.
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...nativeExternals],
    plugins: [dockerodeApart, vscodeOnce],
    // First statement of the bundle: activation timing (wall and CPU) starts before any bundled module runs.
    banner: { js: 'var __stackpilotBundleStart = performance.now(), __stackpilotBundleCpu = process.cpuUsage();' },
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nativeExternals,
    plugins: [dockerodeApart],
    banner: { js: '#!/usr/bin/env node' },
    define: { STACKPILOT_VERSION: JSON.stringify(require('./package.json').version) },
  },
  {
    // The background secret scan's worker thread (src/infra/secrets/SecretScanWorker.ts starts it).
    ...common,
    entryPoints: ['src/infra/secrets/scanWorker.ts'],
    outfile: 'dist/secretsWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // A run session's watchdog (src/infra/session/Watchdog.ts starts it, detached, from the CLI and the extension).
    ...common,
    entryPoints: ['src/infra/session/watchdogMain.ts'],
    outfile: 'dist/watchdog.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nativeExternals,
    plugins: [dockerodeApart],
  },
  ...apart.map((name) => ({
    ...common,
    // Through a CommonJS require, so `require('./axios.js')` returns what `require('axios')` would.
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: __dirname, loader: 'js' },
    outfile: `dist/${name}.js`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nativeExternals,
  })),
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview/dashboard.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

async function main() {
  // A production build starts from an empty dist/, so no development source map is packaged.
  if (production) require('node:fs').rmSync('dist', { recursive: true, force: true });
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[esbuild] watching for changes');
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

module.exports = { nativeExternals };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
