import { strict as assert } from 'node:assert';
import Dockerode from 'dockerode';
import { observeDockerCalls } from '../../src/infra/docker/callDocker';
import { ContainerProbeRunner } from '../../src/infra/docker/ContainerProbeRunner';
import { containerExec } from '../../src/infra/docker/containerExec';
import type { ProbeRunner, RunHandle } from '../../src/core/ports';
import { dockerCli, IMAGE, requireDocker, uniqueProject } from './dockerKit';

/** Exec health probes in a real container: the check's timeout bounds the command, and execs are capped. */
describe('docker exec probes on the real engine', function () {
  this.timeout(60_000);
  const name = `${uniqueProject()}-exec`;
  const docker = new Dockerode();
  const c = docker.getContainer(name);

  before(function (done) {
    requireDocker(this, (err) => {
      if (err) return done(err);
      dockerCli(['run', '-d', '--name', name, '--label', 'dev.stackpilot.test=exec', '--network', 'none', IMAGE, 'sleep', '300']);
      done();
    });
  });
  after(() => {
    observeDockerCalls(undefined);
    dockerCli(['rm', '-f', name]);
  });

  it('exit code and first output line; a command running past the timeout fails by the timeout', async () => {
    const ac = new AbortController();
    assert.deepEqual(await containerExec(c, 'echo hi >&2; exit 3', 5000, ac.signal), { exitCode: 3, firstLine: 'hi' });
    assert.deepEqual(await containerExec(c, ['true'], 5000, ac.signal), { exitCode: 0 });
    await assert.rejects(containerExec(c, 'sleep 3', 300, ac.signal), /docker exec: no answer from the Docker engine within 300 ms/);
  });

  it('never more than 3 execs at once, and every probe still gets its result', async () => {
    let inFlight = 0;
    let most = 0;
    const handle = {
      id: name,
      exec: async (cmd: string[] | string, timeoutMs: number, signal: AbortSignal) => {
        most = Math.max(most, ++inFlight);
        try {
          return await containerExec(c, cmd, timeoutMs, signal);
        } finally {
          inFlight--;
        }
      },
    } as unknown as RunHandle;
    const runner = new ContainerProbeRunner({} as ProbeRunner);
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        runner.run(
          { kind: 'exec', command: i % 2 ? 'sleep 0.2; true' : 'sleep 0.2; false', in: 'container' },
          { service: 's', timeoutMs: 5000, handle, signal: new AbortController().signal },
        ),
      ),
    );
    assert.ok(most <= 3, `${most} execs at once`);
    assert.deepEqual(
      results.map((r) => r.ok),
      [false, true, false, true, false, true, false],
    );
  });
});
