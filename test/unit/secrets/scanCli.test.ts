import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runScan } from '../../../src/cli/commands/scan';
import type { Io } from '../../../src/cli/Output';
import { FakeSecrets } from './fakeSecrets';

const f = new FakeSecrets(31);
const stripe = `sk_live_${f.alnum(30)}`;
const npmToken = `npm_${f.alnum(36)}`;

function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'stackpilot-scan-'));
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), body);
  }
  return root;
}

async function run(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env: {}, isTTY: false };
  const code = await runScan(args, io);
  return { code, stdout, stderr };
}

describe('stackpilot scan (CLI)', () => {
  let root: string;
  beforeEach(() => {
    root = workspace({
      '.gitignore': '.env\nbuild/\n',
      '.env': `NPM_TOKEN=${npmToken}\n`,
      'src/pay.ts': `// payments\nconst key = "${stripe}";\n`,
      'src/clean.ts': 'export const x = process.env.API_KEY;\n',
      'node_modules/pkg/index.js': `const k = "${stripe}";\n`,
      'dist/bundle.js': `const k = "${stripe}";\n`,
      'image.bin': Buffer.from([0, 1, 2, 3, ...Buffer.from(stripe)]),
    });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('text: file:line:col rule masked; skips node_modules, dist and binaries; exit 1', async () => {
    const { code, stdout } = await run(root, []);
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    assert.match(lines[0], /^\.env:1:11 {2}npm-access-token {2}npm_… {2}npm access token \(not committed: git ignores this file\)$/);
    assert.match(lines[1], /^src\/pay\.ts:2:14 {2}stripe-secret-key {2}sk_l… /);
    assert.match(lines[2], /^2 findings in 4 files scanned$/);
    assert.ok(!stdout.includes(stripe) && !stdout.includes(npmToken));
  });

  it('lists what it skipped and why; --include-skipped scans generated folders and large files', async () => {
    const big = `const k = "${`rk_live_${f.alnum(30)}`}";\n${'// filler line of a generated file\n'.repeat(70_000)}`;
    writeFileSync(join(root, 'data.js'), big);
    writeFileSync(join(root, 'package-lock.json'), '{}\n');
    writeFileSync(join(root, 'blob.txt'), Buffer.from([0x61, 0, 0x62]));
    const text = await run(root, []);
    assert.match(
      text.stdout,
      /^skipped: 2 generated folders, 1 file over the size limit, 2 binary files, 1 lock file \(--include-skipped scans generated folders and large files\)$/m,
    );
    assert.match(text.stdout, /^ {2}dist\/ {2}generated or vendored folder$/m);
    assert.match(text.stdout, /^ {2}node_modules\/ {2}generated or vendored folder$/m);
    assert.match(text.stdout, /^ {2}data\.js {2}over the 2 MiB limit \(2\.\d MiB\)$/m);
    assert.match(text.stdout, /^ {2}image\.bin {2}binary$/m);
    assert.match(text.stdout, /^ {2}blob\.txt {2}binary$/m);
    assert.match(text.stdout, /^ {2}package-lock\.json {2}lock file/m);
    assert.ok(!text.stdout.includes('.git/'), 'git-ignored build/ and .git are not listed');

    const json = JSON.parse((await run(root, ['--format', 'json'])).stdout) as {
      skipped: { path: string; reason: string; bytes?: number }[];
    };
    assert.deepEqual(json.skipped.map((s) => [s.path, s.reason]).sort(), [
      ['blob.txt', 'binary'],
      ['data.js', 'size'],
      ['dist/', 'generated-folder'],
      ['image.bin', 'binary'],
      ['node_modules/', 'generated-folder'],
      ['package-lock.json', 'lock-file'],
    ]);
    assert.equal(json.skipped.find((s) => s.reason === 'size')?.bytes, Buffer.byteLength(big));

    const sarif = JSON.parse((await run(root, ['--format', 'sarif'])).stdout) as {
      runs: {
        invocations: {
          toolExecutionNotifications: {
            descriptor: { id: string };
            locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
          }[];
        }[];
      }[];
    };
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications.map((n) => [
      n.locations[0].physicalLocation.artifactLocation.uri,
      n.descriptor.id,
    ]);
    assert.deepEqual(
      notes.find(([uri]) => uri === 'dist/'),
      ['dist/', 'skipped/generated-folder'],
    );

    const all = await run(root, ['--include-skipped', '--format', 'json']);
    const found = JSON.parse(all.stdout) as { findings: { file: string }[]; skipped: { reason: string }[] };
    assert.deepEqual([...new Set(found.findings.map((x) => x.file))].sort(), [
      '.env',
      'data.js',
      'dist/bundle.js',
      'node_modules/pkg/index.js',
      'src/pay.ts',
    ]);
    assert.deepEqual(found.skipped.map((s) => s.reason).sort(), ['binary', 'binary', 'lock-file']);
  });

  it('json and sarif formats', async () => {
    const json = JSON.parse((await run(root, ['--format', 'json'])).stdout) as { findings: { ruleId: string; notCommitted?: boolean }[] };
    assert.deepEqual(
      json.findings.map((x) => [x.ruleId, x.notCommitted ?? false]),
      [
        ['npm-access-token', true],
        ['stripe-secret-key', false],
      ],
    );
    const sarif = JSON.parse((await run(root, ['--format=sarif', 'src'])).stdout) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(
      sarif.runs[0].results.map((r) => r.ruleId),
      ['stripe-secret-key'],
    );
  });

  it('--update-baseline accepts current findings; later runs report only new ones', async () => {
    const update = await run(root, ['--baseline', 'secrets-baseline.json', '--update-baseline']);
    assert.equal(update.code, 0);
    const baseline = readFileSync(join(root, 'secrets-baseline.json'), 'utf8');
    assert.ok(!baseline.includes(stripe));
    assert.equal((await run(root, ['--baseline', 'secrets-baseline.json'])).code, 0);
    writeFileSync(join(root, 'src/new.ts'), `const k = "${`rk_live_${f.alnum(30)}`}";\n`);
    const again = await run(root, ['--baseline', 'secrets-baseline.json']);
    assert.equal(again.code, 1);
    assert.match(again.stdout, /^src\/new\.ts:1:12 {2}stripe-restricted-key/);
  });

  it('hides low-confidence findings (documentation examples) unless --min-confidence low', async () => {
    writeFileSync(join(root, 'docs.md'), "    password: 'rapunz3l'\n");
    assert.equal((await run(root, ['docs.md'])).code, 0);
    const low = await run(root, ['docs.md', '--min-confidence', 'low']);
    assert.equal(low.code, 1);
    assert.match(low.stdout, /^docs\.md:1:16 {2}generic-password/);
  });

  it('--ignore skips files matching comma-separated globs', async () => {
    const { code, stdout } = await run(root, ['--ignore', '.env, src/pay.*']);
    assert.equal(code, 0);
    assert.match(stdout, /^0 findings in 2 files scanned$/m);
  });

  it('exit 0 on a clean path, 2 on usage errors', async () => {
    assert.equal((await run(root, ['src/clean.ts'])).code, 0);
    assert.equal((await run(root, ['--format', 'xml'])).code, 2);
    assert.equal((await run(root, ['--bogus'])).code, 2);
    assert.equal((await run(root, ['--min-confidence', 'maybe'])).code, 2);
    assert.equal((await run(root, ['missing-dir'])).code, 2);
    writeFileSync(join(root, 'bad.json'), '{');
    assert.equal((await run(root, ['--baseline', 'bad.json'])).code, 2);
  });
});
