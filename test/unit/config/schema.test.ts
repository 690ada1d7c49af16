import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { NATIVE_SERVICE_KEYS, NATIVE_TOP_KEYS } from '../../../src/core/config/nativeKeys';
import { HEALTH_KEYS } from '../../../src/core/config/parseHealth';
import { RESTART_KEYS } from '../../../src/core/config/parseRestart';
import { load } from './loadHelpers';

const schema = JSON.parse(readFileSync(join(__dirname, '../../../schemas/stackpilot.schema.json'), 'utf8')) as {
  properties: Record<string, unknown>;
  definitions: Record<string, { properties?: Record<string, unknown>; oneOf?: { properties?: Record<string, unknown> }[] }>;
};
const VALID = join(__dirname, '../../fixtures/config/valid');
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

describe('schemas/stackpilot.schema.json', () => {
  for (const name of readdirSync(VALID)) {
    it(`accepts ${name}, which the loader also reads without errors`, async () => {
      const text = readFileSync(join(VALID, name), 'utf8');
      const ok = validate(parse(text, { merge: true }));
      assert.ok(ok, JSON.stringify(validate.errors, null, 1));
      const r = await load({ 'stackpilot.yaml': text, 'docker-compose.yml': 'services:\n  postgres: { image: pg }\n  redis: { image: redis }\n' });
      assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
    });
  }

  it('rejects what the loader rejects: unknown keys, wrong types, two probes', () => {
    for (const bad of [
      { services: { a: { comand: 'x' } } },
      { services: { a: { command: 'x', health: { http: 'http://x/', retries: 'three' } } } },
      { services: { a: { command: 'x', health: { http: 'http://x/', tcp: '1' } } } },
      { services: { a: { command: 'x', stopGracePeriod: '5' } } },
      { servics: {} },
    ]) assert.equal(validate(bad), false, JSON.stringify(bad));
  });

  it("has exactly the loader's keys, so the two never drift", () => {
    const keys = (o?: Record<string, unknown>) => Object.keys(o ?? {}).sort();
    assert.deepEqual(keys(schema.properties), [...NATIVE_TOP_KEYS].sort());
    assert.deepEqual(keys(schema.definitions.service.properties), [...NATIVE_SERVICE_KEYS].sort());
    assert.deepEqual(keys(schema.definitions.health.properties), [...HEALTH_KEYS].sort());
    const restartMap = schema.definitions.restart.oneOf!.find((o) => o.properties)!;
    assert.deepEqual(keys(restartMap.properties), [...RESTART_KEYS].sort());
  });
});
