import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { DEFAULT_RULES } from '../../../src/core/alerts/defaultRules';
import { RULE_KEYS } from '../../../src/core/alerts/parseAlertRule';
import { WEBHOOK_KEYS } from '../../../src/core/alerts/parseWebhooks';
import { MONITORING_KEYS } from '../../../src/core/alerts/readMonitorConfig';
import { NATIVE_SERVICE_KEYS, NATIVE_TOP_KEYS } from '../../../src/core/config/nativeKeys';
import { METRIC_NAMES } from '../../../src/core/metrics/metricNames';
import { HEALTH_KEYS } from '../../../src/core/config/parseHealth';
import { RESTART_KEYS } from '../../../src/core/config/parseRestart';
import { load } from './loadHelpers';

const schema = JSON.parse(readFileSync(join(__dirname, '../../../schemas/stackpilot.schema.json'), 'utf8')) as {
  properties: Record<string, unknown>;
  definitions: Record<
    string,
    { properties?: Record<string, unknown>; oneOf?: { properties?: Record<string, unknown>; type?: string }[]; enum?: string[] }
  >;
};
const VALID = join(__dirname, '../../fixtures/config/valid');
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

describe('schemas/stackpilot.schema.json', () => {
  for (const name of readdirSync(VALID)) {
    it(`accepts ${name}, which the loader also reads without errors`, async () => {
      const text = readFileSync(join(VALID, name), 'utf8');
      const ok = validate(parse(text, { merge: true }));
      assert.ok(ok, JSON.stringify(validate.errors, null, 1));
      const r = await load({
        'stackpilot.yaml': text,
        'docker-compose.yml': 'services:\n  postgres: { image: pg }\n  redis: { image: redis }\n',
      });
      assert.deepEqual(
        r.diagnostics.filter((d) => d.severity === 'error'),
        [],
      );
    });
  }

  it('rejects what the loader rejects: unknown keys, wrong types, two probes', () => {
    for (const bad of [
      { services: { a: { comand: 'x' } } },
      { services: { a: { command: 'x', health: { http: 'http://x/', retries: 'three' } } } },
      { services: { a: { command: 'x', health: { http: 'http://x/', tcp: '1' } } } },
      { services: { a: { command: 'x', stopGracePeriod: '5' } } },
      { servics: {} },
      { alerts: [{ when: 'unhealthy', for: '30s' }] },
      { alerts: [{ name: 'a', metric: 'up', op: '==', threshold: 0 }] },
      { alerts: [{ name: 'a', metric: 'latency', operator: '>', threshold: 1 }] },
      { alerts: { defaults: { 'cpu-hihg': false } } },
      { services: { a: { command: 'x', alerts: { memoryAbove: '80%' } } } },
      { monitoring: { webhooks: [{ url: 'https://hooks.example/x' }] } },
      { monitoring: { prometheus: { port: 70000 } } },
    ])
      assert.equal(validate(bad), false, JSON.stringify(bad));
  });

  it("has exactly the loader's keys, so the two never drift", () => {
    const keys = (o?: Record<string, unknown>) => Object.keys(o ?? {}).sort();
    assert.deepEqual(keys(schema.properties), [...NATIVE_TOP_KEYS].sort());
    assert.deepEqual(keys(schema.definitions.service.properties), [...NATIVE_SERVICE_KEYS].sort());
    assert.deepEqual(keys(schema.definitions.health.properties), [...HEALTH_KEYS].sort());
    const restartMap = schema.definitions.restart.oneOf!.find((o) => o.properties)!;
    assert.deepEqual(keys(restartMap.properties), [...RESTART_KEYS].sort());
    assert.deepEqual(keys(schema.definitions.alertRule.properties), [...RULE_KEYS].sort());
    assert.deepEqual(keys(schema.definitions.monitoring.properties), [...MONITORING_KEYS].sort());
    assert.deepEqual(keys(schema.definitions.webhook.properties), [...WEBHOOK_KEYS].sort());
    assert.deepEqual(schema.definitions.metric.enum, [...METRIC_NAMES]);
    const alertsMap = schema.definitions.alerts.oneOf!.find((o) => o.type === 'object') as {
      properties: { defaults: { propertyNames: { enum: string[] } } };
    };
    assert.deepEqual(
      alertsMap.properties.defaults.propertyNames.enum,
      DEFAULT_RULES.map((r) => r.id),
    );
  });
});
