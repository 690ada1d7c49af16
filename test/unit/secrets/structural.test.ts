import { strict as assert } from 'node:assert';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeSecrets } from './fakeSecrets';

const f = new FakeSecrets(7);
const ids = (path: string, text: string) => scanText(path, text).map((x) => x.ruleId);

describe('secret detectors: private keys, JWTs, URLs', () => {
  for (const label of [
    'RSA PRIVATE KEY',
    'EC PRIVATE KEY',
    'PRIVATE KEY',
    'OPENSSH PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY',
    'PGP PRIVATE KEY BLOCK',
  ]) {
    it(`${label}: the range is the whole block`, () => {
      const block = f.pem(label);
      const text = `before\nconst key = \`${block}\`;\nafter\n`;
      const [hit, ...rest] = scanText('src/key.ts', text);
      assert.equal(rest.length, 0);
      assert.equal(hit.ruleId, 'private-key');
      assert.equal(hit.kind, 'private-key');
      assert.deepEqual(hit.range, { line: 2, column: 14, endLine: 9, endColumn: label.length + 15 });
    });
  }

  it('service-account JSON private_key (escaped newlines) is a Google service account key', () => {
    const escaped = f.pem('PRIVATE KEY').replace(/\n/g, '\\n');
    const json = `{\n  "type": "service_account",\n  "project_id": "synthetic-project",\n  "private_key": "${escaped}\\n",\n  "client_email": "svc@synthetic-project.iam.gserviceaccount.com"\n}\n`;
    const [hit] = scanText('keys/sa.json', json);
    assert.equal(hit.ruleId, 'google-service-account-key');
    assert.equal(hit.range.line, 4);
    assert.equal(hit.range.column, '  "private_key": "'.length + 1);
    assert.equal(hit.range.endColumn, '  "private_key": "'.length + escaped.length + 1);
  });

  it('private key placeholders and public keys are not findings', () => {
    assert.deepEqual(ids('a.ts', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n'), []);
    assert.deepEqual(
      ids(
        'a.ts',
        '-----BEGIN RSA PRIVATE KEY-----\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n-----END RSA PRIVATE KEY-----\n',
      ),
      [],
    );
    assert.deepEqual(ids('a.pem', f.pem('PUBLIC KEY')), []);
    assert.deepEqual(ids('a.pem', f.pem('CERTIFICATE')), []);
    assert.deepEqual(ids('a.ts', 'if (line.startsWith("-----BEGIN PRIVATE KEY-----")) parse();\n'), []);
  });

  it('JWT: header must decode to JSON with alg; Supabase anon keys are public', () => {
    assert.deepEqual(ids('a.ts', `const t = "${f.jwt()}";`), ['jwt']);
    assert.deepEqual(ids('a.ts', `const t = "eyJ${f.word(30)}.${f.word(40)}.${f.word(43)}";`), []);
    const noAlg = `${Buffer.from('{"typ":"JWT"}').toString('base64url')}.${Buffer.from('{"a":1}').toString('base64url')}.${f.word(43)}`;
    assert.deepEqual(ids('a.ts', `const t = "${noAlg}";`), []);
    assert.deepEqual(ids('.env', `SUPABASE_ANON_KEY=${f.jwt({ iss: 'supabase', role: 'anon' })}`), []);
  });

  it('URL credentials: the range is the password only', () => {
    const cases: [string, string][] = [
      ['DATABASE_URL=postgres://app:', 'Zr81kPq0xL@db:5432/app'],
      ['REDIS_URL=redis://:', 'Vt5mWq8nBz@cache:6379/0'],
      ['git = "https://deploy:', 'Hq2nL7xPz4@git.internal/acme.git"'],
    ];
    for (const [before, rest] of cases) {
      const password = rest.slice(0, rest.indexOf('@'));
      const [hit, ...more] = scanText('deploy/.env', `${before}${rest}\n`);
      assert.equal(more.length, 0, before);
      assert.equal(hit.ruleId, 'url-credentials');
      assert.deepEqual(hit.range, { line: 1, column: before.length + 1, endLine: 1, endColumn: before.length + password.length + 1 });
    }
  });

  it('URL credentials: placeholders, interpolation and defaults', () => {
    assert.deepEqual(ids('.env', 'DATABASE_URL=postgres://user:password@localhost/db'), []);
    assert.deepEqual(ids('.env', 'DATABASE_URL=postgres://${DB_USER}:${DB_PASSWORD}@db/app'), []);
    assert.deepEqual(ids('.env', 'DATABASE_URL=postgres://app:<password>@db/app'), []);
    assert.deepEqual(ids('.env', 'URL=https://user:pass@example.com'), []);
    assert.deepEqual(ids('.env', 'DATABASE_URL=postgres://postgres:postgres@db:5432/app'), ['default-postgres-password']);
    assert.deepEqual(ids('a.md', 'see https://github.com/org/repo and mailto:someone@example.com'), []);
    const [local] = scanText('.env', 'DATABASE_URL=postgres://app:Zr81kPq0xL@localhost:5432/app');
    assert.equal(local.severity, 'warning');
  });
});
