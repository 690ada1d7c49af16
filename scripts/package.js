// `npm run package`: a .vsix (production build) with @vscode/vsce, then a check that the .vsix
// holds only what the extension needs at run time (no sources, tests or source maps).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const pkg = require('../package.json');
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

// vsce runs `vscode:prepublish` (the production build) itself. Bundled with esbuild, so
// node_modules is not shipped (--no-dependencies); README images stay relative (no public repo URL).
run(process.execPath, [
  require.resolve('@vscode/vsce/vsce'),
  'package',
  '--no-dependencies',
  '--skip-license',
  '--no-rewrite-relative-links',
  '-o',
  out,
]);

const listing = execFileSync('unzip', ['-Z1', out], { encoding: 'utf8' }).split('\n').filter(Boolean);
const files = listing.filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
const forbidden = files.filter(
  (f) => /^(src|test|bench|scripts|node_modules|examples)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'),
);
for (const need of [
  'package.json',
  'dist/extension.js',
  'dist/cli.js',
  'dist/dockerode.js',
  'dist/watchdog.js',
  'dist/axios.js',
  'dist/prom-client.js',
  'dist/webview/dashboard.js',
  'media/stackpilot.svg',
]) {
  if (!files.includes(need)) throw new Error(`${path.basename(out)} is missing ${need}`);
}
if (forbidden.length) throw new Error(`${path.basename(out)} must not contain: ${forbidden.join(', ')}`);
console.log(`${path.relative(root, out)}: ${files.length} files, ${(fs.statSync(out).size / 1024).toFixed(0)} KiB`);
