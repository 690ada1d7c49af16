import { strict as assert } from 'node:assert';
import { readMonitorConfig } from '../../../src/core/alerts/readMonitorConfig';
import { Diagnostics } from '../../../src/core/config/Diagnostics';
import { parseYaml } from '../../../src/core/config/parseYaml';
import type { ConfigDiagnostic } from '../../../src/core/config/model';
import { load, ROOT } from '../config/loadHelpers';

const fmt = (d: ConfigDiagnostic) =>
  `${d.location.file === `${ROOT}/stackpilot.yaml` ? '' : `${d.location.file.slice(ROOT.length + 1)}:`}${d.location.line}:${d.location.column} ${d.code}: ${d.message}`;

/** Valid config: the monitor's reading of it (no problems). */
async function read(yaml: string) {
  const r = await load({ 'stackpilot.yaml': yaml });
  assert.ok(r.config, JSON.stringify(r.diagnostics.map(fmt)));
  const diags = new Diagnostics();
  const { index } = parseYaml(`${ROOT}/stackpilot.yaml`, yaml, new Diagnostics());
  const again = readMonitorConfig(r.config, diags, index);
  assert.deepEqual(diags.list.map(fmt), r.diagnostics.map(fmt), 'a second reading finds what the loader found');
  // The monitor takes what the loader read (config.monitoring) instead of reading the file again.
  const cfg = r.config.monitoring!;
  assert.deepEqual(cfg, again, 'the loader keeps what it read');
  return { cfg, diags: r.diagnostics.map(fmt) };
}

/** What the loader itself reports (`stackpilot validate`, the Problems panel): located errors, and no config. */
async function problems(files: Record<string, string>) {
  const r = await load(files);
  if (r.diagnostics.some((d) => d.severity === 'error')) assert.equal(r.config, undefined);
  return r.diagnostics.map(fmt);
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
      operator: ">="
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
        - { name: api-restarts, metric: restarts, operator: ">", threshold: 3 }
`);
    assert.deepEqual(diags, []);
    const byId = (id: string) => cfg.rules.find((r) => r.id === id)!;
    assert.equal(byId('cpu-high').enabled, false);
    assert.equal(byId('probe-latency-warning').threshold, 2000);
    assert.equal(byId('probe-latency-warning').forMs, 10_000);
    assert.equal(byId('probe-latency-warning').severity, 'warning');
    assert.deepEqual(byId('api-slow'), {
      id: 'api-slow',
      metric: 'probe_latency_ms',
      op: '>=',
      threshold: 300,
      forMs: 30_000,
      keepFiringForMs: 60_000,
      severity: 'critical',
      services: ['api'],
      summary: 'probe_latency_ms >= 300',
      enabled: true,
    });
    assert.deepEqual(byId('api-restarts').services, ['api']);
    assert.deepEqual(byId('error-rate').services, ['db']);
    assert.equal(cfg.slaTarget, 99.5);
    assert.equal(cfg.uptimeWindowMs, 600_000);
    assert.equal(cfg.errorPattern?.source, 'ERR!');
    assert.equal(cfg.errorPatterns.api.source, 'panic:');
    assert.equal(cfg.memoryLimits.api, 512 * 2 ** 20);
  });

  it('invalid rules are located config errors of the loader', async () => {
    const diags = await problems({
      'stackpilot.yaml': `alerts:
  defaults:
    cpu-hihg: false
  rules:
    - name: a
      metric: latency
      operator: "=>"
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
${SERVICES}`,
    });
    assert.deepEqual(diags, [
      '3:5 unknown-alert-rule: No built-in alert rule `cpu-hihg`. Did you mean `cpu-high`?',
      '6:15 unknown-metric: Unknown metric `latency`. Valid: `up`, `crash_looping`, `restarts`, `probe_latency_ms`, `probe_failed`, `cpu_percent`, `memory_bytes`, `memory_percent`, `error_rate`, `uptime_percent`, `host_cpu_percent`, `host_load1`, ….',
      '7:17 wrong-value: `alerts.rules[0].operator` must be an operator: `>`, `>=`, `<`, `<=`, `==`, `!=`; got `=>`.',
      '9:17 wrong-value: `alerts.rules[0].severity` must be a severity: `info`, `warning`, `critical`; got `urgent`.',
      '10:18 missing-service: Alert rule names unknown service `apu`. Did you mean `api`?',
      '11:7 bad-alert-rule: Alert rule `alerts.rules[1]` needs `operator`: one of > >= < <= == !=.',
      '11:7 bad-alert-rule: Alert rule `alerts.rules[1]` needs a numeric `threshold`.',
      '15:7 unknown-key: Unknown key `op` in alert rule `alerts.rules[2]`: the operator is written `operator: ">"`.',
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

describe('alerts: compose x-stackpilot and the monitoring block', () => {
  it('compose `x-stackpilot.alerts` rules are read with the same syntax and located in the compose file', async () => {
    const compose = `services:
  cache:
    image: redis:7
    x-stackpilot:
      alerts:
        - { name: cache-restarts, metric: restarts, operator: ">", threshold: 3, severity: critical }
        - { name: cache-bad, metric: restarts, operator: "~", threshold: 3 }
`;
    assert.deepEqual(await problems({ 'compose.yaml': compose }), [
      'compose.yaml:7:58 wrong-value: `services.cache.x-stackpilot.alerts[1].operator` must be an operator: `>`, `>=`, `<`, `<=`, `==`, `!=`; got `~`.',
    ]);
    const ok = await load({ 'compose.yaml': compose.split('\n').slice(0, 6).join('\n') });
    assert.deepEqual(ok.diagnostics, []);
  });

  it("a native stack file importing compose: the compose service's rules, and native overrides, both located", async () => {
    const diags = await problems({
      'stackpilot.yaml':
        'compose: [docker-compose.yml]\nservices:\n  api: { command: x, alerts: [{ name: api-x, metric: cpu, operator: ">", threshold: 1 }] }\n',
      'docker-compose.yml': 'services:\n  db:\n    image: pg\n    x-stackpilot: { alerts: { disable: [cpu-hgh] } }\n',
    });
    assert.deepEqual(diags, [
      'docker-compose.yml:4:41 unknown-alert-rule: No alert rule `cpu-hgh` to disable. Did you mean `cpu-high`?',
      '3:54 unknown-metric: Unknown metric `cpu`. Did you mean `up`?',
    ]);
  });

  it('reads webhooks (URL only by environment variable name) and the opt-in Prometheus port', async () => {
    const { cfg } = await read(`monitoring:
  prometheus: 9464
  webhooks:
    - { name: slack, urlEnv: SLACK_URL, format: slack, minSeverity: warning, events: [firing], rateLimit: { max: 2, per: 10s } }
    - { urlEnv: HOOK }
${SERVICES}`);
    assert.deepEqual(cfg.prometheus, { port: 9464 });
    assert.deepEqual(cfg.webhooks, [
      {
        name: 'slack',
        urlEnv: 'SLACK_URL',
        format: 'slack',
        events: ['firing'],
        minSeverity: 'warning',
        timeoutMs: 5000,
        retries: 3,
        backoffMs: 500,
        rateLimit: { max: 2, perMs: 10_000 },
      },
      {
        name: 'webhook-2',
        urlEnv: 'HOOK',
        format: 'json',
        events: ['firing', 'resolved', 'escalated'],
        minSeverity: 'info',
        timeoutMs: 5000,
        retries: 3,
        backoffMs: 500,
        rateLimit: { max: 10, perMs: 60_000 },
      },
    ]);
    assert.deepEqual((await read(`monitoring: { prometheus: { port: 0 } }\n${SERVICES}`)).cfg.prometheus, { port: 0 });
  });

  it('a literal webhook URL, a URL in urlEnv and bad webhook/prometheus settings are located errors', async () => {
    const diags = await problems({
      'stackpilot.yaml': `monitoring:
  prometheus: { port: 99999 }
  webhooks:
    - { url: "https://hooks.slack.com/services/T000/B000/XXXX" }
    - { urlEnv: "https://hooks.slack.com/services/T000/B000/XXXX" }
    - { urlEnv: OK, format: teams, events: [fired], retries: -1, rateLimit: { max: 0 } }
${SERVICES}`,
    });
    assert.deepEqual(diags, [
      "4:9 literal-webhook-url: A webhook URL is a credential: keep it out of the stack file. Put it in an environment variable (or `.env`, or your secret manager's env export) and name the variable with `urlEnv: SLACK_WEBHOOK_URL`.",
      '5:17 wrong-value: `monitoring.webhooks[1].urlEnv` is the name of an environment variable (like `SLACK_WEBHOOK_URL`), not `https://…`.',
      '6:29 wrong-value: `monitoring.webhooks[2].format` must be one of `slack`, `json`; got `teams`.',
      '6:45 wrong-value: `monitoring.webhooks[2].events[0]` must be one of `firing`, `resolved`, `escalated`; got `fired`.',
      '6:62 wrong-value: `monitoring.webhooks[2].retries` must be a whole number of at least 0, got -1.',
      '6:84 wrong-value: `monitoring.webhooks[2].rateLimit.max` must be a whole number of at least 1, got 0.',
      '2:23 wrong-value: `monitoring.prometheus.port` must be a TCP port (1-65535, or 0 for any free port), got 99999.',
    ]);
    assert.ok(!diags.join('\n').includes('T000'), 'the URL is never echoed');
  });

  it('webhook timeouts, backoff and rate-limit windows that would break delivery are located errors', async () => {
    const diags = await problems({
      'stackpilot.yaml': `monitoring:
  webhooks:
    - { urlEnv: A, timeout: 0s, backoff: 0s, rateLimit: { max: 0, per: 0s } }
    - { urlEnv: B, timeout: 99ms, backoff: 9ms, rateLimit: { per: 999ms } }
    - { urlEnv: C, timeout: 0, backoff: 0 }
${SERVICES}`,
    });
    assert.deepEqual(diags, [
      '3:29 wrong-value: `monitoring.webhooks[0].timeout` must be at least 100ms: shorter, no request can get an answer; got `0s`.',
      '3:42 wrong-value: `monitoring.webhooks[0].backoff` must be at least 10ms: shorter, retries hit a failing receiver back to back; got `0s`.',
      '3:64 wrong-value: `monitoring.webhooks[0].rateLimit.max` must be a whole number of at least 1, got 0.',
      '3:72 wrong-value: `monitoring.webhooks[0].rateLimit.per` must be at least 1s: shorter, the limit limits nothing; got `0s`.',
      '4:29 wrong-value: `monitoring.webhooks[1].timeout` must be at least 100ms: shorter, no request can get an answer; got `99ms`.',
      '4:44 wrong-value: `monitoring.webhooks[1].backoff` must be at least 10ms: shorter, retries hit a failing receiver back to back; got `9ms`.',
      '4:67 wrong-value: `monitoring.webhooks[1].rateLimit.per` must be at least 1s: shorter, the limit limits nothing; got `999ms`.',
      '5:29 wrong-value: `monitoring.webhooks[2].timeout` must be at least 100ms: shorter, no request can get an answer; got `0`.',
      '5:41 wrong-value: `monitoring.webhooks[2].backoff` must be at least 10ms: shorter, retries hit a failing receiver back to back; got `0`.',
    ]);
    const { cfg } = await read(
      `monitoring:\n  webhooks: [{ urlEnv: OK, timeout: 100ms, backoff: 10ms, rateLimit: { max: 1, per: 1s } }]\n${SERVICES}`,
    );
    assert.deepEqual(
      cfg.webhooks.map((w) => [w.timeoutMs, w.backoffMs, w.rateLimit]),
      [[100, 10, { max: 1, perMs: 1000 }]],
    );
  });
});
