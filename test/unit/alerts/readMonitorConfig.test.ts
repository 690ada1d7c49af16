import { strict as assert } from 'node:assert';
import { readMonitorConfig } from '../../../src/core/alerts/readMonitorConfig';
import { Diagnostics } from '../../../src/core/config/Diagnostics';
import { parseYaml } from '../../../src/core/config/parseYaml';
import { load, ROOT } from '../config/loadHelpers';

async function read(yaml: string) {
  const r = await load({ 'stackpilot.yaml': yaml });
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  const diags = new Diagnostics();
  const { index } = parseYaml(`${ROOT}/stackpilot.yaml`, yaml, new Diagnostics());
  const cfg = readMonitorConfig(r.config, diags, index);
  return { cfg, diags: diags.list.map((d) => `${d.location.line}:${d.location.column} ${d.code}: ${d.message}`) };
}

const SERVICES = `services:
  db:
    command: sleep 1000
  api:
    command: sleep 1000
    dependsOn: [db]
`;

describe('alerts: rules from the stack file', () => {
  it('built-in rules by default, SLA and monitoring defaults', async () => {
    const { cfg, diags } = await read(SERVICES);
    assert.deepEqual(diags, []);
    assert.ok(cfg.rules.some((r) => r.id === 'service-down' && r.severity === 'critical' && r.enabled));
    assert.equal(cfg.slaTarget, 99.9);
    assert.equal(cfg.intervalMs, 1000);
  });

  it('overrides and disables built-in rules, adds user rules, reads monitoring and per-service settings', async () => {
    const { cfg, diags } = await read(`monitoring:
  slaTarget: "99.5%"
  uptimeWindow: 10m
  errorPattern: "ERR!"
alerts:
  defaults:
    cpu-high: false
    probe-latency-warning: { threshold: 2000, for: 10s }
  rules:
    - name: api-slow
      metric: probe_latency_ms
      op: ">="
      threshold: 300
      for: 30s
      keepFiringFor: 1m
      severity: critical
      services: [api]
${SERVICES}    alerts:
      errorPattern: "panic:"
      memoryLimit: 512MB
      disable: [error-rate]
      rules:
        - { name: api-restarts, metric: restarts, op: ">", threshold: 3 }
`);
    assert.deepEqual(diags, []);
    const byId = (id: string) => cfg.rules.find((r) => r.id === id)!;
    assert.equal(byId('cpu-high').enabled, false);
    assert.equal(byId('probe-latency-warning').threshold, 2000);
    assert.equal(byId('probe-latency-warning').forMs, 10_000);
    assert.equal(byId('probe-latency-warning').severity, 'warning');
    assert.deepEqual(byId('api-slow'), { id: 'api-slow', metric: 'probe_latency_ms', op: '>=', threshold: 300, forMs: 30_000, keepFiringForMs: 60_000, severity: 'critical', services: ['api'], summary: 'probe_latency_ms >= 300', enabled: true });
    assert.deepEqual(byId('api-restarts').services, ['api']);
    assert.deepEqual(byId('error-rate').services, ['db']);
    assert.equal(cfg.slaTarget, 99.5);
    assert.equal(cfg.uptimeWindowMs, 600_000);
    assert.equal(cfg.errorPattern?.source, 'ERR!');
    assert.equal(cfg.errorPatterns.api.source, 'panic:');
    assert.equal(cfg.memoryLimits.api, 512 * 2 ** 20);
  });

  it('invalid rules are located config errors', async () => {
    const { diags } = await read(`alerts:
  defaults:
    cpu-hihg: false
  rules:
    - name: a
      metric: latency
      op: "=>"
      threshold: 5
      severity: urgent
      services: [apu]
    - name: b
      metric: cpu_percent
    - name: c
      metric: restarts
      op: ">"
      threshold: 1
      for: soon
    - name: d
      metric: restarts
      anomaly: { factor: 2 }
monitoring:
  slaTarget: 120
  errorPattern: "(unclosed"
${SERVICES}`);
    assert.deepEqual(diags, [
      '3:5 unknown-alert-rule: No built-in alert rule `cpu-hihg`. Did you mean `cpu-high`?',
      '6:15 unknown-metric: Unknown metric `latency`. Valid: `up`, `crash_looping`, `restarts`, `probe_latency_ms`, `probe_failed`, `cpu_percent`, `memory_bytes`, `memory_percent`, `error_rate`, `uptime_percent`, `host_cpu_percent`, `host_load1`, ….',
      '7:11 wrong-value: `alerts.rules[0].op` must be an operator: `>`, `>=`, `<`, `<=`, `==`, `!=`; got `=>`.',
      '9:17 wrong-value: `alerts.rules[0].severity` must be a severity: `info`, `warning`, `critical`; got `urgent`.',
      '10:18 missing-service: Alert rule names unknown service `apu`. Did you mean `api`?',
      '11:7 bad-alert-rule: Alert rule `alerts.rules[1]` needs `op`: one of > >= < <= == !=.',
      '11:7 bad-alert-rule: Alert rule `alerts.rules[1]` needs a numeric `threshold`.',
      '17:12 wrong-type: `alerts.rules[2].for` must be a duration like `500ms`, `5s`, `1m30s` or `1h`, got string "soon".',
      '20:7 bad-alert-rule: Anomaly rules learn a baseline only for probe_latency_ms, memory_bytes, cpu_percent; `restarts` has none.',
      '22:14 wrong-value: `monitoring.slaTarget` must be a percentage between 0 and 100, like `99.9` or `"99.9%"`.',
      '23:17 bad-pattern: `monitoring.errorPattern` is not a valid regular expression: Invalid regular expression: /(unclosed/: Unterminated group.',
    ]);
  });
});

describe('alerts: per-service settings', () => {
  it('warns about disabling a rule that does not exist', async () => {
    const { diags } = await read(`${SERVICES}    alerts:
      disable: [cpu-hgh, error-rate]
`);
    assert.deepEqual(diags, ['8:17 unknown-alert-rule: No alert rule `cpu-hgh` to disable. Did you mean `cpu-high`?']);
  });
});
