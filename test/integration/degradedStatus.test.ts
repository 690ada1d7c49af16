/**
 * A dependent whose dependency failed says so in `stackpilot status` (text and --json) read from a
 * second process while `up` supervises (dist/cli.js, real processes): db exits with code 3 and
 * stays down (restart no); api's own probe still passes, and its line reads
 * `healthy … · dependency db exited (exit 3)`.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { freePort, killAll, SVC, tempDir, waitFor } from './testKit';

const cli = path.resolve(__dirname, '../../dist/cli.js');

describe('status shows a dependent degraded by its failed dependency (dist/cli.js)', function () {
  this.timeout(120_000);
  let t: ReturnType<typeof tempDir>;
  let up: ChildProcess | undefined;
  const env = () => ({ ...process.env, XDG_STATE_HOME: path.join(t.dir, 'state'), NO_COLOR: '1' });

  beforeEach(() => {
    t = tempDir('sp-degraded-');
  });
  afterEach(async () => {
    // Ctrl-C as a user would: up stops its stack and its watchdog ends; then down, for a run that failed midway.
    if (up && up.exitCode === null && up.signalCode === null) {
      const exited = new Promise((r) => up!.once('exit', r));
      up.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      up.kill('SIGKILL');
    }
    spawnSync(process.execPath, [cli, 'down'], { cwd: path.join(t.dir, 'stack'), env: env(), timeout: 60_000 });
    killAll((await findMarkedProcesses(stackIdOf(path.join(t.dir, 'stack')))).map((p) => p.pid));
    t.remove();
  });

  it('api: healthy · dependency db exited (exit 3), in the table and as degraded in --json', async () => {
    const dir = path.join(t.dir, 'stack');
    fs.mkdirSync(dir);
    const [db, api] = [await freePort(), await freePort()];
    const node = JSON.stringify(process.execPath);
    fs.writeFileSync(
      path.join(dir, 'stackpilot.yaml'),
      `name: degraded
services:
  db:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: db, PORT: "${db}", CRASH_AFTER_MS: "1500", EXIT_CODE: "3" }
    health: { http: "http://127.0.0.1:${db}/health" }
    restart: { policy: "no" }
  api:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: api, PORT: "${api}" }
    dependsOn: { db: healthy }
    health: { http: "http://127.0.0.1:${api}/health", startPeriod: 30s }
`,
    );
    up = spawn(process.execPath, [cli, 'up'], { cwd: dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    up.stdout!.on('data', (d) => (out += String(d)));
    await waitFor('db to exit with code 3', () => /db\s+exited with code 3/.test(out), 60_000);
    const status = () => spawnSync(process.execPath, [cli, 'status'], { cwd: dir, env: env(), encoding: 'utf8' });
    const shown = await waitFor(
      'the dependent line',
      () => {
        const s = status();
        return /api\s+healthy\s.*· dependency db exited \(exit 3\)/.test(s.stdout) && s.stdout;
      },
      20_000,
    );
    assert.match(shown, /db\s+exited/);
    const json = JSON.parse(spawnSync(process.execPath, [cli, 'status', '--json'], { cwd: dir, env: env(), encoding: 'utf8' }).stdout) as {
      source: string;
      services: { name: string; state: string; degraded: string | null }[];
    };
    assert.equal(json.source, 'supervisor');
    assert.deepEqual(
      json.services.map((s) => [s.name, s.state, s.degraded]),
      [
        ['db', 'exited', null],
        ['api', 'healthy', 'dependency db exited (exit 3)'],
      ],
    );
  });
});
