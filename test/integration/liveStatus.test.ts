/**
 * Another process sees the supervisor's truth (the built CLI, real processes): `stackpilot up`
 * supervises a service that exits with code 3; `stackpilot status --json` in a second process shows
 * it exited with code 3 and lists the firing service-down alert. Once the supervisor is gone,
 * status observes again. Own XDG_STATE_HOME; reaps by markers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { liveStatusFile } from '../../src/infra/state/liveStatusFile';
import { stackLocks } from '../../src/infra/state/stackLock';
import { CliStack } from './supervisorKit';
import { SVC_ARGV, waitFor } from './testKit';

describe('live status: a second process sees what the supervisor sees (dist/cli.js)', function () {
  this.timeout(120_000);
  let stack: CliStack;
  const stackDir = () => stack.dir;

  beforeEach(() => {
    stack = new CliStack('sp-live-status-');
    stack.write(`name: live-status
services:
  flaky:
    argv: ${SVC_ARGV}
    env: { NAME: flaky, CRASH_AFTER_MS: "300", EXIT_CODE: "3" }
    restart: { policy: "no" }
  steady:
    argv: ${SVC_ARGV}
    env: { NAME: steady, TICK_MS: "60000" }
`);
  });
  afterEach(() => stack.cleanup({ graceful: true }));

  const status = () => stack.run('status', '--json').then((r) => ({ code: r.code, out: r.stdout }));

  it('status --json in a second process shows exited with code 3 and the firing service-down alert', async () => {
    const up = stack.start('up');
    const sup = up.child;
    await waitFor(
      'the supervisor sees exit 3 and fires service-down',
      () => /exited with code 3/.test(up.output()) && /alert firing.*flaky/.test(up.output()),
      60_000,
    ).catch((e: Error) => assert.fail(`${e.message}\n${up.output()}`));
    const file = liveStatusFile(stackDir(), stack.env);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'the status file is private');
    const got = await waitFor(
      'status shows the alert',
      async () => {
        const r = await status();
        const j = JSON.parse(r.out) as {
          source: string;
          services: { name: string; state: string; exitCode: number | null; reason: string | null }[];
          alerts: { ruleId: string; service: string | null }[];
        };
        return j.alerts.some((a) => a.ruleId === 'service-down' && a.service === 'flaky') && { r, j };
      },
      10_000,
    );
    assert.equal(got.r.code, 1, 'a selected service is not up');
    assert.equal(got.j.source, 'supervisor');
    const flaky = got.j.services.find((s) => s.name === 'flaky')!;
    assert.equal(flaky.state, 'exited');
    assert.equal(flaky.exitCode, 3);
    assert.match(flaky.reason ?? '', /code 3/);
    assert.equal(got.j.services.find((s) => s.name === 'steady')?.state, 'running');

    // The supervisor ends: its file goes, and status observes again.
    sup.kill('SIGTERM');
    await up.done;
    assert.equal(fs.existsSync(file), false, 'the status file is removed with its supervisor');
    const after = JSON.parse((await status()).out) as { source: string; supervisedBy: string | null };
    assert.equal(after.source, 'observed');
    assert.equal(after.supervisedBy, null);
  });

  it("a forged status file (not the live lock holder's) is never read", async () => {
    const file = liveStatusFile(stackDir(), stack.env);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        stack: 'live-status',
        supervisor: { pid: process.pid, startTime: '1' },
        updatedAt: 0,
        services: [{ name: 'flaky', kind: 'process', state: 'healthy', restarts: 0 }],
        alerts: [],
      }),
    );
    const j = JSON.parse((await status()).out) as { source: string; services: { name: string; state: string }[] };
    assert.equal(j.source, 'observed');
    assert.equal(j.services.find((s) => s.name === 'flaky')?.state, 'stopped');
  });

  it('a supervisor that stops answering (SIGSTOP) is said to be stale by status, and current again after SIGCONT', async () => {
    const up = stack.start('up');
    const sup = up.child;
    type J = { source: string; stale: { since: string; why: string; message: string } | null; services: { name: string; state: string }[] };
    const json = async () => JSON.parse((await status()).out) as J;
    await waitFor(
      'the supervisor publishes steady running',
      async () => {
        const j = await json();
        return j.source === 'supervisor' && j.services.find((s) => s.name === 'steady')?.state === 'running';
      },
      60_000,
    ).catch((e: Error) => assert.fail(`${e.message}\n${up.output()}`));
    assert.equal((await json()).stale, null, 'a live supervisor is not stale');

    stack.pause(sup.pid!);
    const r = await status();
    const j = JSON.parse(r.out) as J;
    assert.equal(j.source, 'supervisor', 'its last view is still shown');
    assert.ok(j.stale, 'and said to be stale');
    assert.equal(j.stale.why, 'paused');
    assert.match(j.stale.message, new RegExp(`stackpilot up \\(pid ${sup.pid}\\) is not answering since \\d\\d:\\d\\d:\\d\\d`));
    assert.equal(r.code, 1, 'a stale view cannot vouch that anything is up');
    const text = (await stack.run('status')).stdout;
    assert.match(text, /is not answering since \d\d:\d\d:\d\d \(paused: SIGSTOP\)/);

    stack.resume(sup.pid!);
    await waitFor('current again once it runs', async () => (await json()).stale === null, 20_000);
  });

  it('a view not rewritten for three heartbeats is stale though its supervisor lives (hung)', async () => {
    // The verified live holder here is this test process (its own lock), which publishes one view and then stays silent.
    const got = await stackLocks(stackDir(), stack.env).acquire('cli');
    assert.ok('lock' in got);
    try {
      const file = liveStatusFile(stackDir(), stack.env);
      const h = got.lock.holder;
      const write = (updatedAt: number) =>
        fs.writeFileSync(
          file,
          JSON.stringify({
            version: 1,
            stack: 'live-status',
            supervisor: { pid: h.pid, startTime: h.startTime },
            updatedAt,
            heartbeatMs: 2000,
            services: [{ name: 'flaky', kind: 'process', state: 'healthy', restarts: 0 }],
            alerts: [],
          }),
          { mode: 0o600 },
        );
      write(Date.now());
      let j = JSON.parse((await status()).out) as { source: string; stale: { why: string } | null };
      assert.equal(j.source, 'supervisor');
      assert.equal(j.stale, null);
      write(Date.now() - 60_000);
      j = JSON.parse((await status()).out) as { source: string; stale: { why: string } | null };
      assert.equal(j.source, 'supervisor');
      assert.equal(j.stale?.why, 'silent');
    } finally {
      await got.lock.release();
    }
  });
});
