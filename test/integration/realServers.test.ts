/**
 * Debian's redis-server and PostgreSQL run as plain process services through the engine, gated by
 * real probes (log line, exec of redis-cli / pg_isready), with a migration job that must complete
 * before the app starts. Skipped (with the reason) when the packages are missing.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createStackEngine, loadStackFromDisk } from '../../src/infra/createStackEngine';
import { alive, freePort, SVC, tempDir } from './testKit';

const pgBin = fs.existsSync('/usr/lib/postgresql')
  ? fs
      .readdirSync('/usr/lib/postgresql')
      .map((v) => `/usr/lib/postgresql/${v}/bin`)
      .find((d) => fs.existsSync(`${d}/postgres`))
  : undefined;
const have = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe('real servers as process services (redis-server, postgres)', function () {
  this.timeout(60_000);
  const quiet = { debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) };

  it('redis (log probe) and postgres (pg_isready) gate a migration job and an app', async function () {
    if (!have('redis-server') || !pgBin || !have('runuser')) this.skip(); // scripts/test-env.sh installs redis-server and postgresql
    const t = tempDir('sp-real-');
    fs.chmodSync(t.dir, 0o755);
    const pgdata = path.join(t.dir, 'pgdata');
    fs.mkdirSync(pgdata);
    execFileSync('chown', ['postgres:postgres', pgdata]);
    // postgres refuses to run as root: initdb and the server run as the package's postgres user.
    execFileSync('runuser', ['-u', 'postgres', '--', `${pgBin}/initdb`, '-D', pgdata, '--auth=trust', '-U', 'postgres'], {
      stdio: 'ignore',
    });
    const [redisPort, pgPort, appPort] = [await freePort(), await freePort(), await freePort()];
    fs.writeFileSync(
      path.join(t.dir, 'stackpilot.yaml'),
      `name: real-servers
services:
  redis:
    argv: [redis-server, --port, "${redisPort}", --bind, 127.0.0.1, --save, "", --appendonly, "no"]
    health: { log: "Ready to accept connections" }
  postgres:
    argv: [runuser, -u, postgres, --, ${pgBin}/postgres, -D, ${pgdata}, -p, "${pgPort}", -k, ${pgdata}, -c, listen_addresses=127.0.0.1]
    health: { exec: "pg_isready -q -h 127.0.0.1 -p ${pgPort}", interval: 1s, retries: 10 }
    stopGracePeriod: 10s
  migrate:
    argv: [psql, -q, -h, 127.0.0.1, -p, "${pgPort}", -U, postgres, -c, "create table items (id int)"]
    dependsOn: { postgres: healthy }
    restart: { policy: "no" }
  app:
    argv: [${JSON.stringify(process.execPath)}, ${JSON.stringify(SVC)}]
    env: { PORT: "${appPort}" }
    dependsOn: { redis: healthy, migrate: completed }
    health: { http: "http://127.0.0.1:${appPort}/health" }
  redis-check:
    argv: [redis-cli, -p, "${redisPort}", ping]
    dependsOn: { redis: healthy }
    restart: { policy: "no" }
`,
    );
    const loaded = await loadStackFromDisk({ root: t.dir, configPath: 'stackpilot.yaml', env: process.env });
    assert.ok(loaded.config, JSON.stringify(loaded.diagnostics));
    const engine = createStackEngine(loaded.config, { output: quiet });
    try {
      const result = await engine.up(['redis', 'postgres', 'migrate', 'app', 'redis-check'], { timeoutMs: 45_000 });
      assert.ok(result.ok, result.failures.join('\n'));
      const state = Object.fromEntries(result.statuses.map((s) => [s.name, s.state]));
      assert.deepEqual(state, { redis: 'healthy', postgres: 'healthy', migrate: 'completed', app: 'healthy', 'redis-check': 'completed' });
      const at = (name: string, to: string) => result.statuses.find((s) => s.name === name)!.transitions.find((tr) => tr.to === to)!.at;
      assert.ok(at('app', 'starting') >= at('migrate', 'completed'), 'app waited for the migration');
      assert.ok(at('migrate', 'starting') >= at('postgres', 'healthy'), 'migration waited for postgres health');
      assert.match(
        engine
          .logs('redis-check')
          .map((l) => l.text)
          .join('\n'),
        /PONG/,
      );
      const pids = result.statuses.map((s) => s.pid).filter((p): p is number => !!p);
      await engine.down();
      for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} survived down`);
    } finally {
      await engine.down().catch(() => undefined);
      engine.dispose();
      t.remove();
    }
  });
});
