/** `stackpilot scan --jobs N` (dist/cli.js and its worker dist/secretsWorker.js): the same report as one thread. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FakeSecrets } from '../unit/secrets/fakeSecrets';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');

describe('stackpilot scan --jobs (built CLI, real worker threads)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    const f = new FakeSecrets(77);
    dir = mkdtempSync(path.join(tmpdir(), 'stackpilot-scan-jobs-'));
    // 600 files: more than one batch of 256 per worker with --jobs 2, so some are posted mid-walk.
    for (let i = 0; i < 600; i++) {
      mkdirSync(path.join(dir, `pkg${i % 7}`), { recursive: true });
      const secret = i % 10 === 0 ? `\nconst k = "sk_live_${f.alnum(30)}";` : '';
      writeFileSync(path.join(dir, `pkg${i % 7}`, `f${i}.ts`), `export const n${i} = ${i}; // café ${secret}\n`);
    }
    writeFileSync(path.join(dir, 'blob.txt'), Buffer.from([0x61, 0, 0x62]));
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', 'x.js'), `const k = "sk_live_${f.alnum(30)}";\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const scan = (...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, 'scan', '--format', 'json', ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, r.stderr);
    return JSON.parse(r.stdout) as { scannedFiles: number; findings: unknown[]; skipped: { path: string; reason: string }[] };
  };

  it('reports exactly what one thread reports, in the same order', () => {
    const one = scan();
    const three = scan('--jobs', '3');
    assert.equal(one.findings.length, 60);
    assert.deepEqual(three.findings, one.findings);
    assert.equal(three.scannedFiles, one.scannedFiles);
    assert.deepEqual(three.skipped, one.skipped);
    const two = scan('--jobs', '2', '--include-skipped');
    assert.deepEqual(two, scan('--include-skipped'));
    assert.equal(two.findings.length, 61);
  });

  it('--jobs must be a whole number from 1 to 64', () => {
    for (const bad of ['0', 'two', '1.5', '65']) {
      const r = spawnSync(process.execPath, [cli, 'scan', '--jobs', bad], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 2, bad);
      assert.match(r.stderr, /--jobs must be a whole number from 1 to 64/);
    }
  });
});
