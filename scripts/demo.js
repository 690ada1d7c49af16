// `npm run demo`: set up code-server (scripts/test-env.sh, without Docker), build and package the
// extension, install it, and open examples/ (a stack of plain Node processes) in a real VS Code in
// the browser. Prints the URL; Ctrl-C stops code-server (and, with it, the stack it started).
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const root = path.join(__dirname, '..');
const pkg = require('../package.json');
const cache = path.join(root, '.vscode-test', 'demo');
const codeServer = path.join(root, '.vscode-test', 'code-server-4.100.3', 'node_modules', '.bin', 'code-server');
const vsix = path.join(root, `${pkg.name}-${pkg.version}.vsix`);

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer().once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function main() {
  execFileSync('bash', [path.join(root, 'scripts', 'test-env.sh')], {
    stdio: 'inherit',
    env: { ...process.env, SKIP_DOCKER: process.env.SKIP_DOCKER ?? '1' },
  });
  execFileSync(process.execPath, [path.join(root, 'scripts', 'package.js')], { stdio: 'inherit' });
  const extensions = path.join(cache, 'extensions');
  fs.rmSync(extensions, { recursive: true, force: true });
  fs.mkdirSync(extensions, { recursive: true }); // code-server fails to install into a folder that does not exist
  execFileSync(codeServer, ['--extensions-dir', extensions, '--install-extension', vsix, '--force'], { stdio: 'inherit' });

  let port = Number(process.env.PORT || 8080);
  while (!(await portFree(port))) port++;
  const folder = path.join(root, 'examples');
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--extensions-dir',
    extensions,
    '--user-data-dir',
    path.join(cache, 'data'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    folder,
  ];
  const child = spawn(codeServer, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on('data', (d) => {
    if (/HTTP server listening/.test(String(d))) {
      console.log(`\nStackpilot demo: open http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
      console.log('Click the Stackpilot icon in the activity bar, then Start Stack (▶). Ctrl-C here stops everything.\n');
    }
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((err) => {
  console.error(`demo failed: ${err.message}`);
  process.exit(1);
});
