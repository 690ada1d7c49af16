import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { DEFAULTS } from '../../src/core/config/defaults';
import { createStackEngine } from '../../src/infra/createStackEngine';
import type { StackEngine } from '../../src/core/engine/StackEngine';
import { PrivateDockerd } from './dockerDaemon';
import { httpdSpec, requireDocker, stackOf, uniqueProject } from './dockerKit';
import { freePort, processSpec, tempDir, waitFor } from './testKit';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };

/** Every state a service went through, with the reason, for the log and for assertions. */
function transitions(engine: StackEngine, t0: number): string[] {
  const seen: string[] = [];
  engine.onEvent((e) => {
    if (e.type === 'state')
      seen.push(`+${Date.now() - t0} ms ${e.service} ${e.transition.to}${e.status.reason ? ` (${e.status.reason})` : ''}`);
  });
  return seen;
}

/**
 * A real daemon restart: a private dockerd (own socket, data-root, exec-root; the shared engine
 * other tests use is never touched) is stopped by its pid mid-run and started again.
 */
describe('docker services: the daemon stops and comes back (a real dockerd restart)', function () {
  this.timeout(120_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-docker-restart-');
  // A short path (dockerd's and containerd's sockets live under it), made once the suite runs.
  let daemon: PrivateDockerd;
  const saved = process.env.DOCKER_HOST;

  before(async function () {
    await new Promise<void>((resolve, reject) => requireDocker(this, (err) => (err ? reject(err) : resolve())));
    if (!PrivateDockerd.possible()) {
      console.log('    (skipped: starting a private dockerd needs root and dockerd)');
      this.skip();
    }
    daemon = new PrivateDockerd(mkdtempSync('/tmp/spd-'), []);
    await daemon.start();
    daemon.loadTestImage();
    process.env.DOCKER_HOST = daemon.host;
  });
  after(async () => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
    await daemon?.remove();
    tmp.remove();
  });

  it('a running service is re-observed and started again once the daemon is back, without up', async () => {
    const web = httpdSpec('web', await freePort(), { restart: { ...DEFAULTS.restart, policy: 'on-failure' } });
    // restart: no — the daemon's shutdown stopped it, and like docker itself we leave it stopped.
    const once = httpdSpec('once', await freePort());
    const engine = createStackEngine(stackOf(project, tmp.dir, [web, once]), { runDir: tmp.dir, output: silent });
    const t0 = Date.now();
    const seen = transitions(engine, t0);
    try {
      assert.ok((await engine.up(['web', 'once'], { timeoutMs: 30_000 })).ok);
      const first = engine.status().find((s) => s.name === 'web')!.instanceId!;
      const tStop = Date.now();
      await daemon.stop();
      console.log(`      dockerd stopped in ${Date.now() - tStop} ms`);
      const down = await waitFor('the outage seen', () => engine.status().find((s) => s.name === 'web' && s.state === 'failed'), 15_000);
      console.log(`      during the outage: ${down.state}: ${down.reason ?? ''}`);
      assert.match(down.reason ?? '', /the Docker daemon is not running.*started once the engine answers again, while supervising/);
      await daemon.start();
      const tBack = Date.now();
      const back = await waitFor('healthy again', () => engine.status().find((s) => s.name === 'web' && s.state === 'healthy'), 20_000);
      console.log(
        `      healthy again ${Date.now() - tBack} ms after dockerd answered (container ${back.instanceId?.slice(0, 12)}, was ${first.slice(0, 12)})`,
      );
      assert.notEqual(back.instanceId, first, 'the daemon stopped the old container: a new one runs');
      assert.equal(daemon.cli(['inspect', '--format', '{{.State.Running}}', back.instanceId!]).trim(), 'true');
      const stayed = engine.status().find((s) => s.name === 'once')!;
      assert.equal(stayed.state, 'exited');
      assert.equal(
        stayed.lastExit?.code,
        143,
        'the exit code comes from the die event even though the daemon no longer answered an inspect',
      );
    } finally {
      console.log(seen.map((l) => `        ${l}`).join('\n'));
      await engine.down();
      engine.dispose();
    }
    // `once` ended while the daemon went down: it is removed once the daemon is back (like docker run --rm).
    await waitFor(
      'nothing left behind',
      () => daemon.cli(['ps', '-aq', '--filter', `label=dev.stackpilot.project=${project}`]).trim() === '',
      5000,
    );
  });

  it('a daemon that is not running at up: docker services fail with the reason, process services run, docker services start once it answers', async () => {
    await daemon.stop();
    const engine = createStackEngine(stackOf(project, tmp.dir, [httpdSpec('web', await freePort()), processSpec('app')]), {
      runDir: tmp.dir,
      output: silent,
    });
    const t0 = Date.now();
    const seen = transitions(engine, t0);
    try {
      const r = await engine.up(['web', 'app'], { timeoutMs: 30_000 });
      assert.equal(r.ok, false);
      const web = engine.status().find((s) => s.name === 'web')!;
      assert.equal(web.state, 'failed');
      assert.match(web.reason ?? '', /the Docker daemon is not running.*started once the engine answers again, while supervising/);
      assert.equal(engine.status().find((s) => s.name === 'app')!.state, 'running');
      await daemon.start();
      const tBack = Date.now();
      await waitFor(
        'web healthy once the daemon answers',
        () => engine.status().find((s) => s.name === 'web' && s.state === 'healthy'),
        20_000,
      );
      console.log(`      web healthy ${Date.now() - tBack} ms after dockerd answered`);
      assert.equal(engine.status().find((s) => s.name === 'app')!.state, 'running');
    } finally {
      console.log(seen.map((l) => `        ${l}`).join('\n'));
      await engine.down();
      engine.dispose();
    }
  });
});

describe('docker services: a daemon restart with --live-restore (containers outlive it)', function () {
  this.timeout(120_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-docker-live-');
  let daemon: PrivateDockerd;
  const saved = process.env.DOCKER_HOST;

  before(async function () {
    await new Promise<void>((resolve, reject) => requireDocker(this, (err) => (err ? reject(err) : resolve())));
    if (!PrivateDockerd.possible()) {
      console.log('    (skipped: starting a private dockerd needs root and dockerd)');
      this.skip();
    }
    daemon = new PrivateDockerd(mkdtempSync('/tmp/spd-'), ['--live-restore']);
    await daemon.start();
    daemon.loadTestImage();
    process.env.DOCKER_HOST = daemon.host;
  });
  after(async () => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
    await daemon?.remove();
    tmp.remove();
  });

  it('the same container is watched again: logs, health, and a kill after the restart are seen', async () => {
    const port = await freePort();
    // One line a second, so logs written after the restart can be looked for.
    const web = httpdSpec('web', port, {
      command: [
        'sh',
        '-c',
        `mkdir -p /www && echo ok >/www/health && httpd -p 127.0.0.1:${port} -h /www; i=0; while :; do i=$((i+1)); echo "tick $i"; sleep 1; done`,
      ],
    });
    const engine = createStackEngine(stackOf(project, tmp.dir, [web]), { runDir: tmp.dir, output: silent });
    const t0 = Date.now();
    const seen = transitions(engine, t0);
    const lines: { text: string; at: number }[] = [];
    engine.onEvent((e) => e.type === 'log' && lines.push({ text: e.line.text, at: Date.now() }));
    try {
      assert.ok((await engine.up(['web'], { timeoutMs: 30_000 })).ok);
      const id = engine.status()[0].instanceId!;
      await daemon.stop();
      await new Promise((r) => setTimeout(r, 1000));
      await daemon.start();
      const tBack = Date.now();
      assert.equal(daemon.cli(['inspect', '--format', '{{.State.Running}}', id]).trim(), 'true', 'live-restore kept the container');
      await waitFor('logs followed again', () => lines.some((l) => l.at > tBack && l.text.startsWith('tick')), 10_000);
      console.log(`      log lines again ${Date.now() - tBack} ms after dockerd answered`);
      const ticks = lines.filter((l) => l.text.startsWith('tick ')).map((l) => Number(l.text.slice(5)));
      assert.deepEqual(
        ticks,
        [...new Set(ticks)].sort((a, b) => a - b),
        'each line once, in order, across the reconnect',
      );
      await waitFor('healthy', () => engine.status()[0].state === 'healthy', 10_000);
      assert.equal(engine.status()[0].instanceId, id, 'the same container, not a new one');
      daemon.cli(['kill', id]);
      const t1 = Date.now();
      const s = await waitFor(
        'the kill seen through the reconnected events stream',
        () => engine.status().find((x) => x.state === 'exited'),
        10_000,
      );
      console.log(`      kill after the restart seen in ${Date.now() - t1} ms: ${s.reason ?? ''}`);
      assert.equal(s.lastExit?.code, 137);
    } finally {
      console.log(seen.map((l) => `        ${l}`).join('\n'));
      await engine.down();
      engine.dispose();
    }
    await waitFor(
      'nothing left behind',
      () => daemon.cli(['ps', '-aq', '--filter', `label=dev.stackpilot.project=${project}`]).trim() === '',
      5000,
    );
  });
});
