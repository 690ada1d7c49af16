import { strict as assert } from 'node:assert';
import { metricsPayload, parseMetricsPayload } from '../../../src/core/control/metricsPayload';
import { MetricsStore } from '../../../src/core/metrics/MetricsStore';
import { MirroredMetrics } from '../../../src/core/status/MirroredMetrics';
import { newPoints, seriesSet } from '../../../src/core/status/seriesModel';
import { DashboardFeed } from '../../../src/core/status/DashboardFeed';
import { emptySnapshot } from '../../../src/core/status/StackSnapshot';
import type { ServiceSpec, StackConfig } from '../../../src/core/config/model';
import type { HostMessage } from '../../../src/shared/protocol';
import { stateEvent } from '../metrics/events';

const T0 = 1_700_000_000_000;
const known = new Set(['api', 'db']);
const spec = (name: string) => ({ name, kind: 'process', dependsOn: [], ports: [] }) as unknown as ServiceSpec;
const config: StackConfig = {
  name: 'shop',
  root: '/tmp/x',
  files: [],
  services: { api: spec('api'), db: spec('db') },
  profiles: {},
  extensions: {},
};

function store(seconds: number): MetricsStore {
  const s = new MetricsStore(['api', 'db'], {}, T0);
  s.handle(stateEvent('api', 'starting', 'healthy', T0));
  for (let i = 0; i < seconds; i++) {
    s.sampleService('api', T0 + i * 1000 + 10, { cpuPercent: i % 2 ? 20 : 10, rssBytes: 1000 + i });
    s.handle({ type: 'probe', service: 'api', result: { ok: true, latencyMs: 4 + (i % 3), at: T0 + i * 1000 + 20, detail: '' } });
  }
  return s;
}
/** Through JSON, as over the socket. */
const wire = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe("a supervisor's metrics in a window without the lock (fetched payloads, mirrored)", () => {
  it('the mirror draws the same series as the supervisor: a whole window, then increments of 1 s points', () => {
    const s = store(400);
    const now = T0 + 400_000 + 300;
    const first = parseMetricsPayload(wire(metricsPayload(s, ['api', 'db'], 300_000, 0, now)), known);
    assert.ok(first?.full);
    const mirror = new MirroredMetrics();
    mirror.apply(first);
    assert.deepEqual(seriesSet(mirror, ['api', 'db'], 300_000, now), seriesSet(s, ['api', 'db'], 300_000, now));
    assert.equal(mirror.snapshot().services.find((c) => c.name === 'api')?.cpuPercent, s.snapshot(now).services[0]!.cpuPercent);

    for (let i = 400; i < 405; i++) s.sampleService('api', T0 + i * 1000 + 10, { cpuPercent: 70, rssBytes: 5 });
    const later = T0 + 405_000 + 100;
    const ask = mirror.next(300_000);
    assert.equal(ask.since, first.until);
    const inc = parseMetricsPayload(wire(metricsPayload(s, ['api', 'db'], ask.windowMs, ask.since, later)), known);
    assert.equal(inc?.full, false);
    mirror.apply(inc!);
    assert.deepEqual(newPoints(mirror, ['api'], first.until, later), newPoints(s, ['api'], first.until, later));
    assert.deepEqual(seriesSet(mirror, ['api'], 300_000, later).services.api!.cpu!.v.slice(-5), [70, 70, 70, 70, 70]);
  });

  it('a 1 h window travels bucketed (at most 300 points a series), and re-bucketing keeps it', () => {
    const s = store(3700);
    const now = T0 + 3_700_000 + 500;
    const p = parseMetricsPayload(wire(metricsPayload(s, ['api'], 3_600_000, 0, now)), known)!;
    assert.ok(p.series.api!.cpu!.t.length <= 301);
    const mirror = new MirroredMetrics();
    mirror.apply(p);
    const mine = seriesSet(mirror, ['api'], 3_600_000, now).services.api!.cpu!;
    const theirs = seriesSet(s, ['api'], 3_600_000, now).services.api!.cpu!;
    assert.deepEqual(mine.t, theirs.t);
    // Values travel with three decimals.
    assert.ok(mine.v.every((v, i) => Math.abs(v - theirs.v[i]!) < 0.001));
  });

  it('a caller far behind gets the whole window again; the mirror never closes a span it has not fetched', () => {
    const s = store(400);
    const now = T0 + 400_000;
    assert.equal(metricsPayload(s, ['api'], 300_000, T0, now).full, true);
    const mirror = new MirroredMetrics();
    assert.equal(mirror.completeUntil(), 0);
    // An increment that continues nothing held is dropped: the next fetch asks for the whole window.
    assert.equal(mirror.apply(metricsPayload(s, ['api'], 300_000, T0 + 398_000, now)), false);
    assert.deepEqual(mirror.next(300_000), { windowMs: 300_000, since: 0 });
    assert.deepEqual(newPoints(mirror, ['api'], 0, now), { points: {}, until: 0 });
  });

  it('refuses replies that are not metrics: wrong shapes, non-finite or out-of-span points, unbounded lists; unknown services dropped', () => {
    const s = store(20);
    const good = wire(metricsPayload(s, ['api'], 300_000, 0, T0 + 20_500)) as Record<string, unknown>;
    assert.ok(parseMetricsPayload(good, known));
    const api = () => JSON.parse(JSON.stringify((good.series as Record<string, unknown>).api)) as { cpu: { t: unknown[]; v: unknown[] } };
    const bad = (patch: Record<string, unknown>) => parseMetricsPayload({ ...good, ...patch }, known);
    assert.equal(bad({ windowMs: 1234 }), undefined);
    assert.equal(bad({ from: 'x' }), undefined);
    assert.equal(bad({ stepMs: 0 }), undefined);
    assert.equal(bad({ cards: new Array(6000).fill({}) }), undefined);
    const nan = api();
    nan.cpu.v[0] = null;
    assert.equal(bad({ series: { api: nan } }), undefined);
    const outside = api();
    outside.cpu.t[0] = T0 + 10_000_000;
    assert.equal(bad({ series: { api: outside } }), undefined);
    const unordered = api();
    unordered.cpu.t.reverse();
    assert.equal(bad({ series: { api: unordered } }), undefined);
    const long = api();
    long.cpu.t = new Array(5000).fill(T0);
    long.cpu.v = new Array(5000).fill(1);
    assert.equal(bad({ series: { api: long } }), undefined);
    const odd = bad({
      series: { api: api(), __proto__: api(), intruder: api() },
      cards: [
        { name: 'intruder', cpuPercent: 1 },
        { name: 'api', cpuPercent: -3 },
      ],
    });
    assert.deepEqual(Object.keys(odd!.series), ['api']);
    assert.deepEqual(odd!.cards, [{ name: 'api' }], 'an unknown service is dropped, a negative figure is not shown');
  });
});

describe("dashboard feed over a supervisor's mirrored metrics", () => {
  it('a snapshot before the first fetch has no series; the whole window then redraws them; increments become delta points, each once', () => {
    const s = store(400);
    let now = T0 + 400_000 + 300;
    const mirror = new MirroredMetrics();
    const sent: HostMessage[] = [];
    const snap = { ...emptySnapshot, config, selected: ['api', 'db'], statuses: [] };
    const feed = new DashboardFeed(
      { snapshot: () => snap, metrics: () => mirror, history: () => undefined },
      (m) => sent.push(m),
      () => now,
    );
    feed.ready(300_000);
    assert.equal(sent[0]?.type, 'snapshot');
    assert.deepEqual(sent[0]?.type === 'snapshot' && sent[0].series.services, {}, 'nothing fetched yet: no series, not zeros');

    mirror.apply(metricsPayload(s, ['api', 'db'], 300_000, 0, now));
    feed.setWindow(feed.window);
    const series = sent.at(-1);
    assert.ok(series?.type === 'series');
    assert.deepEqual(series.series, seriesSet(s, ['api', 'db'], 300_000, now));

    // The clock moves on before the next fetch: nothing is closed as empty meanwhile.
    for (let i = 400; i < 403; i++) s.sampleService('api', T0 + i * 1000 + 10, { cpuPercent: 70, rssBytes: 5 });
    now = T0 + 403_000 + 200;
    feed.flush();
    const idle = sent.at(-1);
    assert.ok(idle?.type !== 'delta' || Object.keys(idle.points).length === 0);
    mirror.apply(metricsPayload(s, ['api', 'db'], 300_000, mirror.next(300_000).since, now));
    feed.flush();
    const delta = sent.at(-1);
    assert.ok(delta?.type === 'delta');
    assert.deepEqual(delta.points.api?.cpu?.v, [70, 70, 70]);
  });
});
