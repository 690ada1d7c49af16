/**
 * `stackpilot status` without a supervisor says what is true now (the built CLI, real processes):
 * a stopped service shows no probe, and a dependent never started because its dependency failed is
 * `failed` (blocked), as `up` said, not `stopped`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, SVC_ARGV, tempDir } from './testKit';

const cli = path.resolve(__dirname, '../../dist/cli.js');
const run = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 90_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
type Json = { services: { name: string; state: string; reason: string | null; lastProbe: { detail: string } | null }[] };
const statusOf = (dir: string) => JSON.parse(run(dir, 'status', '--json').out) as Json;

describe('status tells the truth after stop and after a failed start (dist/cli.js, real processes)', function () {
  this.timeout(120_000);

  it('a stopped service shows no probe: not its last passing one', async () => {
    const t = tempDir('sp-truths-stop-');
    const port = await freePort();
    fs.writeFileSync(
      path.join(t.dir, 'stackpilot.yaml'),
      `name: truths-stop\nservices:\n  back:\n    argv: ${SVC_ARGV}\n    env: { PORT: "${port}" }\n    health: { http: "http://127.0.0.1:${port}/health", interval: 1s, timeout: 2s }\n`,
    );
    try {
      const up = run(t.dir, 'up', '--wait');
      assert.equal(up.code, 0, up.out + up.err);
      const healthy = statusOf(t.dir).services[0]!;
      assert.equal(healthy.state, 'healthy');
      assert.match(healthy.lastProbe!.detail, /-> 200 after \d+ ms/);
      assert.equal(run(t.dir, 'stop', 'back').code, 0);
      const stopped = statusOf(t.dir).services[0]!;
      assert.equal(stopped.state, 'stopped');
      assert.equal(stopped.lastProbe, null);
      assert.doesNotMatch(run(t.dir, 'status').out, /-> 200/);
    } finally {
      run(t.dir, 'down');
      t.remove();
    }
  });

  it('a dependent of a service that never became healthy is failed (blocked) in status, as up said', async () => {
    const t = tempDir('sp-truths-blocked-');
    const port = await freePort();
    fs.writeFileSync(
      path.join(t.dir, 'stackpilot.yaml'),
      [
        'name: truths-blocked',
        'services:',
        '  web:',
        `    argv: ${SVC_ARGV}`,
        `    health: { tcp: "127.0.0.1:${port}", interval: 500ms, timeout: 500ms, retries: 1 }`,
        '  worker:',
        `    argv: ${SVC_ARGV}`,
        '    dependsOn: { web: healthy }',
        '',
      ].join('\n'),
    );
    try {
      const up = run(t.dir, 'up', '--wait', '--timeout', '30');
      assert.notEqual(up.code, 0);
      assert.match(up.out + up.err, /worker.*blocked: dependency web failed/);
      const worker = statusOf(t.dir).services.find((s) => s.name === 'worker')!;
      assert.equal(worker.state, 'failed');
      assert.match(worker.reason ?? '', /^blocked: dependency web failed \(unhealthy: /);
    } finally {
      run(t.dir, 'down');
      t.remove();
    }
  });
});
