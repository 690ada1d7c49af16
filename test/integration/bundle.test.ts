/**
 * dockerode -> docker-modem -> ssh2 optionally requires native modules that esbuild cannot bundle.
 * esbuild.js marks them external; this proves a bundle built that way loads and talks to the real
 * Docker engine both without the native modules (a folder holding only the bundle) and with them.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nativeExternals } = require(path.join(root, 'esbuild.js')) as { nativeExternals: string[] };

const entry = `
const Docker = require('dockerode');
const { Client } = require('ssh2');
new Client(); // loads ssh2's crypto layer: native binding when present, JavaScript otherwise
const docker = new Docker({ socketPath: '/var/run/docker.sock' });
docker.ping().then((r) => console.log('ping ' + String(r)), (e) => console.log('noengine ' + e.code));
`;

function bundleInto(dir: string): string {
  const out = path.join(dir, 'bundle.js');
  esbuild.buildSync({
    stdin: { contents: entry, resolveDir: root },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: out,
    external: nativeExternals,
    logLevel: 'silent',
  });
  return out;
}

describe('bundling dockerode (ssh2 native modules external)', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-bundle-'));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const engineUp = fs.existsSync('/var/run/docker.sock');

  it('loads and reaches the engine from a folder holding only the bundle (no native modules)', () => {
    const out = execFileSync(process.execPath, [bundleInto(tmp())], { encoding: 'utf8', timeout: 20_000 });
    assert.match(out, engineUp ? /^ping OK/ : /^(ping OK|noengine)/);
  });

  it('loads with the native modules resolvable beside it', function () {
    const nativeCpu = path.join(root, 'node_modules', 'cpu-features');
    const nativeCrypto = path.join(root, 'node_modules', 'ssh2', 'lib', 'protocol', 'crypto', 'build', 'Release', 'sshcrypto.node');
    if (!fs.existsSync(nativeCrypto)) this.skip(); // npm did not build ssh2's optional binding on this machine
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'node_modules'));
    if (fs.existsSync(nativeCpu)) fs.symlinkSync(nativeCpu, path.join(dir, 'node_modules', 'cpu-features'));
    fs.mkdirSync(path.join(dir, 'build', 'Release'), { recursive: true });
    fs.copyFileSync(nativeCrypto, path.join(dir, 'build', 'Release', 'sshcrypto.node'));
    const out = execFileSync(process.execPath, [bundleInto(dir)], { encoding: 'utf8', timeout: 20_000 });
    assert.match(out, engineUp ? /^ping OK/ : /^(ping OK|noengine)/);
  });
});

describe('lazily required libraries live in bundles of their own (dist/, after npm run build)', () => {
  const dist = path.join(root, 'dist');
  before(function () {
    if (!fs.existsSync(path.join(dist, 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  });

  it('the extension bundle holds no axios, mime-db, prom-client or dockerode code, only requires of ./<name>.js', () => {
    const ext = fs.readFileSync(path.join(dist, 'extension.js'), 'utf8');
    for (const name of ['axios', 'prom-client', 'dockerode']) assert.ok(ext.includes(`require("./${name}.js")`), `requires ./${name}.js`);
    assert.ok(!ext.includes('application/vnd.ms-excel'), 'mime-db (axios → form-data) is not in the extension bundle');
    assert.ok(!ext.includes('process_cpu_user_seconds_total'), 'prom-client is not in the extension bundle');
  });

  it('the extension bundle requires the vscode API once (one copy of it, not one per importing file at activation)', () => {
    const ext = fs.readFileSync(path.join(dist, 'extension.js'), 'utf8');
    assert.equal(ext.match(/require\("vscode"\)/g)?.length, 1);
  });

  it('dist/axios.js and dist/prom-client.js load alone from an empty folder and export what the code uses', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-bundles-'));
    try {
      for (const f of ['axios.js', 'prom-client.js']) fs.copyFileSync(path.join(dist, f), path.join(tmp, f));
      const out = execFileSync(
        process.execPath,
        ['-e', "const a=require('./axios.js');const p=require('./prom-client.js');console.log(typeof a.request, typeof p.Registry)"],
        { cwd: tmp, encoding: 'utf8' },
      );
      assert.equal(out.trim(), 'function function');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
