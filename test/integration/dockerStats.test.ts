import { strict as assert } from 'node:assert';
import { createStackEngine } from '../../src/infra/createStackEngine';
import { createMonitor } from '../../src/infra/metrics/createMonitor';
import { containersOf, httpdSpec, removeProject, requireDocker, stackOf, uniqueProject } from './dockerKit';
import { freePort, tempDir, waitFor } from './testKit';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };

describe('monitoring docker services: CPU % and memory from the Docker stats stream', function () {
  this.timeout(60_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-docker-stats-');

  before(function (done) {
    requireDocker(this, done);
  });
  after(() => {
    removeProject(project);
    tmp.remove();
  });

  it('a busy container shows its CPU % and memory in the monitor, next to an idle one (same arithmetic as docker stats)', async () => {
    const port = await freePort();
    // httpd without -f goes to the background; the shell then burns a core.
    const busy = httpdSpec('busy', port, {
      command: ['sh', '-c', `mkdir -p /www && echo ok >/www/health && httpd -p 127.0.0.1:${port} -h /www; while :; do :; done`],
    });
    const idle = httpdSpec('idle', await freePort());
    const stack = stackOf(project, tmp.dir, [busy, idle]);
    const engine = createStackEngine(stack, { runDir: tmp.dir, output: silent });
    const monitor = createMonitor(engine, stack, { logger: silent });
    try {
      const r = await engine.up(['busy', 'idle'], { timeoutMs: 30_000 });
      assert.ok(r.ok, r.failures.join('; '));
      const t0 = Date.now();
      const svc = (name: string) => monitor.snapshot().metrics.services.find((s) => s.name === name)!;
      const b = await waitFor('a CPU reading of busy', () => (svc('busy').cpuPercent ?? 0) > 5 && svc('busy'), 15_000);
      const i = await waitFor('a reading of idle', () => svc('idle').memoryBytes !== undefined && svc('idle'), 5000);
      console.log(
        `      first busy reading after ${Date.now() - t0} ms: busy ${b.cpuPercent?.toFixed(0)}% CPU, ${((b.memoryBytes ?? 0) / 1e6).toFixed(1)} MB; idle ${i.cpuPercent?.toFixed(1)}% CPU, ${((i.memoryBytes ?? 0) / 1e6).toFixed(1)} MB`,
      );
      assert.ok((b.memoryBytes ?? 0) > 0);
      // A shared 2-core machine may give the loop well under one core (docker stats says the same there).
      assert.ok((i.cpuPercent ?? 0) < (b.cpuPercent ?? 0), `idle ${i.cpuPercent}% vs busy ${b.cpuPercent}%`);
    } finally {
      monitor.dispose();
      await engine.down();
      engine.dispose();
    }
    await waitFor('removed', () => containersOf(project).length === 0, 5000);
  });
});
