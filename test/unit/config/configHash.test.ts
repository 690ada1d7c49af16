import { strict as assert } from 'node:assert';
import { canonicalJson, configHash, fnv1a64 } from '../../../src/core/config/configHash';
import type { ServiceSpec } from '../../../src/core/config/model';
import { load } from './loadHelpers';

const spec = async (yaml: string, file = 'stackpilot.yaml'): Promise<ServiceSpec> =>
  Object.values((await load({ [file]: yaml })).config!.services)[0];

describe('configHash', () => {
  it('is FNV-1a 64 (known vectors) over canonical JSON', () => {
    assert.equal(fnv1a64(''), 'cbf29ce484222325');
    assert.equal(fnv1a64('a'), 'af63dc4c8601ec8c');
    assert.equal(fnv1a64('foobar'), '85944171f73967e8');
    assert.equal(canonicalJson({ b: 1, a: [1, { d: undefined, c: 'x' }] }), '{"a":[1,{"c":"x"}],"b":1}');
  });

  it('is stable, and ignores location, key order, health, restart, dependencies and extras', async () => {
    const a = await spec(
      'services:\n  api: { command: npm start, env: { A: "1", B: "2" }, health: { tcp: 1 }, alerts: { disable: [cpu-high] } }\n',
    );
    const b = await spec(
      '\n\nservices:\n  api:\n    env: { B: "2", A: "1" }\n    command: npm  start\n    restart: always\n    dependsOn: [db]\n    stopGracePeriod: 1s\n  db: { command: y }\n',
    );
    assert.match(configHash(a), /^[0-9a-f]{16}$/);
    assert.equal(configHash(a), configHash(b));
  });

  it('changes with anything that changes how the service runs', async () => {
    const base = configHash(await spec('services:\n  api: { command: npm start, env: { A: "1" } }\n'));
    for (const changed of [
      'services:\n  api: { command: npm run start, env: { A: "1" } }\n',
      'services:\n  api: { command: npm start, env: { A: "2" } }\n',
      'services:\n  api: { command: npm start, env: { A: "1" }, cwd: sub }\n',
      'services:\n  api: { command: npm start, env: { A: "1" }, ports: [80] }\n',
      'services:\n  api: { command: npm start, env: { A: "1" }, shell: true }\n',
    ])
      assert.notEqual(configHash(await spec(changed)), base, changed);
    const img = (extra: string) => spec(`services:\n  db: { image: pg:16${extra} }\n`, 'compose.yaml');
    assert.notEqual(configHash(await img('')), configHash(await img(', user: "1000"')));
    assert.notEqual(configHash(await img('')), configHash(await img(', healthcheck: { test: ["CMD", "true"] }')));
  });
});
