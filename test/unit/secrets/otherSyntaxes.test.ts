import { strict as assert } from 'node:assert';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeSecrets } from './fakeSecrets';

const f = new FakeSecrets(20261206);
const rules = (path: string, text: string) => scanText(path, text).map((x) => x.ruleId);
/** A password-like random value: mixed case and digits. */
const pw = () => `Q7${f.alnum(14)}`;

describe('secret scanning: passwords and tokens written in other syntaxes', () => {
  it('connection strings: ADO.NET, ODBC, libpq and JDBC query parameters, in JSON, XML and code strings', () => {
    const p = pw();
    assert.deepEqual(rules('appsettings.json', `{ "Db": "Server=tcp:x.database.windows.net,1433;User ID=app;Password=${p};" }`), [
      'connection-string-password',
    ]);
    assert.deepEqual(
      rules('web.config', `<add name="Db" connectionString="Data Source=sql01;Initial Catalog=Orders;User Id=o;Password=${p};" />`),
      ['connection-string-password'],
    );
    assert.deepEqual(rules('Db.java', `String url = "jdbc:mysql://db:3306/orders?user=orders&password=${p}&useSSL=true";`), [
      'connection-string-password',
    ]);
    assert.deepEqual(rules('db.py', `conn = psycopg2.connect("host=db.internal user=app password=${p} dbname=app")`), [
      'connection-string-password',
    ]);
    // References, placeholders, format slots and a password with no connection string around it.
    for (const v of ['${DB_PASSWORD}', '{0}', '%s', '<password>', '$(DB_PASSWORD)', 'changeme', '@Password'])
      assert.deepEqual(rules('appsettings.json', `{ "Db": "Server=db;User ID=app;Password=${v};" }`), [], v);
    assert.deepEqual(rules('a.ts', `const hint = "Use password=yes to enable";`), []);
    // Code: keyword arguments pass variables; `var password = get(…);` is not a connection string.
    assert.deepEqual(rules('t.py', '        NNTP(host, user=baduser, password=badpw, usenetrc=False)'), []);
    assert.deepEqual(rules('a.js', "      var password = utils.getSafeProp(auth, 'password') || '';"), []);
  });

  it('MySQL DSNs without a scheme (go-sql-driver): the password between : and @tcp(', () => {
    assert.deepEqual(
      scanText('main.go', `dsn := "worker:${pw()}@tcp(mysql:3306)/jobs"`).map((x) => [x.ruleId, x.kind]),
      [['mysql-dsn-password', 'url-credentials']],
    );
    assert.deepEqual(rules('main.go', 'dsn := fmt.Sprintf("%s:%s@tcp(%s)/jobs", user, pass, host)'), []);
  });

  it('HTTP basic auth in code: auth=("user", "…"), HTTPBasicAuth, BasicAuth', () => {
    assert.deepEqual(rules('c.py', `requests.get(u, auth=("reports", "${pw()}"))`), ['basic-auth-password']);
    assert.deepEqual(rules('c.py', `s.auth = HTTPBasicAuth("reports", "${pw()}")`), ['basic-auth-password']);
    assert.deepEqual(rules('c.py', 'requests.get(u, auth=("reports", os.environ["PW"]))'), []);
    assert.deepEqual(rules('c.py', 'requests.get(u, auth=("user", "password"))'), []);
  });

  it('SQL: CREATE ROLE … PASSWORD, IDENTIFIED BY, CREATE LOGIN … WITH PASSWORD =; stored hashes are not passwords', () => {
    assert.deepEqual(rules('dump.sql', `CREATE ROLE reporting LOGIN PASSWORD '${pw()}';`), ['sql-password']);
    assert.deepEqual(rules('init.sql', `CREATE USER 'etl'@'%' IDENTIFIED BY '${pw()}';`), ['sql-password']);
    assert.deepEqual(rules('init.sql', `CREATE LOGIN app WITH PASSWORD = '${pw()}';`), ['sql-password']);
    assert.deepEqual(rules('dump.sql', `ALTER ROLE app PASSWORD 'md5${f.hex(32)}';`), []);
    assert.deepEqual(rules('dump.sql', `ALTER ROLE app PASSWORD 'SCRAM-SHA-256$4096:${f.alnum(24)}';`), []);
    assert.deepEqual(rules('dump.sql', "CREATE USER app IDENTIFIED BY 'changeme';"), []);
    assert.deepEqual(rules('dump.sql', `INSERT INTO t (password) VALUES ('${pw()}');`), []); // not a statement about a login
  });

  it('command lines: docker login -p, mysql -p…, sshpass -p, --password; never stdin, variables or another flag', () => {
    assert.deepEqual(rules('.gitlab-ci.yml', `    - docker login -u bot -p ${pw()} registry.example.dev`), ['cli-password']);
    assert.deepEqual(rules('deploy.sh', `mysql -h db -u root -p'${pw()}' orders < m.sql`), ['mysql-cli-password']);
    assert.deepEqual(rules('deploy.sh', `sshpass -p ${pw()} ssh deploy@host`), ['cli-password']);
    assert.deepEqual(rules('deploy.sh', `vault login --password=${pw()}`), ['cli-password']);
    for (const line of [
      'echo "$T" | docker login -u bot --password-stdin registry',
      'docker login -u gitlab-ci-token -p $CI_JOB_TOKEN $CI_REGISTRY',
      'mysql -u root -p orders',
      'mysql -u root -p"$MYSQL_PWD" orders',
      'cli --password -',
      'mysqldump --password="${DB_PASSWORD}" db',
    ])
      assert.deepEqual(rules('deploy.sh', line), [], line);
  });

  it('.netrc: password on its own line in a .netrc, or after machine/login anywhere', () => {
    const text = `machine api.heroku.com\n  login ops@acme.dev\n  password ${f.uuid()}\n`;
    const found = scanText('home/.netrc', text);
    assert.deepEqual(
      found.map((x) => [x.ruleId, x.range.line]),
      [['netrc-password', 3]],
    );
    assert.deepEqual(rules('setup.sh', `echo "machine git.internal login ci password ${pw()}" > ~/.netrc`), ['netrc-password']);
    assert.deepEqual(rules('notes.sh', `# the password ${pw()} is rotated`), []);
    assert.deepEqual(rules('cron.sh', '# users only: since login will handle password aging, or a poppasswd'), []);
  });

  it('XML settings: <add key="…Password" value="…"/> and <password>…</password>', () => {
    assert.deepEqual(rules('web.config', `<add key="SmtpPassword" value="${pw()}" />`), ['xml-secret-setting']);
    assert.deepEqual(rules('settings.xml', `<server><id>nexus</id><username>ci</username><password>${pw()}</password></server>`), [
      'xml-secret-setting',
    ]);
    assert.deepEqual(rules('settings.xml', '<password>${env.NEXUS_PASSWORD}</password>'), []);
    assert.deepEqual(rules('web.config', '<add key="PasswordMinLength" value="12" />'), []);
  });

  it('Terraform: a secret-named variable with a literal default', () => {
    const text = `variable "db_password" {\n  type      = string\n  sensitive = true\n  default   = "${pw()}"\n}\n`;
    assert.deepEqual(
      scanText('variables.tf', text).map((x) => [x.ruleId, x.range.line]),
      [['terraform-variable-default', 4]],
    );
    assert.deepEqual(rules('variables.tf', 'variable "db_password" {\n  type = string\n  default = ""\n}\n'), []);
    assert.deepEqual(
      rules('variables.tf', `variable "region" {\n  default = "eu-west-1"\n}\nvariable "x" {\n  default = "${pw()}"\n}\n`),
      [],
    );
  });

  it('generic assignments: inside a call after a bare value, in JSON-escaped strings (notebooks), after b"…" and []byte(…)', () => {
    assert.deepEqual(rules('c.py', `co = cohere.Client(api_key="${f.alnum(40)}")`), ['generic-secret']);
    assert.deepEqual(rules('n.ipynb', `    "db_password = \\"${pw()}\\"\\n",`), ['generic-password']);
    assert.deepEqual(rules('app.py', `app.secret_key = b"${f.alnum(12)}7${f.alnum(20)}"`), ['generic-secret']);
    assert.deepEqual(rules('main.go', `var signingSecret = []byte("${f.alnum(12)}7${f.alnum(20)}")`), ['generic-secret']);
    assert.deepEqual(rules('n.ipynb', '    "key = os.environ[\\"OPENAI_API_KEY\\"]\\n",'), []);
  });

  it('a UUID under a password key is a password (Heroku API keys in .netrc); under other keys an id', () => {
    assert.deepEqual(rules('config.yaml', `password: ${f.uuid()}`), ['generic-password']);
    assert.deepEqual(rules('config.yaml', `request_token_id: ${f.uuid()}`), []);
  });

  it('provider formats: Telegram tokens in Bot API URLs, Doppler service tokens with their config, Square EAAA tokens', () => {
    const tg = `${f.digits(10)}:AA${f.word(33)}`;
    assert.deepEqual(rules('bot.js', `fetch(\`https://api.telegram.org/bot${tg}/sendMessage\`)`), ['telegram-bot-token']);
    assert.deepEqual(rules('ci.sh', `DOPPLER_TOKEN=dp.st.prd.${f.alnum(43)}`), ['doppler-token']);
    assert.deepEqual(rules('app.json', `{ "squareAccessToken": "EAAA${f.alnum(30)}Zq7${f.word(27)}" }`), ['square-access-token-v2']);
  });

  it('keyed calls and subscripts: define(…), setdefault(…), os.environ["…"] = …, also JSON-escaped', () => {
    assert.deepEqual(rules('wp-config.php', `define( 'AUTH_KEY', '${f.alnum(20)}!${f.alnum(20)}' );`), ['keyed-assignment']);
    assert.deepEqual(rules('n.ipynb', `    "os.environ[\\"PINECONE_API_KEY\\"] = \\"${f.alnum(36)}\\"\\n",`), ['keyed-assignment']);
    assert.deepEqual(rules('a.py', `os.environ.setdefault("WANDB_API_KEY", "${f.hex(40)}")`), ['hex-secret']);
    assert.deepEqual(rules('wp-config.php', "define( 'DB_PASSWORD', getenv('DB_PASSWORD') );"), []);
    assert.deepEqual(rules('a.py', 'os.environ["OPENAI_API_KEY"] = getpass()'), []);
  });

  it('name/value lists: - name: KEY then value: … (Kubernetes env, Azure Pipelines variables)', () => {
    const text = `env:\n  - name: ADO_PAT\n    value: ${f.alnum(52).toLowerCase()}\n  - name: LOG_LEVEL\n    value: debug\n  - name: DB_PASSWORD\n    valueFrom: { secretKeyRef: { name: db, key: password } }\n`;
    assert.deepEqual(
      scanText('deploy.yaml', text).map((x) => [x.ruleId, x.range.line]),
      [['name-value-secret', 3]],
    );
    assert.deepEqual(rules('pipe.yml', '  - name: ARM_SECRET\n    value: $(armSecret)\n'), []);
  });

  it('typed declarations and YAML block scalars', () => {
    assert.deepEqual(rules('keys.rs', `pub const API_KEY: &str = "${f.alnum(40)}";`), ['generic-secret']);
    assert.deepEqual(rules('a.ts', `const apiSecret: string = '${f.alnum(32)}';`), ['generic-secret']);
    assert.deepEqual(rules('a.yaml', `smtp:\n  password: >-\n    ${pw()}\n`), ['generic-password']);
    assert.deepEqual(rules('a.yaml', `tls:\n  key: |\n    line one\n    line two\n`), []);
    assert.deepEqual(rules('a.ts', 'function f(password: string = "") {}'), []);
  });

  it('encoded and other private key formats: base64 PEM, PuTTY .ppk, JWK "d"; certificates and public JWKs are not', () => {
    const pemB64 = (label: string) => Buffer.from(`-----BEGIN ${label}-----\n${f.alnum(64)}\n-----END ${label}-----\n`).toString('base64');
    assert.deepEqual(rules('kubeconfig', `    client-key-data: ${pemB64('RSA PRIVATE KEY')}`), ['private-key-base64']);
    assert.deepEqual(rules('kubeconfig', `    client-certificate-data: ${pemB64('CERTIFICATE')}`), []);
    const ppk = `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: x\nPublic-Lines: 1\n${f.word(64)}\nPrivate-Lines: 1\n${f.word(64)}\nPrivate-MAC: ${f.hex(64)}\n`;
    assert.deepEqual(
      scanText('id.ppk', ppk).map((x) => [x.ruleId, x.range.line]),
      [['putty-private-key', 7]],
    );
    assert.deepEqual(rules('jwks.json', `{"keys":[{"kty":"RSA","e":"AQAB","n":"${f.word(300)}"}]}`), []);
  });

  it('directives without "=": redis requirepass / --requirepass, ConvertTo-SecureString -AsPlainText, .pgpass', () => {
    assert.deepEqual(rules('redis.conf', `requirepass ${f.alnum(32)}`), ['redis-password']);
    assert.deepEqual(rules('docker-compose.yml', `    command: redis-server --requirepass ${f.alnum(32)}`), ['redis-password']);
    assert.deepEqual(rules('redis.conf', 'requirepass ${REDIS_PASSWORD}'), []);
    assert.deepEqual(rules('a.ps1', `$p = ConvertTo-SecureString "${pw()}" -AsPlainText -Force`), ['powershell-plaintext-password']);
    assert.deepEqual(rules('a.ps1', '$p = ConvertTo-SecureString $env:PW -AsPlainText -Force'), []);
    assert.deepEqual(rules('.pgpass', `db:5432:orders:app:${pw()}\nlocalhost:5432:*:postgres:*\n`), ['pgpass-password']);
  });

  it('the jwt.io / RFC 7519 example token is documentation, not a secret', () => {
    const example =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    assert.deepEqual(rules('docs/auth.md', `A token looks like \`${example}\`.`), []);
    assert.deepEqual(rules('src/a.ts', `const t = "${f.jwt()}";`), ['jwt']);
  });
});
