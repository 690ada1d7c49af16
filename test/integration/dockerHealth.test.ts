import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStackEngine } from '../../src/infra/createStackEngine';
import { containersOf, dockerCli, httpdSpec, IMAGE, removeProject, requireDocker, stackOf, uniqueProject } from './dockerKit';
import { freePort, tempDir, waitFor } from './testKit';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };

/**
 * An image with its own HEALTHCHECK (the case compose files rely on with no `healthcheck:` of
 * their own): Stackpilot has no probe to run, so the state follows Docker's verdicts
 * (State.Health, then `health_status` events).
 */
describe("docker services: the image's own HEALTHCHECK drives the health state", function () {
  this.timeout(60_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-docker-health-');
  const image = `stackpilot-test/healthcheck-${project}:1`;

  before(function (done) {
    requireDocker(this, (err) => {
      if (err) return done(err);
      // Healthy while /tmp/state says ok; a check every 300 ms, unhealthy after one failure once the 10 s start period is over (or it was healthy once).
      writeFileSync(
        join(tmp.dir, 'Dockerfile'),
        `FROM ${IMAGE}\nHEALTHCHECK --interval=300ms --timeout=10s --retries=1 --start-period=10s CMD ["sh", "-c", "[ \\"$(cat /tmp/state)\\" = ok ]"]\n`,
      );
      execFileSync('docker', ['-H', 'unix:///var/run/docker.sock', 'build', '-q', '-t', image, tmp.dir], {
        stdio: 'ignore',
        timeout: 60_000,
      });
      done();
    });
  });
  after(() => {
    removeProject(project);
    try {
      dockerCli(['rmi', image]);
    } catch {
      // never built
    }
    tmp.remove();
  });

  it("starting -> healthy gates a dependent; a failing check makes it unhealthy with the check's output, and healthy again", async () => {
    const hc = httpdSpec('hc', await freePort(), {
      image,
      command: ['sh', '-c', 'sleep 1; echo ok >/tmp/state; exec sleep 1000'],
      composeHealthcheck: undefined,
      health: undefined,
    });
    const app = httpdSpec('app', await freePort(), { dependsOn: [{ service: 'hc', condition: 'healthy', required: true }] });
    const engine = createStackEngine(stackOf(project, tmp.dir, [hc, app]), { runDir: tmp.dir, output: silent });
    try {
      const t0 = Date.now();
      const r = await engine.up(['hc', 'app'], { timeoutMs: 30_000 });
      assert.ok(r.ok, r.failures.join('; '));
      const s = engine.status().find((x) => x.name === 'hc')!;
      console.log(`      hc healthy after ${Date.now() - t0} ms: ${s.transitions.map((t) => t.to).join(' -> ')}`);
      assert.deepEqual(
        s.transitions.map((t) => t.to).filter((x) => x !== 'waiting'),
        ['starting', 'healthy'],
      );
      const appStarted = engine
        .status()
        .find((x) => x.name === 'app')!
        .transitions.find((t) => t.to === 'starting')!.at;
      const hcHealthy = s.transitions.find((t) => t.to === 'healthy')!.at;
      assert.ok(appStarted >= hcHealthy, 'app started only once docker said hc is healthy');

      // A second engine on the same run folder (as `stackpilot status` is) reads Docker's verdict too.
      const observer = createStackEngine(stackOf(project, tmp.dir, [hc, app]), { runDir: tmp.dir, output: silent });
      try {
        const seen = (await observer.observe()).find((x) => x.name === 'hc')!;
        assert.equal(seen.state, 'healthy', seen.reason);
      } finally {
        observer.dispose();
      }

      dockerCli(['exec', s.instanceId!, 'sh', '-c', 'echo broken >/tmp/state']);
      const t1 = Date.now();
      const bad = await waitFor('unhealthy', () => engine.status().find((x) => x.name === 'hc' && x.state === 'unhealthy'), 10_000);
      console.log(`      unhealthy ${Date.now() - t1} ms after the check started failing: ${bad.reason}`);
      assert.match(bad.reason ?? '', /docker health check: unhealthy: exit 1/);

      dockerCli(['exec', s.instanceId!, 'sh', '-c', 'echo ok >/tmp/state']);
      await waitFor('healthy again', () => engine.status().find((x) => x.name === 'hc' && x.state === 'healthy'), 10_000);
    } finally {
      await engine.down();
      engine.dispose();
    }
    await waitFor('removed', () => containersOf(project).length === 0, 5000);
  });
});
