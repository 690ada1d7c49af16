import { strict as assert } from 'node:assert';
import { MetricsStore } from '../../../src/core/metrics/MetricsStore';
import { bucket, newPoints, seriesSet, stepFor } from '../../../src/core/status/seriesModel';
import { MAX_SERIES_POINTS, SERIES_WINDOWS_MS } from '../../../src/shared/protocol';
import { stateEvent } from '../metrics/events';

const T0 = 1_700_000_000_000;

function store(seconds: number): MetricsStore {
  const s = new MetricsStore(['api', 'db'], {}, T0);
  for (let i = 0; i < seconds; i++) {
    s.sampleService('api', T0 + i * 1000 + 10, { cpuPercent: i % 2 ? 20 : 10, rssBytes: 1000 + i });
    if (i % 5 === 0) s.handle({ type: 'probe', service: 'api', result: { ok: true, latencyMs: 4, at: T0 + i * 1000 + 20, detail: '' } });
  }
  return s;
}

describe('dashboard: series model', () => {
  it('buckets a window to at most MAX_SERIES_POINTS points, averaging by sample count', () => {
    for (const w of SERIES_WINDOWS_MS) assert.ok(w / stepFor(w) <= MAX_SERIES_POINTS);
    assert.deepEqual(
      bucket(
        [
          { t: 0, avg: 10, min: 10, max: 10, n: 1 },
          { t: 1000, avg: 20, min: 20, max: 20, n: 3 },
          { t: 2000, avg: 5, min: 5, max: 5, n: 1 },
        ],
        0,
        3000,
        2000,
      ),
      { t: [0, 2000], v: [17.5, 5] },
    );
  });

  it('a snapshot covers the window up to the last closed second; a delta then adds only newer 1 s points, each once', () => {
    const s = store(3700);
    const now = T0 + 3700 * 1000 + 400;
    const set = seriesSet(s, ['api', 'db'], 60 * 60_000, now);
    assert.equal(set.until, T0 + 3700 * 1000);
    assert.equal(set.stepMs, 12_000);
    const cpu = set.services.api.cpu!;
    assert.ok(cpu.t.length >= 299 && cpu.t.length <= 301, `${cpu.t.length} points`);
    assert.ok(Math.abs(cpu.v[10] - 15) < 0.01);
    assert.equal(set.services.db, undefined); // never sampled: no series, not zeros
    assert.ok(set.services.api.latency!.t.length > 0);

    for (let i = 3700; i < 3703; i++) s.sampleService('api', T0 + i * 1000 + 10, { cpuPercent: 50, rssBytes: 1 });
    const d = newPoints(s, ['api', 'db'], set.until, T0 + 3702 * 1000 + 500);
    assert.deepEqual(d.points.api.cpu, { t: [T0 + 3700_000, T0 + 3701_000], v: [50, 50] });
    assert.equal(d.until, T0 + 3702 * 1000);
    assert.deepEqual(newPoints(s, ['api'], d.until, T0 + 3702 * 1000 + 900).points, {});
  });

  it('carries the times a service stopped running: a kill in the window is a gap in the snapshot and in the delta that spans it', () => {
    const s = new MetricsStore(['api'], {}, T0);
    s.handle(stateEvent('api', 'starting', 'healthy', T0));
    for (let i = 0; i < 10; i++) s.sampleService('api', T0 + i * 1000 + 10, { cpuPercent: 5, rssBytes: 100 });
    s.handle(stateEvent('api', 'healthy', 'exited', T0 + 10_500));
    s.handle(stateEvent('api', 'exited', 'starting', T0 + 14_000));
    s.handle(stateEvent('api', 'starting', 'healthy', T0 + 14_200));
    for (let i = 15; i < 20; i++) s.sampleService('api', T0 + i * 1000 + 10, { cpuPercent: 7, rssBytes: 100 });
    const set = seriesSet(s, ['api'], 5 * 60_000, T0 + 20_000);
    assert.deepEqual(set.services.api.cpu!.gaps, [T0 + 10_500]);
    assert.deepEqual(set.services.api.memory!.gaps, [T0 + 10_500]);
    // A delta over [10 s, 13 s): no sample at all, but the kill; one over [15 s, 20 s): samples, no gap.
    assert.deepEqual(newPoints(s, ['api'], T0 + 10_000, T0 + 13_000).points, {
      api: {
        latency: { t: [], v: [], gaps: [T0 + 10_500] },
        cpu: { t: [], v: [], gaps: [T0 + 10_500] },
        memory: { t: [], v: [], gaps: [T0 + 10_500] },
      },
    });
    assert.equal(newPoints(s, ['api'], T0 + 15_000, T0 + 20_000).points.api.cpu!.gaps, undefined);
    // Not running -> not running (exited -> stopped) is no new gap; a restart of a healthy one is.
    s.handle(stateEvent('api', 'healthy', 'stopping', T0 + 21_000));
    s.handle(stateEvent('api', 'stopping', 'stopped', T0 + 21_100));
    assert.deepEqual(s.gaps('api', T0, T0 + 30_000), [T0 + 10_500, T0 + 21_000]);
  });
});
