import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { createStackEngine } from '../../src/infra/createStackEngine';
import { connectDocker, currentEndpoint } from '../../src/infra/docker/connectDocker';
import { ContainerStatsStream } from '../../src/infra/docker/ContainerStatsStream';
import { containersOf, dockerCli, httpdSpec, removeProject, requireDocker, stackOf, uniqueProject } from './dockerKit';
import { freePort, tempDir, waitFor } from './testKit';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };

describe('docker services on the real engine', function () {
  this.timeout(60_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-docker-');

  before(function (done) {
    requireDocker(this, done);
  });
  after(() => {
    removeProject(project);
    tmp.remove();
  });

  it('starts a health-gated chain of two httpd containers, logs included, and removes them on down', async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    const db = httpdSpec('db', p1);
    const api = httpdSpec('api', p2, { dependsOn: [{ service: 'db', condition: 'healthy', required: true }] });
    const engine = createStackEngine(stackOf(project, tmp.dir, [db, api]), { runDir: tmp.dir, output: silent });
    try {
      const t0 = Date.now();
      const result = await engine.up(['db', 'api'], { timeoutMs: 30_000 });
      assert.ok(result.ok, result.failures.join('; '));
      console.log(`      chain healthy in ${Date.now() - t0} ms`);
      const st = Object.fromEntries(engine.status().map((s) => [s.name, s]));
      assert.equal(st.db.state, 'healthy');
      assert.equal(st.api.state, 'healthy');
      assert.equal(containersOf(project).length, 2);
      const line = await waitFor('log line', () => engine.logs('api').find((l) => l.text === 'hello from api'));
      assert.equal(line.stream, 'stdout');
      assert.ok(Math.abs(line.at - Date.now()) < 30_000, "stamped with docker's timestamp");
      // Exposed on the host's loopback (host network).
      const body = execFileSync('wget', ['-q', '-O-', `http://127.0.0.1:${p2}/health`], { encoding: 'utf8' });
      assert.equal(body.trim(), 'ok');
      await engine.down();
      assert.deepEqual(containersOf(project), []);
    } finally {
      engine.dispose();
    }
  });

  it('a container killed from outside is seen as exited with its code', async () => {
    const port = await freePort();
    const engine = createStackEngine(stackOf(project, tmp.dir, [httpdSpec('web', port)]), { runDir: tmp.dir, output: silent });
    try {
      assert.ok((await engine.up(['web'], { timeoutMs: 30_000 })).ok);
      const id = engine.status()[0].instanceId!;
      const t0 = Date.now();
      execFileSync('docker', ['kill', id], { stdio: 'ignore' });
      const s = await waitFor('exited', () => engine.status().find((x) => x.state === 'exited' || x.state === 'failed'));
      console.log(`      kill seen in ${Date.now() - t0} ms: ${s.reason ?? ''}`);
      assert.equal(s.lastExit?.code, 137);
      // Removed once its exit code was read, like `docker run --rm`: nothing left even without down.
      await waitFor('removed', () => containersOf(project).length === 0, 5000);
    } finally {
      await engine.down();
      engine.dispose();
    }
    assert.deepEqual(containersOf(project), []);
  });

  it('a container over its memory limit is reported as killed by the OOM killer', async () => {
    const hog = httpdSpec('hog', await freePort(), {
      memLimitBytes: 8 * 2 ** 20,
      command: ['sh', '-c', 'a=x; while :; do a="$a$a"; done'],
      health: undefined,
      composeHealthcheck: undefined,
    });
    const engine = createStackEngine(stackOf(project, tmp.dir, [hog]), { runDir: tmp.dir, output: silent });
    try {
      await engine.up(['hog'], { timeoutMs: 30_000 });
      const s = await waitFor('exited', () => engine.status().find((x) => x.state === 'exited'), 15_000);
      assert.equal(s.lastExit?.oomKilled, true);
      assert.match(s.reason ?? '', /OOM killer/);
    } finally {
      await engine.down();
      engine.dispose();
    }
    await waitFor('removed', () => containersOf(project).length === 0, 5000);
  });

  it("restarts a failing container by the engine's policy, gives up, and leaves no containers behind", async () => {
    const restart = { ...httpdSpec('x', 1).restart, policy: 'on-failure' as const, maxRetries: 2, backoffInitial: 50, backoffMax: 100 };
    const flaky = httpdSpec('flaky', await freePort(), {
      command: ['sh', '-c', 'echo boom >&2; exit 3'],
      health: undefined,
      composeHealthcheck: undefined,
      restart,
    });
    const engine = createStackEngine(stackOf(project, tmp.dir, [flaky]), { runDir: tmp.dir, output: silent });
    try {
      await engine.up(['flaky'], { timeoutMs: 30_000 });
      const s = await waitFor('gave up', () => engine.status().find((x) => x.state === 'exited' && x.restarts === 2), 60_000);
      assert.match(s.reason ?? '', /exited with code 3 \(gave up after 2 restarts\)/);
      const booms = engine.logs('flaky').filter((l) => l.stream === 'stderr' && l.text === 'boom').length;
      assert.ok(booms >= 2, `boom seen ${booms} times: ${JSON.stringify(engine.logs('flaky'))}`);
    } finally {
      await engine.down();
      engine.dispose();
    }
    await waitFor('removed', () => containersOf(project).length === 0, 5000);
  });

  it('the stats stream gives CPU % and memory (used/limit) of a running container', async () => {
    const busy = httpdSpec('busy', await freePort(), {
      memLimitBytes: 64 * 2 ** 20,
      command: ['sh', '-c', 'while :; do :; done'],
      health: undefined,
      composeHealthcheck: undefined,
    });
    const engine = createStackEngine(stackOf(project, tmp.dir, [busy]), { runDir: tmp.dir, output: silent });
    const docker = connectDocker(currentEndpoint());
    let stats: ContainerStatsStream | undefined;
    try {
      await engine.up(['busy'], { timeoutMs: 30_000 });
      const id = engine.status()[0].instanceId!;
      // With the cores busy beside the suite, the container's cgroup (weighted like one process by
      // default) gets a sliver of a core: weighted up, it gets the core its busy loop asks for.
      dockerCli(['update', '--cpu-shares', '262144', id]);
      stats = new ContainerStatsStream(docker.getContainer(id));
      // Each reading covers the second before it: wait for one taken while the loop ran at its priority.
      const s = await waitFor('a CPU reading over 20%', () => (stats!.latest?.cpuPercent ?? 0) > 20 && stats!.latest, 30_000).catch(
        () => stats!.latest ?? { cpuPercent: undefined, memoryBytes: undefined, memoryLimitBytes: undefined },
      );
      console.log(
        `      cpu ${s.cpuPercent!.toFixed(0)} %, memory ${((s.memoryBytes ?? 0) / 2 ** 20).toFixed(1)} / ${((s.memoryLimitBytes ?? 0) / 2 ** 20).toFixed(0)} MiB`,
      );
      assert.ok(s.cpuPercent! > 20, `cpu ${s.cpuPercent}`);
      assert.equal(s.memoryLimitBytes, 64 * 2 ** 20);
      assert.ok((s.memoryBytes ?? 0) > 0);
    } finally {
      stats?.dispose();
      await engine.down();
      engine.dispose();
    }
  });
});
