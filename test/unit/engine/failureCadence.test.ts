import { strict as assert } from 'node:assert';
import type { HealthSpec } from '../../../src/core/config/model';
import { FIRST_PROBE_MS, HealthMonitor } from '../../../src/core/engine/HealthMonitor';
import type { ProbeResult, ProbeRunner } from '../../../src/core/ports';
import { ManualClock } from '../watch/manualClock';
import { HTTP } from './fakes';

/** Answers at once while `hung` is false; once it is, each probe takes its whole timeout and fails. */
class HangingProbes implements ProbeRunner {
  hung = false;
  starts: number[] = [];
  constructor(private readonly clock: ManualClock) {}
  run(_p: unknown, ctx: { timeoutMs: number }): Promise<ProbeResult> {
    this.starts.push(this.clock.now());
    if (!this.hung) return Promise.resolve({ ok: true, latencyMs: 0, at: this.clock.now(), detail: 'ok' });
    return new Promise((r) =>
      this.clock.setTimeout(
        () => r({ ok: false, latencyMs: ctx.timeoutMs, at: this.clock.now(), detail: `timed out after ${ctx.timeoutMs} ms` }),
        ctx.timeoutMs,
      ),
    );
  }
}

describe('HealthMonitor: a service that stops answering', () => {
  for (const [interval, timeout, retries] of [
    [1000, 1000, 2],
    [1000, 1000, 3],
    [2000, 3000, 2],
    [5000, 1000, 3],
  ]) {
    it(`is unhealthy within interval x retries + timeout (interval ${interval}, timeout ${timeout}, retries ${retries}): a failed probe is retried an interval after it started`, async () => {
      // One probe at a time: with a timeout longer than the interval, each retry takes the timeout.
      const clock = new ManualClock();
      const probes = new HangingProbes(clock);
      const health: HealthSpec = { probe: HTTP, interval, timeout, retries, startPeriod: 0 };
      let unhealthyAt: number | undefined;
      const m = new HealthMonitor('api', health, probes, clock, {
        result: () => undefined,
        healthy: () => undefined,
        unhealthy: () => (unhealthyAt ??= clock.now()),
      });
      m.begin(undefined, 0);
      await clock.advance(FIRST_PROBE_MS);
      await clock.advance(interval); // healthy, one more passing probe
      // The worst moment: right after a probe passed.
      const hungAt = clock.now();
      probes.hung = true;
      const allowance = interval + (retries - 1) * Math.max(interval, timeout) + timeout;
      await clock.advance(allowance + 5 * (interval + timeout));
      m.dispose();
      assert.ok(unhealthyAt !== undefined, 'never unhealthy');
      assert.ok(
        unhealthyAt - hungAt <= allowance,
        `unhealthy ${unhealthyAt - hungAt} ms after it stopped answering; the policy allows ${allowance} ms (probes at ${probes.starts.join(', ')})`,
      );
      // Once unhealthy, back to the compose cadence: an interval after each probe ends (no back-to-back probing).
      const after = probes.starts.filter((t) => t > unhealthyAt!);
      for (let i = 1; i < after.length; i++) assert.ok(after[i] - after[i - 1] >= interval + timeout, `probes at ${after.join(', ')}`);
    });
  }
});
