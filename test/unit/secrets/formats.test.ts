import { strict as assert } from 'node:assert';
import { hasFilledBody, isPlaceholderToken } from '../../../src/core/secrets/isPlaceholder';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeSecrets } from './fakeSecrets';

// Cases written from each format's public documentation (cited per block), with synthetic values.
const f = new FakeSecrets(17);
const ids = (path: string, text: string): string[] => scanText(path, text).map((x) => x.ruleId);
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('credentials in URLs (RFC 3986 userinfo; PostgreSQL, MongoDB, Redis connection URIs)', () => {
  const pass = `Qz8${f.alnum(13)}`;
  it('finds the password of remote basic-auth and database URLs, range on the password only', () => {
    for (const url of [
      `postgres://app:${pass}@db.internal:5432/app`,
      `postgresql://app:${pass}@db.internal/app?sslmode=require`,
      `mongodb+srv://admin:${pass}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true`,
      `mongodb://admin:${pass}@mongo-0.internal:27017,mongo-1.internal:27017/app?replicaSet=rs0`,
      `redis://:${pass}@cache.internal:6379/0`,
      `rediss://default:${pass}@cache.internal:6380`,
      `amqps://app:${pass}@mq.internal/vhost`,
      `https://deploy:${pass}@git.internal.corp/repo.git`,
      `mysql://root:${pass}@10.1.2.3:3306/shop`,
    ]) {
      const text = `DATABASE_URL=${url}\n`;
      const found = scanText('deploy/.env', text);
      assert.deepEqual(
        found.map((x) => x.ruleId),
        ['url-credentials'],
        url,
      );
      assert.equal(found[0].range.column, text.indexOf(pass) + 1, url);
      assert.equal(found[0].range.endColumn - found[0].range.column, pass.length, url);
    }
  });
  it('ignores URLs without a password, with references, placeholders or documentation hosts', () => {
    for (const url of [
      'postgres://app@db.internal/app',
      'postgres://app:${DB_PASSWORD}@db.internal/app',
      'postgres://user:password@db.internal/app',
      'redis://:<password>@cache:6379',
      `https://user:${pass}@example.com/`,
      'mongodb+srv://admin:%s@cluster0.mongodb.net',
    ])
      assert.deepEqual(ids('deploy/.env', `URL=${url}\n`), [], url);
  });
  it('local defaults are default credentials (info), not secrets', () => {
    const found = scanText(
      'docker-compose.yml',
      'services:\n  api:\n    environment:\n      DATABASE_URL: postgres://postgres:postgres@db:5432/app\n',
    );
    assert.deepEqual(
      found.map((x) => [x.kind, x.severity]),
      [['default-credential', 'info']],
    );
  });
});

describe('hex secrets under secret-named keys (Rails secret_key_base, Django/Flask SECRET_KEY, app secrets)', () => {
  it('reports 32/40/64/128 hex digits under a secret-named key, in env, YAML and code', () => {
    const cases: [string, string][] = [
      ['.env', `APP_SECRET=${f.hex(32)}`],
      ['.env', `SECRET_KEY_BASE=${f.hex(128)}`],
      ['config/secrets.yml', `  secret_key_base: ${f.hex(64)}`],
      ['settings.py', `SECRET_KEY = "${f.hex(40)}"`],
      ['config.ts', `export const appSecret = '${f.hex(64)}';`],
      ['a.yaml', `token: ${f.hex(40)}`],
      ['.env', `API_KEY=${f.hex(32).toUpperCase()}`],
    ];
    for (const [path, line] of cases) assert.deepEqual(ids(path, `${line}\n`), ['hex-secret'], line);
  });
  it('keeps Datadog keys as their own rule', () => {
    assert.deepEqual(ids('.env', `DD_API_KEY=${f.hex(32)}\n`), ['datadog-api-key']);
  });
  it('digests, commits, all-zero and non-random hex are not secrets', () => {
    for (const line of [
      `commit: ${f.hex(40)}`,
      `secret_sha256: ${f.hex(64)}`,
      `token_hash: ${f.hex(64)}`,
      `checksum: ${f.hex(64)}`,
      `APP_SECRET=${'0'.repeat(32)}`,
      `APP_SECRET=${'deadbeef'.repeat(4)}`,
      `APP_SECRET=${'1234567890'.repeat(4)}`,
      `const id = "${f.hex(32)}";`,
    ])
      assert.deepEqual(ids('config/app.yml', `${line}\n`), [], line);
  });
});

describe('Stripe keys (docs.stripe.com/keys: sk_/rk_ with live or test mode, up to 255 characters)', () => {
  it('live keys are errors, test-mode keys warnings', () => {
    const live = scanText('pay.ts', `const k = "sk_live_51${f.alnum(97)}";\n`);
    const test = scanText('pay.ts', `const k = "sk_test_51${f.alnum(97)}";\n`);
    const rk = scanText('.env', `STRIPE_KEY=rk_test_${f.alnum(24)}\n`);
    assert.deepEqual(
      live.map((x) => [x.ruleId, x.severity]),
      [['stripe-secret-key', 'error']],
    );
    assert.deepEqual(
      test.map((x) => [x.ruleId, x.severity]),
      [['stripe-test-secret-key', 'warning']],
    );
    assert.deepEqual(
      rk.map((x) => [x.ruleId, x.severity]),
      [['stripe-test-restricted-key', 'warning']],
    );
  });
  it('publishable keys, short bodies and filled-in bodies are not findings', () => {
    for (const line of [
      `pk_test_${f.alnum(24)}`,
      `pk_live_${f.alnum(24)}`,
      `sk_test_${f.alnum(12)}`,
      `sk_test_${'0'.repeat(24)}`,
      `sk_live_${'a'.repeat(24)}`,
      `xsk_test_${f.alnum(24)}`,
    ]) {
      assert.deepEqual(ids('.env', `STRIPE=${line}\n`), [], line);
    }
  });
});

describe('JSON Web Tokens (RFC 7519: three base64url parts, the header JSON with alg)', () => {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'k1' })).toString('base64url');
  const jwt = (claimsLength: number): string =>
    `${header}.${Buffer.from(JSON.stringify({ sub: 'synthetic', groups: f.alnum(claimsLength) })).toString('base64url')}.${f.word(342)}`;
  it('finds long tokens (many claims), also on lines longer than the detectors window', () => {
    for (const n of [200, 6_000, 20_000, 40_000]) {
      const token = jwt(n);
      const found = scanText('.env', `ACCESS_TOKEN=${token}\n`);
      assert.deepEqual(
        found.map((x) => [x.ruleId, x.range.column, x.range.endColumn]),
        [['jwt', 14, 14 + token.length]],
        `${token.length} chars`,
      );
    }
  });
  it('not a JWT: a header that is not JSON with alg, a dotted identifier, a token glued to a word', () => {
    const notJson = `eyJ${f.word(30)}.${f.word(40)}.${f.word(43)}`;
    assert.deepEqual(ids('a.ts', `const t = "${notJson}";\n`), []);
    assert.deepEqual(ids('a.ts', `const t = "x${jwt(20)}";\n`), []);
  });
});

describe('.npmrc and .yarnrc.yml auth (docs.npmjs.com/cli/configuring-npm/npmrc; yarnpkg.com/configuration/yarnrc)', () => {
  it('finds _authToken of any registry, _auth (base64 user:password), _password and Yarn tokens', () => {
    const cases: [string, string, string][] = [
      ['.npmrc', `//npm.pkg.github.com/:_authToken=${f.alnum(40)}`, 'npmrc-auth-token'],
      ['.npmrc', `//gitlab.internal/api/v4/projects/1/packages/npm/:_authToken=${f.word(20)}`, 'npmrc-auth-token'],
      ['.npmrc', `//registry.npmjs.org/:_authToken=npm_${f.alnum(36)}`, 'npm-access-token'],
      ['.npmrc', `_auth=${b64(`ci:${f.alnum(14)}`)}`, 'npmrc-basic-auth'],
      ['.npmrc', `//nexus.internal/repository/npm/:_password=${b64(f.alnum(14))}`, 'npmrc-password'],
      ['.yarnrc.yml', `npmAuthToken: "${f.alnum(36)}"`, 'yarnrc-auth-token'],
    ];
    for (const [path, line, rule] of cases) assert.deepEqual(ids(path, `${line}\n`), [rule], line);
  });
  it('environment references and placeholders are not findings', () => {
    for (const line of [
      '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
      '//registry.npmjs.org/:_authToken="${NODE_AUTH_TOKEN}"',
      '//registry.npmjs.org/:_authToken=YOUR_TOKEN_HERE',
      '_auth=${NPM_AUTH}',
      'always-auth=true',
      'npmAuthToken: "${NPM_TOKEN}"',
    ])
      assert.deepEqual(ids('.npmrc', `${line}\n`), [], line);
  });
});

describe('Kubernetes Secret manifests (kubernetes.io/docs/concepts/configuration/secret)', () => {
  const password = f.alnum(20);
  const manifest = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: db-credentials',
    '  namespace: prod',
    'type: kubernetes.io/basic-auth',
    'data:',
    `  username: ${b64('app')}`,
    `  password: ${b64(password)}`,
    `  ca.crt: ${b64('-----BEGIN CERTIFICATE-----')}`,
    'stringData:',
    `  api-token: "${f.word(32)}"`,
    '',
  ].join('\n');
  it('reports each data value that decodes to a secret, and stringData values, naming key and Secret', () => {
    const found = scanText('k8s/db.yaml', manifest);
    assert.deepEqual(
      found.map((x) => [x.ruleId, x.range.line, x.title]),
      [
        ['kubernetes-secret-data', 9, 'Kubernetes Secret value: password of db-credentials'],
        ['kubernetes-secret-data', 12, 'Kubernetes Secret value: api-token of db-credentials'],
      ],
    );
    assert.ok(found.every((x) => !x.masked.includes(password) && !x.masked.includes(b64(password))));
  });
  it('in a multi-document file only the Secret document counts; templates, empty and placeholder values are skipped', () => {
    const other = `---\napiVersion: v1\nkind: ConfigMap\ndata:\n  cache: ${b64(f.alnum(24))}\n`;
    const templated = `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: t\ndata:\n  password: {{ .Values.password | b64enc }}\n  empty: ""\n  pw: ${b64('changeme')}\n  key: ${b64('aaaaaaaaaaaa')}\n`;
    assert.deepEqual(ids('k8s/all.yaml', other + templated), []);
    assert.deepEqual(ids('k8s/all.yaml', `${other}---\n${manifest}`).length, 2);
  });
  it('a default under a password key is a default credential; SecretProviderClass is not a Secret', () => {
    const found = scanText('k8s/pg.yaml', `kind: Secret\ndata:\n  POSTGRES_PASSWORD: ${b64('postgres')}\n`);
    assert.deepEqual(
      found.map((x) => [x.kind, x.severity]),
      [['default-credential', 'info']],
    );
    assert.ok(
      !ids('k8s/spc.yaml', `kind: SecretProviderClass\ndata:\n  password: ${b64(f.alnum(20))}\n`).includes('kubernetes-secret-data'),
    );
  });
});

describe('SOPS-encrypted values (getsops/sops: ENC[AES256_GCM,data:…,iv:…,tag:…,type:…])', () => {
  const enc = (data: string) => `ENC[AES256_GCM,data:${data},iv:${f.b64(43)}=,tag:${f.b64(22)}==,type:str]`;
  it('are not findings in YAML, JSON or dotenv, whatever the ciphertext looks like', () => {
    assert.deepEqual(ids('secrets.enc.yaml', `db_password: ${enc(f.b64(24))}\napi_key: ${enc(`sk_live_${f.alnum(30)}`)}\n`), []);
    assert.deepEqual(ids('secrets.enc.json', `{"password": "${enc(f.b64(24))}"}\n`), []);
    assert.deepEqual(ids('.env.enc', `DB_PASSWORD=${enc(f.b64(24))}\n`), []);
  });
  it('a plain secret next to encrypted ones still is', () => {
    assert.deepEqual(ids('secrets.enc.yaml', `a: ${enc(f.b64(24))}\nstripe: sk_live_${f.alnum(30)}\n`), ['stripe-secret-key']);
  });
});

describe('placeholders under real-looking prefixes', () => {
  it('a filled-in body (one repeated character, zeros) is a placeholder', () => {
    for (const v of [
      'sk_live_aaaaaaaaaaaaaaaaaaaaaaaa',
      'xoxb-0000000000-0000000000-000000000000000000000000',
      'AKIA0000000000000000',
      'ghp_000000000000000000000000000000000000',
      'sk-proj-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'glpat-11111111111111111111',
    ]) {
      assert.ok(hasFilledBody(v) && isPlaceholderToken(v), v);
    }
    assert.deepEqual(
      ids(
        '.env',
        'SLACK_BOT_TOKEN=xoxb-0000000000-0000000000-000000000000000000000000\nOPENAI_API_KEY=sk-proj-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n',
      ),
      [],
    );
  });
  it('random bodies are not', () => {
    for (const v of [
      `sk_live_${f.alnum(24)}`,
      `xoxb-${f.digits(10)}-${f.digits(10)}-${f.alnum(24)}`,
      `AKIA${f.of('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
    ]) {
      assert.ok(!hasFilledBody(v), v);
    }
  });
});
