/**
 * A unique secret planted in every place a user can put one (env, envFile, envFrom output, the
 * health URL's userinfo and query, an exec probe, a webhook URL, a compose `environment`), then
 * every CLI command run on the stack: no output, no file under .stackpilot/ and no report may hold
 * any of them in full, and every file Stackpilot wrote is 0600.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, SVC, tempDir } from './testKit';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');

const planted = (place: string) => `Zq${place}${randomBytes(12).toString('hex')}`;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('secrets never leave in full (CLI, real processes)', function () {
  this.timeout(120_000);
  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  });

  it('no command prints a planted secret and no file Stackpilot writes holds one', async () => {
    const t = tempDir('sp-redact-');
    const secrets = {
      env: planted('Env'),
      envFile: planted('File'),
      envFrom: planted('From'),
      userinfo: planted('User'),
      query: planted('Query'),
      exec: planted('Exec'),
      hook: planted('Hook'),
      compose: planted('Compose'),
    };
    const [p1, p2, p3] = [await freePort(), await freePort(), await freePort()];
    const node = JSON.stringify(process.execPath);
    const w = (f: string, text: string) => fs.writeFileSync(path.join(t.dir, f), text);
    w('.env', `HEALTH_TOKEN=${secrets.query}\nHEALTH_PW=${secrets.userinfo}\nREDIS_PASSWORD=${secrets.exec}\n`);
    w('web.env', `DB_PASSWORD=${secrets.envFile}\n`);
    w('from.env', `VAULT_TOKEN=${secrets.envFrom}\n`);
    w(
      'compose.yaml',
      `services:\n  store:\n    image: stackpilot-test/never-pulled:1\n    environment: { STORE_SECRET: "${secrets.compose}" }\n    profiles: [never]\n`,
    );
    w(
      'stackpilot.yaml',
      `name: redact
compose: [compose.yaml]
monitoring:
  webhooks: [{ name: hook, urlEnv: HOOK }]
services:
  web:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: web, PORT: "${p1}", API_KEY: "${secrets.env}" }
    envFile: web.env
    envFrom: { command: "cat from.env" }
    health: { http: "http://user:\${HEALTH_PW}@127.0.0.1:${p1}/health", interval: 200ms }
  api:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: api, PORT: "${p3}" }
    health: { http: "http://127.0.0.1:${p3}/health?token=\${HEALTH_TOKEN}", interval: 200ms, retries: 1 }
  cache:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: cache, PORT: "${p2}" }
    health: { exec: "test -n \${REDIS_PASSWORD}", interval: 200ms }
`,
    );
    const env = { ...process.env, NO_COLOR: '1', HOOK: `http://127.0.0.1:9/hooks/${secrets.hook}` };
    const outputs: string[] = [];
    // Output to a file, not a pipe: a service started by `up` must not hold the test's pipe open.
    const outFile = path.join(os.tmpdir(), `sp-redact-out-${process.pid}`);
    const run = (...args: string[]) => {
      const fd = fs.openSync(outFile, 'w');
      const r = spawnSync(process.execPath, [cli, ...args], { cwd: t.dir, stdio: ['ignore', fd, fd], timeout: 60_000, env });
      fs.closeSync(fd);
      outputs.push(`$ stackpilot ${args.join(' ')} (exit ${r.status})\n${fs.readFileSync(outFile, 'utf8')}`);
      fs.rmSync(outFile, { force: true });
      return r;
    };
    try {
      assert.equal(run('validate').status, 0, outputs.join('\n'));
      run('plan');
      // api's probe (the token in its query string) answers 404: up reports it unhealthy, the path where details are shown.
      assert.equal(run('up', '--wait', '--timeout', '60').status, 1, outputs.join('\n'));
      assert.match(outputs.at(-1)!, /api +unhealthy +GET \/health\?… -> /);
      assert.match(outputs.at(-1)!, /cache +healthy +test -n \$\{REDIS_PASSWORD\}/);
      run('status');
      run('status', '--json');
      run('logs', 'web');
      run('plan', '--json');
      run('restart', 'cache', '--timeout', '60');
      run('stop', 'api');
      // Nothing supervises (up --wait handed over): both say so, and neither may quote a secret doing it.
      run('acknowledge', 'service-down/api');
      run('silence', 'service-down/api', '--for', '5m');
      run('report');
      run('scan', '.');
      run('scan', '.', '--format', 'json');
      run('scan', '.', '--format', 'sarif');
      run('down');
      run('status', '--json');
      run('report');

      const written = filesUnder(path.join(t.dir, '.stackpilot'));
      assert.ok(written.some((f) => f.endsWith('report.html')) && written.some((f) => f.endsWith('last-run.json')), written.join('\n'));
      const places: [string, string][] = [
        ...outputs.map((o, i): [string, string] => [`command ${i}: ${o.split('\n')[0]}`, o]),
        ...written.map((f): [string, string] => [f, fs.readFileSync(f, 'utf8')]),
      ];
      const leaks: string[] = [];
      for (const [where, text] of places)
        for (const [name, s] of Object.entries(secrets)) if (text.includes(s)) leaks.push(`${name} in ${where}`);
      assert.deepEqual(leaks, [], outputs.join('\n'));
      const wide = written
        .filter((f) => (fs.statSync(f).mode & 0o077) !== 0)
        .map((f) => `${path.relative(t.dir, f)} ${(fs.statSync(f).mode & 0o777).toString(8)}`);
      assert.deepEqual(wide, [], 'files Stackpilot wrote that others can read');
    } finally {
      spawnSync(process.execPath, [cli, 'down'], { cwd: t.dir, stdio: 'ignore', timeout: 60_000, env });
      t.remove();
    }
  });

  it('a secret interpolated where the stack file is wrong is named, not quoted, by every command that loads it', () => {
    const t = tempDir('sp-redact-bad-');
    const secret = planted('Wrong');
    const w = (f: string, text: string) => fs.writeFileSync(path.join(t.dir, f), text);
    w('.env', `TOKEN=${secret}\n`);
    w(
      'stackpilot.yaml',
      [
        'services:',
        '  web:',
        '    command: "echo ${MISSING:?the token is ${TOKEN}}"',
        '    restart: ${TOKEN}',
        '    health: { tcp: "${TOKEN}", retries: "${TOKEN}" }',
        '    ports: ["${TOKEN}:80"]',
        '    dependsOn: ["${TOKEN}"]',
        '',
      ].join('\n'),
    );
    const outputs: string[] = [];
    try {
      for (const args of [
        ['validate'],
        ['plan'],
        ['up', '--wait', '--timeout', '10'],
        ['status', '--json'],
        ['down'],
        ['restart', 'web'],
      ]) {
        const r = spawnSync(process.execPath, [cli, ...args], {
          cwd: t.dir,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, NO_COLOR: '1' },
        });
        outputs.push(`$ stackpilot ${args.join(' ')} (exit ${r.status})\n${r.stdout}${r.stderr}`);
      }
      const text = outputs.join('\n');
      assert.match(outputs[0], /got `\$\{TOKEN\}`/, text);
      assert.ok(!text.includes(secret.slice(0, 12)), text);
    } finally {
      t.remove();
    }
  });
});
