import { strict as assert } from 'node:assert';
import { AlertEngine } from '../../../src/core/alerts/AlertEngine';
import { readMonitorConfig } from '../../../src/core/alerts/readMonitorConfig';
import { Diagnostics } from '../../../src/core/config/Diagnostics';
import { parseYaml } from '../../../src/core/config/parseYaml';
import { MetricsStore } from '../../../src/core/metrics/MetricsStore';
import { load, ROOT } from '../config/loadHelpers';
import { stateEvent } from '../metrics/events';

async function rules(yaml: string) {
  const r = await load({ 'stackpilot.yaml': yaml });
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  const { index } = parseYaml(`${ROOT}/stackpilot.yaml`, yaml, new Diagnostics());
  return { cfg: readMonitorConfig(r.config, new Diagnostics(), index), names: Object.keys(r.config.services) };
}

const SERVICES = `services:
  db: { command: sleep 1000 }
  api: { command: sleep 1000 }
`;

describe('built-in rules folded into a user rule on the same metric and service (latency-anomaly beside a user latency rule)', () => {
  it("a stack-level rule on api's probe latency takes api out of latency-anomaly; db keeps it", async () => {
    const { cfg } = await rules(
      `${SERVICES}alerts:\n  rules:\n    - { name: api-slow, metric: probe_latency_ms, operator: ">", threshold: 300, services: [api] }\n`,
    );
    assert.deepEqual(cfg.rules.find((r) => r.id === 'latency-anomaly')!.services, ['db']);
    assert.equal(cfg.rules.find((r) => r.id === 'memory-anomaly')!.services, undefined, 'other metrics untouched');
    assert.deepEqual(
      cfg.rules.find((r) => r.id === 'probe-latency-warning')!.services,
      ['db'],
      'a built-in warning on the same metric is folded too',
    );
    assert.equal(
      cfg.rules.find((r) => r.id === 'probe-latency-critical')!.services,
      undefined,
      'a more severe built-in stays (inhibition holds the warning back while it fires)',
    );
  });

  it('an info rule folds no warning; a built-in named under alerts.defaults is kept as configured', async () => {
    const info = await rules(`${SERVICES}alerts:
  rules:
    - { name: api-slow, metric: probe_latency_ms, operator: ">", threshold: 300, severity: info, services: [api] }
`);
    assert.equal(info.cfg.rules.find((r) => r.id === 'latency-anomaly')!.services, undefined);
    const kept = await rules(`${SERVICES}alerts:
  defaults:
    latency-anomaly: { threshold: 400, anomaly: { factor: 4, floor: 400 } }
  rules:
    - { name: api-slow, metric: probe_latency_ms, operator: ">", threshold: 300, services: [api] }
`);
    assert.equal(kept.cfg.rules.find((r) => r.id === 'latency-anomaly')!.services, undefined);
    assert.deepEqual(kept.cfg.rules.find((r) => r.id === 'probe-latency-warning')!.services, ['db']);
  });

  it('a rule for every service (no services:) or a per-service rule folds it too; a user anomaly rule counts', async () => {
    const all = await rules(
      `${SERVICES}alerts:\n  rules:\n    - { name: slow, metric: probe_latency_ms, operator: ">", threshold: 300 }\n`,
    );
    assert.deepEqual(all.cfg.rules.find((r) => r.id === 'latency-anomaly')!.services, []);
    const per = await rules(
      `services:\n  db: { command: sleep 1000 }\n  api:\n    command: sleep 1000\n    alerts: [{ name: api-spike, metric: probe_latency_ms, anomaly: { factor: 2, floor: 100 } }]\n`,
    );
    assert.deepEqual(per.cfg.rules.find((r) => r.id === 'latency-anomaly')!.services, ['db']);
  });

  it('a disabled user rule folds nothing', async () => {
    const { cfg } = await rules(
      `${SERVICES}alerts:\n  rules:\n    - { name: api-slow, metric: probe_latency_ms, operator: ">", threshold: 300, services: [api], enabled: false }\n`,
    );
    assert.equal(cfg.rules.find((r) => r.id === 'latency-anomaly')!.services, undefined);
  });

  it('evaluated: a latency spike on api raises api-slow only; the same spike on db raises latency-anomaly', async () => {
    const { cfg, names } = await rules(
      `${SERVICES}alerts:\n  rules:\n    - { name: api-slow, metric: probe_latency_ms, operator: ">", threshold: 300, services: [api] }\n`,
    );
    const store = new MetricsStore(names, cfg, 0);
    const engine = new AlertEngine(cfg.rules, names);
    for (const s of names) store.handle(stateEvent(s, 'starting', 'healthy', 0));
    let t = 0;
    for (let i = 0; i < 40; i++) {
      t += 1000;
      for (const s of names) store.handle({ type: 'probe', service: s, result: { ok: true, latencyMs: 20, at: t, detail: 'ok' } });
      engine.evaluate(store, t);
    }
    t += 1000;
    for (const s of names) store.handle({ type: 'probe', service: s, result: { ok: true, latencyMs: 900, at: t, detail: 'ok' } });
    engine.evaluate(store, t);
    const firing = engine
      .alerts()
      .filter((a) => a.state === 'firing')
      .map((a) => a.key)
      .sort();
    assert.deepEqual(firing, ['api-slow/api', 'latency-anomaly/db']);
  });
});
