import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { runScan } from '../../../src/cli/commands/scan';
import { ruleCatalog } from '../../../src/core/secrets/detectors/allDetectors';
import { toSarif } from '../../../src/core/secrets/sarif';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeSecrets } from './fakeSecrets';

/**
 * The official SARIF 2.1.0 schema (OASIS, rtm.5, as published on schemastore), shipped by the npm
 * package @microsoft/jest-sarif. It is draft-04; the only draft-04 keyword it uses that Ajv 8 reads
 * differently is the root `id` (no boolean exclusiveMinimum/Maximum), so it is moved to `$id`.
 */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  // unicodeRegExp off: the schema's `language` pattern has a stray `]`, valid only without the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///') && !/\s/.test(s));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i.test(s));
  return ajv.compile(schema);
}

const f = new FakeSecrets(77);
const text = [
  `const stripe = "sk_live_${f.alnum(30)}";`,
  `const token = "${f.jwt()}";`,
  `const db = "postgres://app:${f.alnum(14)}@db.internal:5432/app";`,
  f.pem('RSA PRIVATE KEY'),
  '',
].join('\n');

describe('SARIF output against the SARIF 2.1.0 JSON schema', () => {
  const validate = sarifValidator();
  const errors = () => JSON.stringify(validate.errors?.slice(0, 5), null, 1);

  it('the validator rejects an invalid log (so passing means something)', () => {
    assert.equal(validate({ version: '2.0.0', runs: [] }), false);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
  });

  it('accepts findings of every kind, including not-committed ones and paths needing encoding', () => {
    const findings = scanText('src/dir with space/app.ts', text);
    assert.ok(findings.length >= 4, `findings: ${findings.map((x) => x.ruleId).join(', ')}`);
    const log = toSarif(
      findings.map((x, i) => (i === 0 ? { ...x, notCommitted: true } : x)),
      ruleCatalog(),
      { version: '0.1.0' },
    );
    assert.ok(validate(log), errors());
  });

  it('accepts an empty run', () => {
    assert.ok(validate(toSarif([], ruleCatalog(), { version: '0.1.0' })), errors());
    const skipped = [
      { path: 'dist/', reason: 'generated-folder' as const },
      { path: 'data/big file.json', reason: 'size' as const, bytes: 3_000_000 },
      { path: 'a.png', reason: 'binary' as const },
    ];
    assert.ok(validate(toSarif([], ruleCatalog(), { version: '0.1.0', skipped })), errors());
  });

  it('accepts what `stackpilot scan --format sarif` prints', async () => {
    const root = mkdtempSync(join(tmpdir(), 'stackpilot-sarif-'));
    try {
      for (const [path, body] of Object.entries({ 'src/app.ts': text, '.env': `NPM_TOKEN=npm_${f.alnum(36)}\n`, '.gitignore': '.env\n' })) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), body);
      }
      let stdout = '';
      const code = await runScan(['--format', 'sarif'], {
        stdout: (s) => (stdout += s),
        stderr: () => undefined,
        cwd: root,
        env: {},
        isTTY: false,
      });
      assert.equal(code, 1);
      const log = JSON.parse(stdout) as { runs: { results: unknown[] }[] };
      assert.ok(log.runs[0].results.length >= 5);
      assert.ok(validate(log), errors());
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
