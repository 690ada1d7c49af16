import * as assert from 'node:assert/strict';
import type { StackConfig } from '../../../src/core/config/model';
import type { ServiceState, ServiceStatus } from '../../../src/core/engine/state';
import { groupServices, nextGroupBy, parseGroupBy } from '../../../src/core/editor/groupServices';
import { load } from '../config/loadHelpers';
import { statusOf } from '../statusOf';

const native = `
name: shop
profiles: { minimal: [db, cache], development: [api, worker], full: ["*"] }
defaultProfile: development
services:
  db: { command: "node db.js" }
  cache: { command: "node cache.js" }
  api: { command: "node api.js", dependsOn: { db: healthy, cache: started } }
  worker: { command: "node worker.js", dependsOn: { api: started } }
`;

async function config(files: Record<string, string>): Promise<StackConfig> {
  const r = await load(files);
  assert.ok(r.config, JSON.stringify(r.diagnostics));
  return r.config;
}

function statuses(states: Record<string, ServiceState>): ServiceStatus[] {
  return Object.entries(states).map(([name, state]) => statusOf(name, state));
}

describe('groupServices', () => {
  it('is a flat list (undefined) for none', async () => {
    assert.equal(groupServices({ config: await config({ 'stackpilot.yaml': native }), selected: [], statuses: [] }, 'none'), undefined);
  });

  it('groups by native profile: what starting it brings up, in start order, the active one marked', async () => {
    const c = await config({ 'stackpilot.yaml': native });
    const groups = groupServices(
      { config: c, selected: ['db', 'cache', 'api', 'worker'], profile: 'development', statuses: [] },
      'profile',
    )!;
    assert.deepEqual(
      groups.map((g) => [g.id, g.label, g.description]),
      [
        ['profile:minimal', 'minimal', undefined],
        ['profile:development', 'development', 'active'],
        ['profile:full', 'full', undefined],
      ],
    );
    assert.deepEqual(groups[0].services, ['db', 'cache']);
    const dev = groups[1].services;
    assert.deepEqual([...dev].sort(), ['api', 'cache', 'db', 'worker']);
    assert.ok(dev.indexOf('db') < dev.indexOf('api') && dev.indexOf('api') < dev.indexOf('worker'), `start order: ${dev.join(', ')}`);
  });

  it('puts services no profile starts under "No profile"', async () => {
    const c = await config({
      'stackpilot.yaml': `name: s\nprofiles: { one: [a] }\nservices:\n  a: { command: "x" }\n  b: { command: "y" }\n`,
    });
    const groups = groupServices({ config: c, selected: [], statuses: [] }, 'profile')!;
    assert.deepEqual(
      groups.map((g) => [g.label, g.services]),
      [
        ['one', ['a']],
        ['No profile', ['b']],
      ],
    );
  });

  it('groups compose profile tags by the services they add (not every untagged service), untagged ones apart', async () => {
    const compose = `services:
  db: { image: postgres }
  debug: { image: busybox, profiles: [tools], depends_on: [db] }
  admin: { image: busybox, profiles: [tools, ops] }
`;
    const c = await config({ 'docker-compose.yml': compose });
    const groups = groupServices({ config: c, selected: ['db'], statuses: [] }, 'profile')!;
    assert.deepEqual(
      groups.map((g) => [g.label, [...g.services].sort()]),
      [
        ['tools', ['admin', 'db', 'debug']],
        ['ops', ['admin']],
      ],
    );
    const plain = await config({ 'docker-compose.yml': 'services:\n  a: { image: busybox }\n' });
    assert.deepEqual(
      groupServices({ config: plain, selected: ['a'], statuses: [] }, 'profile')!.map((g) => [g.label, g.services]),
      [['All services', ['a']]],
    );
  });

  it('groups by state, most urgent first, empty groups left out, with counts', async () => {
    const c = await config({ 'stackpilot.yaml': native });
    const groups = groupServices(
      {
        config: c,
        selected: ['db', 'cache', 'api', 'worker'],
        statuses: statuses({ db: 'healthy', cache: 'crash-looping', api: 'waiting', worker: 'stopped' }),
      },
      'state',
    )!;
    assert.deepEqual(
      groups.map((g) => [g.label, g.description, g.services]),
      [
        ['Failing', '1', ['cache']],
        ['Starting', '1', ['api']],
        ['Up', '1', ['db']],
        ['Stopped', '1', ['worker']],
      ],
    );
  });

  it('shows a service outside the profile in the state groups only while it is not stopped', async () => {
    const c = await config({ 'stackpilot.yaml': native });
    const running = groupServices(
      {
        config: c,
        selected: ['db', 'cache'],
        statuses: statuses({ db: 'healthy', cache: 'healthy', api: 'unhealthy', worker: 'stopped' }),
      },
      'state',
    )!;
    assert.deepEqual(
      running.map((g) => [g.label, g.services]),
      [
        ['Failing', ['api']],
        ['Up', ['db', 'cache']],
      ],
    );
  });

  it('cycles none -> profile -> state -> none; unknown settings read as none', () => {
    assert.equal(nextGroupBy('none'), 'profile');
    assert.equal(nextGroupBy('profile'), 'state');
    assert.equal(nextGroupBy('state'), 'none');
    assert.equal(parseGroupBy('state'), 'state');
    assert.equal(parseGroupBy('bogus'), 'none');
    assert.equal(parseGroupBy(undefined), 'none');
  });
});
