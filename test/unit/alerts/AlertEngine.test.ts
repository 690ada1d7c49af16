import { strict as assert } from 'node:assert';
import { AlertEngine } from '../../../src/core/alerts/AlertEngine';
import { DEFAULT_RULES } from '../../../src/core/alerts/defaultRules';
import type { AlertEvent } from '../../../src/core/alerts/model';
import { DependencyGraph } from '../../../src/core/graph/DependencyGraph';
import { FakeSource, rule } from './fakeSource';

function setup(
  rules = [rule({ id: 'slow', metric: 'probe_latency_ms', forMs: 30_000, keepFiringForMs: 10_000 })],
  services = ['api'],
  graph?: DependencyGraph,
) {
  const engine = new AlertEngine(rules, services, graph);
  const src = new FakeSource();
  const events: AlertEvent[] = [];
  engine.onEvent((e) => events.push(e));
  const log = () => events.map((e) => `${e.at / 1000}s ${e.kind} ${e.alert.key}${e.notify ? '' : ' (quiet)'}`);
  return { engine, src, events, log };
}

describe('alerts: lifecycle (Prometheus semantics)', () => {
  it('inactive -> pending for `for` -> firing -> resolved after keepFiringFor', () => {
    const { engine, src, log } = setup();
    src.set('probe_latency_ms', 'api', 500);
    for (let t = 0; t <= 40_000; t += 10_000) engine.evaluate(src, t);
    src.set('probe_latency_ms', 'api', 10);
    for (let t = 50_000; t <= 70_000; t += 10_000) engine.evaluate(src, t);
    assert.deepEqual(log(), ['0s pending slow/api (quiet)', '30s firing slow/api', '60s resolved slow/api']);
    assert.deepEqual(engine.alerts(), []);
  });

  it('a condition that stops before `for` cancels quietly; one instance per rule × service', () => {
    const { engine, src, log } = setup(undefined, ['api', 'web']);
    src.set('probe_latency_ms', 'api', 500);
    src.set('probe_latency_ms', 'web', 500);
    engine.evaluate(src, 0);
    engine.evaluate(src, 5000);
    src.set('probe_latency_ms', 'api', 1);
    engine.evaluate(src, 10_000);
    assert.deepEqual(log(), ['0s pending slow/api (quiet)', '0s pending slow/web (quiet)', '10s cancelled slow/api (quiet)']);
    assert.deepEqual(
      engine.alerts().map((a) => `${a.key} ${a.state}`),
      ['slow/web pending'],
    );
  });

  it('hysteresis: a value hovering at the threshold does not flap', () => {
    const { engine, src, log } = setup([rule({ id: 'cpu', metric: 'cpu_percent', threshold: 80, clearBand: 10 })]);
    const values = [85, 79, 84, 78, 81, 69, 75];
    values.forEach((v, i) => {
      src.set('cpu_percent', 'api', v);
      engine.evaluate(src, i * 1000);
    });
    assert.deepEqual(log(), ['0s pending cpu/api (quiet)', '0s firing cpu/api', '5s resolved cpu/api']);
  });

  it('escalates a warning still firing past escalateAfter, unless acknowledged', () => {
    const { engine, src, log } = setup([
      rule({ id: 'disk', metric: 'disk_free_percent', op: '<', threshold: 10, escalateAfterMs: 60_000 }),
      rule({ id: 'mem', metric: 'memory_percent', escalateAfterMs: 60_000, threshold: 80 }),
    ]);
    src.set('disk_free_percent', undefined, 5);
    src.set('memory_percent', 'api', 90);
    engine.evaluate(src, 0);
    assert.equal(engine.acknowledge('mem/api', 1000), true);
    engine.evaluate(src, 61_000);
    assert.deepEqual(log(), [
      '0s pending disk (quiet)',
      '0s pending mem/api (quiet)',
      '0s firing disk',
      '0s firing mem/api',
      '1s acknowledged mem/api (quiet)',
      '61s escalated disk',
    ]);
    assert.deepEqual(
      engine.alerts().map((a) => `${a.key} ${a.severity}${a.acknowledged ? ' acked' : ''}`),
      ['disk critical', 'mem/api warning acked'],
    );
  });

  it('silences hold notifications back for their duration; a still-firing alert notifies once they end', () => {
    const { engine, src, log } = setup([rule({ id: 'down', metric: 'up', op: '==', threshold: 0, severity: 'critical' })]);
    engine.silences.add({ service: 'api' }, 30_000, 0, 'deploying');
    src.set('up', 'api', 0);
    engine.evaluate(src, 1000);
    assert.equal(engine.alerts()[0].silencedBy, 'silence-1');
    assert.equal(engine.alerts()[0].silencedUntil, 30_000, 'the views say until when');
    engine.evaluate(src, 31_000);
    assert.equal(engine.alerts()[0].silencedUntil, undefined);
    src.set('up', 'api', 1);
    engine.evaluate(src, 32_000);
    assert.deepEqual(log(), ['1s pending down/api (quiet)', '1s firing down/api (quiet)', '31s firing down/api', '32s resolved down/api']);
  });

  it('a resolved alert that was never notified resolves quietly', () => {
    const { engine, src, log } = setup([rule({ id: 'down', metric: 'up', op: '==', threshold: 0 })]);
    engine.silences.add({ ruleId: 'down' }, 60_000, 0);
    src.set('up', 'api', 0);
    engine.evaluate(src, 0);
    src.set('up', 'api', 1);
    engine.evaluate(src, 1000);
    assert.deepEqual(log(), ['0s pending down/api (quiet)', '0s firing down/api (quiet)', '1s resolved down/api (quiet)']);
  });
});

describe('alerts: inhibition and anomalies', () => {
  const graph = new DependencyGraph({ db: [], cache: ['db'], api: ['cache'], web: ['api'] });
  const down = DEFAULT_RULES.filter((r) => r.id === 'service-down');

  it('when a dependency is down, dependents are held back and the root cause is reported', () => {
    const { engine, src, log } = setup(down, ['db', 'cache', 'api', 'web'], graph);
    for (const s of ['db', 'cache', 'api']) src.set('up', s, 0);
    src.set('up', 'web', 1);
    engine.evaluate(src, 0);
    assert.deepEqual(
      log().filter((l) => l.includes('firing')),
      ['0s firing service-down/db', '0s firing service-down/cache (quiet)', '0s firing service-down/api (quiet)'],
    );
    const api = engine.alerts().find((a) => a.service === 'api')!;
    assert.deepEqual(api.inhibitedBy, ['db']);
    src.set('up', 'db', 1);
    engine.evaluate(src, 1000);
    // db is back but cache is still down: cache is now the root cause and is reported.
    assert.deepEqual(log().slice(-2), ['1s resolved service-down/db', '1s firing service-down/cache']);
    assert.deepEqual(engine.alerts().find((a) => a.service === 'api')!.inhibitedBy, ['cache']);
  });

  it('a critical alert on the same metric holds the warning back', () => {
    const rules = DEFAULT_RULES.filter((r) => r.id.startsWith('probe-latency'));
    const { engine, src, log } = setup(rules);
    src.set('probe_latency_ms', 'api', 6000);
    engine.evaluate(src, 0);
    assert.deepEqual(
      log().filter((l) => l.includes('firing')),
      ['0s firing probe-latency-warning/api (quiet)', '0s firing probe-latency-critical/api'],
    );
  });

  it('anomaly rules fire above factor × baseline and the absolute floor, and need a baseline', () => {
    const r = DEFAULT_RULES.find((x) => x.id === 'latency-anomaly')!;
    const { engine, src, log } = setup([r]);
    src.set('probe_latency_ms', 'api', 900);
    engine.evaluate(src, 0);
    assert.deepEqual(log(), [], 'no baseline learned yet');
    src.baselines.set('probe_latency_ms/api', 50);
    src.set('probe_latency_ms', 'api', 200); // 4× baseline but under the 250 ms floor
    engine.evaluate(src, 1000);
    src.set('probe_latency_ms', 'api', 140);
    engine.evaluate(src, 2000);
    assert.deepEqual(log(), []);
    src.set('probe_latency_ms', 'api', 300);
    engine.evaluate(src, 3000);
    src.set('probe_latency_ms', 'api', 60);
    engine.evaluate(src, 4000);
    assert.deepEqual(log(), ['3s pending latency-anomaly/api (quiet)', '3s firing latency-anomaly/api', '4s resolved latency-anomaly/api']);
  });

  it('disabled rules and rules limited to some services are respected; no data means no alert', () => {
    const { engine, src, log } = setup(
      [rule({ id: 'a', metric: 'cpu_percent', enabled: false }), rule({ id: 'b', metric: 'cpu_percent', services: ['web'] })],
      ['api', 'web'],
    );
    src.set('cpu_percent', 'api', 500);
    engine.evaluate(src, 0);
    assert.deepEqual(log(), []);
  });
});

describe('alerts: flapping', () => {
  it('an alert that fired 3 times in 10 min must stay clear 60 s before it resolves', () => {
    const { engine, src, log } = setup([rule({ id: 'down', metric: 'up', op: '==', threshold: 0 })]);
    let t = 0;
    const flap = (downFor: number, upFor: number) => {
      src.set('up', 'api', 0);
      engine.evaluate(src, t);
      t += downFor;
      src.set('up', 'api', 1);
      engine.evaluate(src, t);
      t += upFor;
    };
    flap(1000, 5000);
    flap(1000, 5000);
    flap(1000, 5000); // third firing: now flapping, the clear at 13 s does not resolve
    src.set('up', 'api', 0);
    engine.evaluate(src, t); // 18 s: still the same firing alert, no new notification
    src.set('up', 'api', 1);
    for (t = 19_000; t <= 90_000; t += 1000) engine.evaluate(src, t);
    const kinds = log().filter((l) => !l.includes('pending'));
    assert.deepEqual(kinds, [
      '0s firing down/api',
      '1s resolved down/api',
      '6s firing down/api',
      '7s resolved down/api',
      '12s firing down/api',
      '79s resolved down/api',
    ]);
  });

  it('a flapping service-down alert resolves at once when its service is a completed job (no hold)', () => {
    const { engine, src, log } = setup([rule({ id: 'down', metric: 'up', op: '==', threshold: 0 })]);
    const completed = new Set<string>();
    src.isCompleted = (s: string) => completed.has(s);
    for (const t of [0, 2000, 4000]) {
      src.set('up', 'api', 0);
      engine.evaluate(src, t);
      src.set('up', 'api', 1);
      engine.evaluate(src, t + 1000);
    }
    assert.equal(engine.alerts()[0]?.state, 'firing', 'third firing held by the flap detector');
    completed.add('api');
    engine.evaluate(src, 5500);
    assert.deepEqual(engine.alerts(), []);
    assert.equal(log().at(-1), '5.5s resolved down/api');
  });
});
