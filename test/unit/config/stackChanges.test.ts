import { strict as assert } from 'node:assert';
import { notApplicable, stackChanges } from '../../../src/core/config/stackChanges';
import type { StackConfig } from '../../../src/core/config/model';
import { load } from './loadHelpers';

const config = async (yaml: string): Promise<StackConfig> => (await load({ 'stackpilot.yaml': yaml })).config!;

describe('stackChanges: the stack file now vs the config a run started with', () => {
  const before = `services:
  db: { command: db-server, env: { A: "1" }, ports: ["5432:5432"] }
  flaky: { command: node srv/flaky.js, env: { LIFE: "1500" }, restart: { policy: always } }
  api: { command: npm start, dependsOn: [db] }
`;

  it('nothing changed (lines moved, keys reordered): nothing to do', async () => {
    const moved = `\n\nservices:\n  db: { env: { A: "1" }, command: db-server, ports: ["5432:5432"] }\n  flaky: { command: node srv/flaky.js, restart: { policy: always }, env: { LIFE: "1500" } }\n  api: { command: npm start, dependsOn: [db] }\n`;
    const c = stackChanges(await config(before), await config(moved));
    assert.deepEqual(c, { redefined: [], retuned: [], added: [], removed: [], kindChanged: [], needsAdded: [] });
  });

  it('a changed environment redefines; a changed restart policy or health only retunes', async () => {
    const after = before
      .replace('LIFE: "1500"', 'LIFE: "600000"')
      .replace('api: { command: npm start, dependsOn: [db] }', 'api: { command: npm start, dependsOn: [db], restart: always }');
    const c = stackChanges(await config(before), await config(after));
    assert.deepEqual(c.redefined, ['flaky']);
    assert.deepEqual(c.retuned, ['api']);
    assert.deepEqual(notApplicable(c), []);
  });

  it('added, removed, a kind changed, a dependency on an added service: not applicable, each said; `only` limits it', async () => {
    const after = `services:
  db: { image: postgres:16 }
  api: { command: npm start, dependsOn: [db, cache] }
  cache: { command: redis-server }
`;
    const c = stackChanges(await config(before), await config(after));
    assert.deepEqual(notApplicable(c), ['cache (added)', 'flaky (removed)', 'db (its kind changed)', 'api (depends on an added service)']);
    const one = stackChanges(await config(before), await config(after), ['flaky']);
    assert.deepEqual(notApplicable(one), ['flaky (removed)']);
  });
});
