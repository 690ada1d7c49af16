import { strict as assert } from 'node:assert';
import { allDetectors } from '../../../src/core/secrets/detectors/allDetectors';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeSecrets } from './fakeSecrets';

const f = new FakeSecrets(99);
const ids = (path: string, text: string) => scanText(path, text).map((x) => x.ruleId);

describe('secret scanning: lookalikes and placeholders', () => {
  it('provider lookalikes: wrong length, charset, checksum or boundary', () => {
    const body = f.alnum(30);
    const lookalikes = [
      `const t = "ghp_${body}ABCDEF";`, // bad GitHub checksum
      `const t = "ghp_${f.alnum(20)}";`, // too short
      `const id = "AKIA${f.of('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 12)}";`, // too short
      `const id = "XAKIA${f.of('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}";`, // glued to a word
      `const s = "sk_test_${f.alnum(10)}";`, // too short
      `const s = "sk_live_${f.alnum(10)}";`, // too short
      `const k = "AIza${f.word(20)}";`,
      `const t = "xoxb-not-a-token";`,
      `const n = "npm_${f.alnum(20)}";`,
      `const h = "hf_${f.digits(34)}";`,
      `const p = "glpat-short";`,
      `const sg = "SG.${f.word(10)}.${f.word(10)}";`,
      `const d = "dop_v1_${f.hex(20)}";`,
      `const x = "${f.hex(32)}";`, // bare hex: a hash, not a Mailgun/Datadog key without context
    ];
    for (const line of lookalikes) assert.deepEqual(ids('src/a.ts', line), [], line);
  });

  it('detector keywords are lowercase (the prefilter runs on lowercased text)', () => {
    for (const d of allDetectors) for (const k of d.keywords) assert.equal(k, k.toLowerCase(), d.id);
  });

  it('documented example values and placeholders are not findings', () => {
    const lines = [
      'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'API_KEY=changeme',
      'API_KEY=xxxxxxxxxxxxxxxxxxxx',
      'API_KEY=<your-api-key>',
      'API_KEY=${API_KEY}',
      'API_KEY=$API_KEY',
      'SECRET_TOKEN={{ .Values.secretToken }}',
      'password: example-password-123',
      'password: dummy_password',
      'password: test1234',
      'token: sample-token-value',
      'DB_PASSWORD=',
      'DB_PASSWORD=# set me',
      'client_secret: "********"',
      'STRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    ];
    for (const line of lines) assert.deepEqual(ids('deploy/.env', line), [], line);
  });

  it('references to environment and secret managers are not findings', () => {
    const code = [
      ['src/a.ts', 'const apiKey = process.env.API_KEY;'],
      ['src/a.ts', "const password = process.env['DB_PASSWORD'] ?? '';"],
      ['src/a.ts', 'const token = config.get("token");'],
      ['app.py', 'API_KEY = os.environ["API_KEY"]'],
      ['app.py', "password = os.getenv('DB_PASSWORD')"],
      ['main.go', 'apiKey := os.Getenv("API_KEY")'],
      ['main.tf', 'password = var.db_password'],
      ['main.tf', 'password = data.aws_secretsmanager_secret_version.db.secret_string'],
      ['values.yaml', 'password: vault:secret/data/db#password'],
      ['values.yaml', 'token: ${{ secrets.DEPLOY_TOKEN }}'],
      ['Dockerfile', 'ENV DB_PASSWORD=${DB_PASSWORD}'],
      ['src/a.ts', 'const tokenizer = "wordpiece-uncased-v2x";'],
      ['src/a.ts', 'const passwordField = "input-password-confirm";'],
      ['src/a.ts', 'headers: { Authorization: `Bearer ${token}` },'],
      ['src/a.ts', "headers: { Authorization: 'Bearer ' + accessToken },"],
      ['ci.sh', 'curl -u "$USER:$PASS" https://ci.internal/api'],
      ['ci.sh', 'curl -u admin:${ADMIN_PASSWORD} https://ci.internal/api'],
    ];
    for (const [path, line] of code) assert.deepEqual(ids(path, line), [], line);
  });

  it('labels, enum constants, calls, versions and documentation hosts are not secrets (seen in node_modules)', () => {
    const code: [string, string][] = [
      ['src/a.ts', 'export const PASSWORD_TOO_WEAK = "passwordTooWeak";'],
      ['src/a.ts', 'const FLOW_PASSWORD_REQUIRED_V2 = "FlowPasswordRequiredResultV2";'],
      ['src/a.ts', '  ACQUIRE_TOKEN_START: "msal:acquireTokenStart",'],
      ['src/a.ts', "  'allPass': 'overEvery',"],
      ['src/a.ts', '  RESOURCE_OWNER_PASSWORD_GRANT: "password",'],
      ['src/a.ts', "const USE_CREDENTIALS = 'use-credentials'"],
      ['src/a.ts', 're.src_auth = `(?:(?:(?!${re.src_ZCc}|[@/\\[\\]()]).){1,50}@)?`;'],
      ['package.json', '    "@secretlint/secretlint-rule-1password": "^10.2.2",'],
      ['package.json', '    "secretlint": "bin/secretlint.js"'],
      ['README.md', "  privateKey: readFileSync('/path/to/my/key')"],
      ['a.json', '"Unexpected_token_1012": "予期しないトークンです。",'],
      ['src/a.ts', "const options = new URL('https://abc:xyz@example.com');"],
      ['src/a.ts', "passphrase: 'foobarbaz' },"],
    ];
    for (const [path, line] of code) assert.deepEqual(ids(path, line), [], line);
    const [doc] = scanText('README.md', "  password: 'rapunz3l'");
    assert.equal(doc.confidence, 'low');
  });

  it('stack files: interpolation defaults, user-equals-password URLs, base64 of example text', () => {
    const [fallback] = scanText('docker-compose.yml', '    command: redis-server --requirepass ${REDIS_PASSWORD:-Kd8vQ2mZ7x}');
    assert.equal(fallback.ruleId, 'compose-literal-password');
    assert.equal(fallback.range.column, '    command: redis-server --requirepass ${REDIS_PASSWORD:-'.length + 1);
    assert.deepEqual(ids('docker-compose.yml', '      SQL_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow'), [
      'default-weak-password',
    ]);
    const example = Buffer.from('This is an example of a shorter Base64 string').toString('base64').replace(/=+$/, '');
    assert.deepEqual(ids('docker-compose.yml', `      # HOOK_SECRETS: "v1,whsec_${example}"`), []);
    assert.deepEqual(ids('docker-compose.yml', '      KEYSTORE_PASSWORD: changeit'), ['default-weak-password']);
  });

  it('UUIDs, git SHAs and integrity hashes are not secrets', () => {
    assert.deepEqual(ids('a.yaml', `api_key_id: ${f.uuid()}`), []);
    assert.deepEqual(ids('a.yaml', `secret: ${f.uuid()}`), []);
    assert.deepEqual(ids('a.yaml', `commit: ${f.hex(40)}`), []);
    assert.deepEqual(ids('a.yaml', `token_sha256: ${f.hex(64)}`), []);
    assert.deepEqual(ids('a.json', `"integrity": "sha512-${f.b64(86)}=="`), []);
  });

  it('lock files are skipped entirely', () => {
    const text = `"secret": "${f.alnum(40)}",\n"integrity": "sha512-${f.b64(86)}=="\nghp_${f.alnum(36)}\n`;
    for (const path of ['package-lock.json', 'web/yarn.lock', 'pnpm-lock.yaml', 'go.sum']) assert.deepEqual(ids(path, text), [], path);
  });

  it('inline allow comments on the line or the line before', () => {
    const secret = `sk_live_${f.alnum(30)}`;
    assert.equal(ids('a.ts', `const k = "${secret}";`).length, 1);
    for (const marker of ['// stackpilot-ignore-secret', '// gitleaks:allow', '# pragma: allowlist secret', '// secretlint-disable-line']) {
      assert.deepEqual(ids('a.ts', `const k = "${secret}"; ${marker}`), [], marker);
    }
    assert.deepEqual(ids('a.ts', `// stackpilot-ignore-secret\nconst k = "${secret}";`), []);
    assert.equal(ids('a.ts', `// stackpilot-ignore-secret\n\nconst k = "${secret}";`).length, 1);
  });

  it('generic assignments across languages, gated by entropy', () => {
    const v = `Kq8${f.alnum(21)}`;
    const positives: [string, string][] = [
      ['config.yaml', `api_key: ${v}`],
      ['config.json', `{ "client_secret": "${v}" }`],
      ['.env', `API_TOKEN=${v}`],
      ['app.properties', `app.auth.token=${v}`],
      ['src/a.ts', `const apiKey = '${v}';`],
      ['src/a.ts', `const cfg = { accessKey: "${v}" };`],
      ['app.py', `SECRET_KEY = "${v}"`],
      ['main.go', `const apiToken = "${v}"`],
      ['main.go', `apiToken := "${v}"`],
      ['main.tf', `  client_secret = "${v}"`],
      ['Dockerfile', `ENV API_TOKEN=${v}`],
      ['Dockerfile', `ENV API_TOKEN ${v}`],
    ];
    for (const [path, line] of positives) {
      const found = scanText(path, line);
      assert.equal(found.length, 1, `${path}: ${line}`);
      assert.equal(line.slice(found[0].range.column - 1, found[0].range.endColumn - 1), v, line);
    }
    assert.deepEqual(ids('config.yaml', 'api_key: abcdabcdabcd'), []);
    assert.deepEqual(ids('config.yaml', 'token_type: bearer_access'), []);
    assert.deepEqual(ids('config.yaml', 'secret_name: db-credentials-prod'), []);
    assert.deepEqual(ids('src/a.ts', 'const apiKey = getApiKeyFromVault();'), []);
    assert.deepEqual(ids('src/a.ts', `const apiKey = someObject.apiKey;`), []);
  });

  it('compose environment: literal passwords and default credentials', () => {
    const compose = [
      'services:',
      '  db:',
      '    image: postgres:16',
      '    environment:',
      '      POSTGRES_USER: postgres',
      '      POSTGRES_PASSWORD: postgres',
      '  cache:',
      '    environment:',
      '      - REDIS_PASSWORD=hunter22',
      '      - REDIS_PASSWORD_FILE=/run/secrets/redis',
      '  grafana:',
      '    environment:',
      '      GF_SECURITY_ADMIN_PASSWORD: admin',
      '      GF_SECURITY_ADMIN_USER: admin',
      '  api:',
      '    environment:',
      '      DB_PASSWORD: ${DB_PASSWORD:?set it}',
    ].join('\n');
    const found = scanText('docker-compose.yml', compose);
    assert.deepEqual(
      found.map((x) => [x.range.line, x.ruleId, x.kind, x.severity]),
      [
        [6, 'default-postgres-password', 'default-credential', 'info'],
        [9, 'compose-literal-password', 'generic-assignment', 'warning'],
        [13, 'default-grafana-admin', 'default-credential', 'info'],
      ],
    );
  });

  it('options: ignoreRules, baseline, minConfidence', () => {
    const text = `const k = "sk_live_${f.alnum(30)}";\nconst session = "${f.jwt()}";\n`;
    const all = scanText('a.ts', text);
    assert.deepEqual(
      all.map((x) => x.ruleId),
      ['stripe-secret-key', 'jwt'],
    );
    assert.deepEqual(
      scanText('a.ts', text, { ignoreRules: ['jwt'] }).map((x) => x.ruleId),
      ['stripe-secret-key'],
    );
    assert.deepEqual(
      scanText('a.ts', text, { baseline: new Set([all[0].fingerprint]) }).map((x) => x.ruleId),
      ['jwt'],
    );
    assert.deepEqual(
      scanText('a.ts', text, { minConfidence: 'high' }).map((x) => x.ruleId),
      ['stripe-secret-key'],
    );
  });

  it('CRLF line endings: same ranges as LF', () => {
    const secret = `sk_live_${f.alnum(30)}`;
    const lf = scanText('a.ts', `// one\nconst k = "${secret}";\n`);
    const crlf = scanText('a.ts', `// one\r\nconst k = "${secret}";\r\n`);
    assert.deepEqual(
      crlf.map((x) => x.range),
      lf.map((x) => x.range),
    );
    assert.equal(crlf[0].fingerprint, lf[0].fingerprint);
  });

  it('fingerprints are stable, per file and per rule; masks reveal at most 4 characters', () => {
    const line = `const k = "sk_live_${f.alnum(30)}";`;
    const [a] = scanText('a.ts', line);
    const [b] = scanText('a.ts', `\n\n${line}`);
    const [c] = scanText('b.ts', line);
    assert.equal(a.fingerprint, b.fingerprint);
    assert.notEqual(a.fingerprint, c.fingerprint);
    assert.match(a.fingerprint, /^[0-9a-f]{64}$/);
    assert.equal(a.masked, 'sk_l…');
    const [short] = scanText('.env', 'DB_PASSWORD=Zq7#mK2p');
    assert.equal(short.masked, 'Zq…');
  });
});
