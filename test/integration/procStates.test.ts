import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GONE_UNSTOPPED } from '../../src/core/engine/observeService';
import { PAUSED_REASON } from '../../src/core/engine/paused';
import type { EngineEvent, ServiceStatus } from '../../src/core/engine/state';
import { createStackEngine, loadStackFromDisk, type StackEngine } from '../../src/infra/createStackEngine';
import { freePort, killAll, SVC, tempDir, waitFor } from './testKit';

const quiet = { output: { debug() {}, info() {}, warn() {}, error() {} } };

/** One real process with a tcp probe: its port keeps accepting connections while it is SIGSTOPped. */
function stackYaml(port: number): string {
  return `name: procstates
services:
  api:
    argv: [${JSON.stringify(process.execPath)}, ${JSON.stringify(SVC)}]
    env: { NAME: api, PORT: "${port}" }
    health: { tcp: "127.0.0.1:${port}", interval: 500ms, startInterval: 50ms, retries: 3 }
    stopGracePeriod: 1s
`;
}

describe('states only /proc can tell (real processes)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const engines: StackEngine[] = [];
  const pids = new Set<number>();
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(async () => {
    for (const pid of pids) {
      try {
        process.kill(-pid, 'SIGCONT');
      } catch {
        // gone
      }
    }
    for (const e of engines.splice(0)) {
      await e.down().catch(() => undefined);
      e.dispose();
    }
    killAll(pids);
    pids.clear();
    tmp.remove();
  });

  async function upStack(): Promise<{ engine: StackEngine; events: EngineEvent[]; pid: number }> {
    writeFileSync(join(tmp.dir, 'stackpilot.yaml'), stackYaml(await freePort()));
    const loaded = await loadStackFromDisk({ root: tmp.dir, configPath: 'stackpilot.yaml', profile: undefined, env: process.env });
    assert.ok(loaded.config);
    const engine = createStackEngine(loaded.config, quiet);
    engines.push(engine);
    const events: EngineEvent[] = [];
    engine.onEvent((e) => {
      events.push(e);
      if (e.type === 'state' && e.status.pid) pids.add(e.status.pid);
    });
    const result = await engine.up(['api'], { timeoutMs: 30_000 });
    assert.equal(result.ok, true, JSON.stringify(result.statuses));
    const pid = engine.status()[0].pid!;
    return { engine, events, pid };
  }

  async function observeApi(): Promise<ServiceStatus> {
    const loaded = await loadStackFromDisk({ root: tmp.dir, configPath: 'stackpilot.yaml', profile: undefined, env: process.env });
    const observer = createStackEngine(loaded.config!, quiet);
    try {
      return (await observer.observe()).find((s) => s.name === 'api')!;
    } finally {
      observer.dispose();
    }
  }

  it('SIGSTOP of a tcp-probed service: paused (not up) while its tcp probe still passes; SIGCONT: healthy again, in the supervisor and in a one-shot observe', async () => {
    const { engine, events, pid } = await upStack();
    const probesBefore = events.filter((e) => e.type === 'probe').length;
    const stoppedAt = events.length;
    const t0 = Date.now();
    process.kill(pid, 'SIGSTOP');
    await waitFor('api paused', () => engine.status()[0].reason === PAUSED_REASON, 15_000);
    assert.equal(engine.status()[0].state, 'unhealthy');
    // Within one probe interval, counted in the supervisor's own probes (not in wall time, which a
    // loaded machine stretches for both): before the pause was shown, at most the probe in flight at
    // the SIGSTOP and one probe started in the interval after it had reported (both passing).
    const shown = events.findIndex((e, i) => i >= stoppedAt && e.type === 'state' && e.transition.reason === PAUSED_REASON);
    assert.ok(shown >= 0, 'the pause is an event');
    const untilPaused = events.slice(stoppedAt, shown);
    const probesMeanwhile = untilPaused.filter((e) => e.type === 'probe').length;
    console.log(`      paused shown ${Date.now() - t0} ms after SIGSTOP (probe interval 500 ms), after ${probesMeanwhile} probe result(s)`);
    assert.ok(probesMeanwhile <= 2, `the pause was shown only after ${probesMeanwhile} probes`);
    // The kernel still completes the tcp handshake: the probe cannot see the pause, /proc can.
    await waitFor('a passing probe while paused', () => events.slice(probesBefore).some((e) => e.type === 'probe' && e.result.ok), 15_000);
    assert.equal(engine.status()[0].reason, PAUSED_REASON, 'a passing probe does not hide the pause');
    const seen = await observeApi();
    assert.deepEqual([seen.state, seen.reason, seen.pid], ['unhealthy', PAUSED_REASON, pid]);

    process.kill(pid, 'SIGCONT');
    await waitFor('api healthy again', () => engine.status()[0].state === 'healthy', 15_000);
    assert.equal(engine.status()[0].reason, undefined);
    assert.equal((await observeApi()).state, 'healthy');
    const states = events.flatMap((e) =>
      e.type === 'state' ? [`${e.transition.to}${e.transition.reason ? ` ${e.transition.reason}` : ''}`] : [],
    );
    assert.deepEqual(states.slice(-2), [`unhealthy ${PAUSED_REASON}`, 'healthy']);
  });

  it('kill -9 from outside reads exited (killed by SIGKILL), never stopped, in the supervisor and in a one-shot observe', async () => {
    const { engine, pid } = await upStack();
    process.kill(pid, 'SIGKILL');
    await waitFor('api exited', () => engine.status()[0].state === 'exited', 15_000);
    assert.equal(engine.status()[0].reason, 'killed by SIGKILL');
    // The record of the crash is saved in the background: a later status reads it.
    const seen = await waitFor(
      'the crash on record',
      async () => {
        const s = await observeApi();
        return s.reason === 'killed by SIGKILL' && s;
      },
      15_000,
    );
    assert.equal(seen.state, 'exited');
    // A stop on purpose is still `stopped`.
    await engine.down();
    assert.equal(engine.status()[0].state, 'stopped');
    assert.equal((await observeApi()).state, 'stopped');
  });

  it('a service killed while no supervisor watches it reads exited (status unknown), never stopped', async () => {
    const { engine, pid } = await upStack();
    engine.dispose(); // the supervisor goes away; the service runs on
    engines.splice(engines.indexOf(engine), 1);
    assert.equal((await observeApi()).state, 'healthy');
    process.kill(-pid, 'SIGKILL');
    await waitFor('api gone', async () => (await observeApi()).state === 'exited', 15_000);
    assert.equal((await observeApi()).reason, GONE_UNSTOPPED);
  });
});
