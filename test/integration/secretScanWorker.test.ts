/**
 * The background secret scan's worker thread, for real: a bundle built like dist/secretsWorker.js,
 * a real folder tree, real files changed on disk. Each test owns its temp tree and worker.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { FileResult, ScanSettings } from '../../src/infra/secrets/scanProtocol';
import { SecretScanWorker, type ScanDone } from '../../src/infra/secrets/SecretScanWorker';
import { FakeSecrets } from '../unit/secrets/fakeSecrets';

const root = path.resolve(__dirname, '..', '..');
const f = new FakeSecrets(1717);
const stripe = `sk_live_${f.alnum(30)}`;

function tree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stackpilot-bgscan-'));
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), body);
  }
  return dir;
}

/** Records what the worker reports; `next()` waits for the next done. */
class Recorder {
  readonly results = new Map<string, FileResult['findings']>();
  readonly dones: ScanDone[] = [];
  progress = 0;
  errors: string[] = [];
  private waiters: ((d: ScanDone) => void)[] = [];
  add(rs: readonly FileResult[]): void {
    for (const r of rs) this.results.set(r.rel, r.findings);
  }
  done(d: ScanDone): void {
    this.dones.push(d);
    this.waiters.shift()?.(d);
  }
  next(): Promise<ScanDone> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

describe('background secret scan worker (real thread, real files)', function () {
  this.timeout(60_000);
  let bundleDir: string;
  let workerPath: string;
  const cleanup: (() => unknown)[] = [];
  before(() => {
    bundleDir = mkdtempSync(path.join(tmpdir(), 'stackpilot-bgscan-bundle-'));
    workerPath = path.join(bundleDir, 'secretsWorker.js');
    esbuild.buildSync({
      entryPoints: [path.join(root, 'src/infra/secrets/scanWorker.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: workerPath,
      logLevel: 'silent',
    });
  });
  after(() => rmSync(bundleDir, { recursive: true, force: true }));
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  function start(dir: string, overrides: Partial<ScanSettings> = {}) {
    const rec = new Recorder();
    const worker = new SecretScanWorker(workerPath, {
      results: (rs) => rec.add(rs),
      progress: () => rec.progress++,
      done: (d) => rec.done(d),
      error: (m) => rec.errors.push(m),
    });
    cleanup.push(
      () => worker.dispose(),
      () => rmSync(dir, { recursive: true, force: true }),
    );
    const settings: ScanSettings = {
      root: dir,
      ignore: [],
      baseline: [],
      minConfidence: 'medium',
      includeSkipped: false,
      workMs: 40,
      restMs: 10,
      ...overrides,
    };
    return { rec, worker, settings };
  }

  it('scans the tree: findings per file, .gitignore and ignore globs respected, skips listed', async () => {
    const dir = tree({
      '.env': `STRIPE_KEY=${stripe}\n`,
      'src/app.ts': 'export const ok = process.env.KEY;\n',
      'fixtures/sample.env': `STRIPE_KEY=${stripe}\n`,
      'local/.env': `STRIPE_KEY=${stripe}\n`,
      '.gitignore': 'local/\n',
      'dist/bundle.js': `const k = "${stripe}";\n`,
      'big.json': `{"k": "${stripe}"}\n${' '.repeat(3 * 1024 * 1024)}`,
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]),
    });
    const { rec, worker, settings } = start(dir, { ignore: ['fixtures/**'] });
    const done = rec.next();
    worker.scanAll(settings);
    const d = await done;
    assert.deepEqual(rec.errors, []);
    assert.equal(d.cancelled, false);
    assert.deepEqual([...rec.results.keys()], ['.env']);
    assert.deepEqual(
      rec.results.get('.env')?.map((x) => [x.ruleId, x.range.line, x.masked]),
      [['stripe-secret-key', 1, 'sk_l…']],
    );
    assert.deepEqual(d.skipped.map((s) => [s.path, s.reason]).sort(), [
      ['big.json', 'size'],
      ['dist/', 'generated-folder'],
      ['logo.png', 'binary'],
    ]);
    assert.ok(rec.progress > 0);
    assert.ok(!worker.running);

    // includeSkipped: the generated folder and the large file are scanned too.
    rec.results.clear();
    const again = rec.next();
    worker.scanAll({ ...settings, includeSkipped: true });
    assert.deepEqual(
      (await again).skipped.map((s) => s.reason),
      ['binary'],
    );
    assert.deepEqual([...rec.results.keys()].sort(), ['.env', 'big.json', 'dist/bundle.js']);
  });

  it('rescans changed files: a new secret appears, a fixed file reports none, a deleted one none', async () => {
    const dir = tree({ 'a.env': `STRIPE_KEY=${stripe}\n`, 'b.ts': 'export {};\n' });
    const { rec, worker, settings } = start(dir);
    let done = rec.next();
    worker.scanAll(settings);
    await done;
    writeFileSync(path.join(dir, 'b.ts'), `const k = "${stripe}";\n`);
    writeFileSync(path.join(dir, 'a.env'), 'STRIPE_KEY=${STRIPE_KEY}\n');
    writeFileSync(path.join(dir, 'node_modules.txt'), 'x\n');
    mkdirSync(path.join(dir, 'new', 'deep'), { recursive: true });
    writeFileSync(path.join(dir, 'new', 'deep', 'c.env'), `STRIPE_KEY=${stripe}\n`);
    done = rec.next();
    // A new folder may be reported alone (its files created before the watcher saw it).
    worker.scanFiles(settings, ['b.ts', 'a.env', 'gone.env', 'new']);
    const d = await done;
    assert.equal(d.whole, false);
    assert.deepEqual(
      rec.results.get('b.ts')?.map((x) => x.ruleId),
      ['stripe-secret-key'],
    );
    assert.deepEqual(
      rec.results.get('new/deep/c.env')?.map((x) => x.ruleId),
      ['stripe-secret-key'],
    );
    assert.deepEqual(rec.results.get('a.env'), []);
    assert.deepEqual(rec.results.get('gone.env'), []);
  });

  it('cancel stops a running scan within a file: no more results from it, and the next scan runs', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`d${i % 30}/f${i}.env`] = `KEY_${i}=${f.alnum(8)}\nSTRIPE_KEY=${stripe}\n`;
    const dir = tree(files);
    // A slow scan: 1 ms of work, then 50 ms of rest.
    const { rec, worker, settings } = start(dir, { workMs: 1, restMs: 50 });
    worker.scanAll(settings);
    while (rec.progress === 0) await new Promise((r) => setTimeout(r, 20));
    worker.cancel();
    const before = rec.results.size;
    assert.ok(before < 3000, `cancelled after ${before} files`);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(rec.results.size, before, 'no results after cancel');
    assert.equal(rec.dones.length, 0, 'the cancelled scan reports no done');
    const done = rec.next();
    worker.scanAll({ ...settings, workMs: 1000, restMs: 0, root: dir });
    const d = await done;
    assert.equal(d.scanned, 3000);
    assert.equal(rec.results.size, 3000);
  });
});
