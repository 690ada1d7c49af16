import { strict as assert } from 'node:assert';
import type { HealthSpec } from '../../../src/core/config/model';
import { FIRST_PROBE_MS, HealthMonitor, HINT_MIN_GAP_MS, HINT_RETRIES } from '../../../src/core/engine/HealthMonitor';
import type { Disposable, ProbeResult, ProbeRunner, RunHandle } from '../../../src/core/ports';
import { ManualClock } from '../watch/manualClock';
import { HTTP } from './fakes';

/** A probe runner whose answer the test sets, counting calls; each probe takes `latency` ms of the manual clock. */
class ScriptedProbes implements ProbeRunner {
  ready = false;
  calls: number[] = [];
  constructor(
    private readonly clock: ManualClock,
    private readonly latency = 0,
  ) {}
  run(): Promise<ProbeResult> {
    this.calls.push(this.clock.now());
    const ok = this.ready;
    const at = () => this.clock.now();
    if (this.latency === 0) return Promise.resolve({ ok, latencyMs: 0, at: at(), detail: ok ? 'ok' : 'refused' });
    return new Promise((r) =>
      this.clock.setTimeout(() => r({ ok, latencyMs: this.latency, at: at(), detail: ok ? 'ok' : 'refused' }), this.latency),
    );
  }
}

/** A handle whose readiness hints the test fires by hand. */
function hintingHandle(): { handle: RunHandle; fire(): void; subscribed(): boolean } {
  let listener: (() => void) | undefined;
  const handle: RunHandle = {
    id: 'pid:1',
    pid: 1,
    adopted: false,
    exited: new Promise(() => undefined),
    stop: () => Promise.resolve({ code: 0, signal: null, at: 0 }),
    readinessHints(onHint): Disposable {
      listener = onHint;
      return { dispose: () => (listener = undefined) };
    },
  };
  return { handle, fire: () => listener?.(), subscribed: () => listener !== undefined };
}

const spec: HealthSpec = { probe: HTTP, interval: 5000, timeout: 1000, retries: 3, startPeriod: 0 };

function monitor(clock: ManualClock, probes: ProbeRunner, health: HealthSpec = spec) {
  const seen: string[] = [];
  const m = new HealthMonitor('api', health, probes, clock, {
    result: () => undefined,
    healthy: () => seen.push('healthy'),
    unhealthy: (why) => seen.push(`unhealthy: ${why}`),
  });
  return { m, seen };
}

describe('readiness hints (HealthMonitor)', () => {
  it('a hint while starting probes at once instead of at the next scheduled probe; healthy only when the probe passes', async () => {
    const clock = new ManualClock();
    const probes = new ScriptedProbes(clock);
    const { m, seen } = monitor(clock, probes);
    const h = hintingHandle();
    m.begin(h.handle, 0);
    assert.ok(h.subscribed(), 'subscribed to hints while starting');
    await clock.advance(2000);
    const before = probes.calls.length;
    // The scheduled gap is now 5% of 2 s = 100 ms; the service becomes ready and says so by a hint.
    probes.ready = true;
    h.fire();
    await clock.advance(1);
    assert.equal(probes.calls.length, before + 1, 'probed right away');
    assert.deepEqual(seen, ['healthy']);
    assert.ok(!h.subscribed(), 'hints stop once healthy');
  });

  it('a hint is only a hint: a failing probe after it does not make the service healthy, nor count as more than one failure per interval', async () => {
    const clock = new ManualClock();
    const probes = new ScriptedProbes(clock);
    const { m, seen } = monitor(clock, probes, { ...spec, interval: 1000, retries: 2 });
    const h = hintingHandle();
    m.begin(h.handle, 0);
    for (let i = 0; i < 50; i++) {
      h.fire();
      await clock.advance(10);
    }
    // 500 ms: many hinted probes, all failing, but failures count once per interval (and not before it).
    assert.ok(probes.calls.length >= 40, `hinted probes ran (${probes.calls.length})`);
    assert.deepEqual(seen, []);
    m.dispose();
  });

  it('hints never probe more often than every HINT_MIN_GAP_MS, and a hint during a probe probes again right after it', async () => {
    const clock = new ManualClock();
    const probes = new ScriptedProbes(clock, 20);
    const { m, seen } = monitor(clock, probes);
    const h = hintingHandle();
    m.begin(h.handle, 0);
    await clock.advance(FIRST_PROBE_MS + 1); // the first probe is in flight (20 ms)
    assert.equal(probes.calls.length, 1);
    probes.ready = true; // ready now, but the probe in flight saw it refused
    h.fire();
    h.fire();
    await clock.advance(25);
    assert.equal(probes.calls.length, 2, 'one more probe right after the one in flight, not one per hint');
    assert.ok(probes.calls[1] - probes.calls[0] >= HINT_MIN_GAP_MS);
    await clock.advance(25);
    assert.deepEqual(seen, ['healthy']);
    m.dispose();
  });

  it('a hint that came a moment early (socket opened, not listening yet) is followed by HINT_RETRIES quick probes, then the usual cadence', async () => {
    const clock = new ManualClock();
    const probes = new ScriptedProbes(clock);
    const { m, seen } = monitor(clock, probes);
    const h = hintingHandle();
    m.begin(h.handle, 0);
    await clock.advance(4000); // the usual gap is now 200 ms
    const before = probes.calls.length;
    h.fire();
    await clock.advance(HINT_MIN_GAP_MS * (HINT_RETRIES + 2));
    assert.equal(probes.calls.length, before + 1 + HINT_RETRIES, 'the hinted probe and its quick follow-ups, no more');
    await clock.advance(100);
    assert.equal(probes.calls.length, before + 1 + HINT_RETRIES, 'then back to the usual gap');
    assert.deepEqual(seen, []);
    m.dispose();
  });

  it('an output line while starting is a hint too; once healthy neither hints nor lines probe', async () => {
    const clock = new ManualClock();
    const probes = new ScriptedProbes(clock);
    const { m, seen } = monitor(clock, probes);
    m.begin(undefined, 0);
    await clock.advance(1000);
    const before = probes.calls.length;
    probes.ready = true;
    m.onLine({ service: 'api', stream: 'stdout', text: 'listening on :8080', at: clock.now() });
    await clock.advance(1);
    assert.equal(probes.calls.length, before + 1);
    assert.deepEqual(seen, ['healthy']);
    m.onLine({ service: 'api', stream: 'stdout', text: 'GET /health', at: clock.now() });
    m.hint();
    await clock.advance(1);
    assert.equal(probes.calls.length, before + 1, 'no extra probe once healthy');
    m.dispose();
  });

  it('a log probe is not hinted: its own line decides', async () => {
    const clock = new ManualClock();
    const probes = new ScriptedProbes(clock);
    const h = hintingHandle();
    const { m, seen } = monitor(clock, probes, { ...spec, probe: { kind: 'log', pattern: 'ready' } });
    m.begin(h.handle, 0);
    assert.ok(!h.subscribed());
    m.onLine({ service: 'api', stream: 'stdout', text: 'booting', at: 0 });
    await clock.advance(100);
    assert.equal(probes.calls.length, 0);
    m.onLine({ service: 'api', stream: 'stdout', text: 'ready', at: 0 });
    assert.deepEqual(seen, ['healthy']);
    m.dispose();
  });
});
