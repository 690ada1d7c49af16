/**
 * States only the OS or the engine can tell, beyond SIGSTOP (procStates.test.ts): a container frozen
 * by `docker pause` is paused like a SIGSTOPped process, in the supervisor and in a one-shot observe,
 * although its tcp port still accepts connections; a service process that died but was not reaped
 * (a zombie under a parent that never waits) is exited, never running. Real engine, real processes.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { CONTAINER_PAUSED_REASON } from '../../src/core/engine/paused';
import type { ServiceStatus } from '../../src/core/engine/state';
import { createStackEngine, type StackEngine } from '../../src/infra/createStackEngine';
import { readProcStat } from '../../src/infra/process/procStat';
import { dockerCli, httpdSpec, removeProject, requireDocker, stackOf, uniqueProject } from './dockerKit';
import { CliStack, cli } from './supervisorKit';
import { freePort, SVC, tempDir, waitFor } from './testKit';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };

describe('docker pause: a frozen container reads paused (real engine)', function () {
  this.timeout(120_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-docker-pause-');
  let engine: StackEngine | undefined;
  let paused: string | undefined;

  before(function (done) {
    requireDocker(this, done);
  });
  after(async () => {
    if (paused) dockerCli(['unpause', paused]);
    await engine?.down().catch(() => undefined);
    engine?.dispose();
    removeProject(project);
    tmp.remove();
  });

  it('docker pause: unhealthy "paused (docker pause)" within a probe interval while its tcp probe passes; unpause: healthy again; observe agrees', async () => {
    const port = await freePort();
    const web = httpdSpec('web', port, {
      composeHealthcheck: undefined,
      health: { probe: { kind: 'tcp', host: '127.0.0.1', port }, interval: 500, timeout: 2000, retries: 3, startPeriod: 20_000 },
    });
    const config = stackOf(project, tmp.dir, [web]);
    engine = createStackEngine(config, { runDir: tmp.dir, output: silent });
    const r = await engine.up(['web'], { timeoutMs: 60_000 });
    assert.ok(r.ok, r.failures.join('; '));
    const id = engine.status()[0].instanceId!;
    dockerCli(['pause', id]);
    paused = id;
    const t0 = Date.now();
    await waitFor('web paused', () => engine!.status()[0].reason === CONTAINER_PAUSED_REASON, 15_000);
    console.log(`      paused shown ${Date.now() - t0} ms after docker pause`);
    assert.equal(engine.status()[0].state, 'unhealthy');
    // The kernel still completes the handshake on the frozen container's port: the probe alone would say healthy.
    await new Promise((res) => setTimeout(res, 1200));
    assert.equal(engine.status()[0].lastProbe?.ok, true, 'its tcp probe still passes');
    assert.equal(engine.status()[0].reason, CONTAINER_PAUSED_REASON, 'a passing probe does not hide the pause');
    const observer = createStackEngine(config, { runDir: tmp.dir, output: silent });
    try {
      const seen = (await observer.observe())[0];
      assert.deepEqual([seen.state, seen.reason], ['unhealthy', CONTAINER_PAUSED_REASON]);
    } finally {
      observer.dispose();
    }
    dockerCli(['unpause', id]);
    paused = undefined;
    await waitFor('web healthy again', () => engine!.status()[0].state === 'healthy', 15_000);
  });
});

/**
 * A parent that never reaps: perl made a child subreaper (prctl PR_SET_CHILD_SUBREAPER) runs
 * `up --wait`, so the services it leaves are re-parented to perl, which only sleeps: one killed
 * stays a zombie (state Z) until perl ends.
 */
const SUBREAPER = `syscall(157, 36, 1, 0, 0, 0) == 0 or die "prctl: $!"; $| = 1; my $pid = fork(); if ($pid == 0) { exec @ARGV or die "exec: $!"; } waitpid($pid, 0); print "done $?\\n"; sleep 1000 while 1;`;

describe('a zombie service process reads exited (real processes)', function () {
  this.timeout(180_000);
  let s: CliStack;
  let reaper: ChildProcess | undefined;

  before(function () {
    if (process.arch !== 'x64' || process.platform !== 'linux') this.skip(); // the prctl syscall number is x86_64's
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  });
  beforeEach(async () => {
    s = new CliStack();
    const node = JSON.stringify(process.execPath);
    s.write(`name: zombies
services:
  worker:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: worker }
    restart: { policy: "no" }
  other:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: other, PORT: "${await freePort()}" }
`);
  });
  afterEach(async () => {
    reaper?.kill('SIGKILL');
    reaper = undefined;
    await s.cleanup();
  });

  async function upUnderReaper(): Promise<number> {
    reaper = spawn('perl', ['-e', SUBREAPER, process.execPath, cli, 'up', '--wait'], {
      cwd: s.dir,
      env: s.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    reaper.stdout!.on('data', (d) => (out += String(d)));
    reaper.stderr!.on('data', (d) => (out += String(d)));
    await waitFor('up --wait done', () => /done 0/.test(out), 60_000).catch(() => assert.fail(out));
    const worker = (await s.marked()).worker![0];
    const stat = await readProcStat(worker);
    assert.equal(stat?.ppid, reaper.pid, 'the service was re-parented to the non-reaping perl');
    return worker;
  }

  async function killToZombie(pid: number): Promise<void> {
    process.kill(pid, 'SIGKILL');
    await waitFor('a zombie', async () => (await readProcStat(pid))?.state === 'Z', 10_000);
  }

  const stateOf = async (name: string): Promise<ServiceStatus['state'] | undefined> =>
    (await s.statusJson()).services.find((x) => x.name === name)?.state as ServiceStatus['state'] | undefined;

  it('observed (no supervisor): the zombie reads exited, the other still running', async () => {
    const worker = await upUnderReaper();
    await killToZombie(worker);
    const j = await s.statusJson();
    assert.equal(j.source, 'observed');
    assert.equal(j.services.find((x) => x.name === 'worker')?.state, 'exited', JSON.stringify(j.services));
    assert.equal(j.services.find((x) => x.name === 'other')?.state, 'running');
  });

  it('a supervisor that adopted it: the zombie reads exited (not running, not restarted against its policy)', async () => {
    const worker = await upUnderReaper();
    const up = await s.supervise();
    assert.match(up.output(), /adopted/);
    await killToZombie(worker);
    await waitFor('the supervisor shows worker exited', async () => (await stateOf('worker')) === 'exited', 20_000).catch(() =>
      assert.fail(up.output()),
    );
    assert.equal(await stateOf('other'), 'running');
  });
});
