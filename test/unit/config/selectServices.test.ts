import { strict as assert } from 'node:assert';
import { selectServices, listProfiles } from '../../../src/core/config/selectServices';
import { load } from './loadHelpers';

const NATIVE = [
  'profiles: { minimal: [postgres], development: [api], full: ["*"] }',
  'defaultProfile: development',
  'compose: compose.yaml',
  'services:',
  '  api: { command: x, dependsOn: { worker: started, migrate: completed } }',
  '  worker: { command: x, dependsOn: [redis] }',
  '  migrate: { command: x, dependsOn: [postgres] }',
  '',
].join('\n');
const COMPOSE = [
  'services:',
  '  postgres: { image: pg }',
  '  redis: { image: redis }',
  '  debug: { image: busybox, profiles: [debug], depends_on: [adminer] }',
  '  adminer: { image: adminer, profiles: [tools] }',
  '',
].join('\n');

describe('selectServices', () => {
  const config = async (native = NATIVE) => (await load({ 'stackpilot.yaml': native, 'compose.yaml': COMPOSE })).config!;

  it('a native profile brings in transitive dependencies, in topological order', async () => {
    const c = await config();
    assert.deepEqual(selectServices(c, { profile: 'development' }), {
      services: ['postgres', 'redis', 'worker', 'migrate', 'api'],
      errors: [],
    });
    assert.deepEqual(selectServices(c, { profile: 'minimal' }).services, ['postgres']);
  });

  it('no selection uses defaultProfile; "*" is everything', async () => {
    const c = await config();
    assert.deepEqual(selectServices(c, {}).services, selectServices(c, { profile: 'development' }).services);
    assert.deepEqual(new Set(selectServices(c, { profile: 'full' }).services), new Set(Object.keys(c.services)));
  });

  it('without defaultProfile, selects what a plain compose up starts (services without profiles)', async () => {
    const c = await config(NATIVE.replace('defaultProfile: development\n', ''));
    assert.deepEqual(selectServices(c, {}).services, ['postgres', 'redis', 'worker', 'migrate', 'api']);
  });

  it('a compose profile tag enables tagged services on top of the untagged ones, with their dependencies', async () => {
    const c = await config(NATIVE.replace('defaultProfile: development\n', ''));
    const sel = selectServices(c, { profile: 'debug' });
    assert.deepEqual(sel.errors, []);
    assert.deepEqual(new Set(sel.services), new Set(['postgres', 'redis', 'worker', 'migrate', 'api', 'debug', 'adminer']));
    assert.ok(sel.services.indexOf('adminer') < sel.services.indexOf('debug'));
  });

  it('an explicit list starts those services whatever their profiles', async () => {
    const c = await config();
    assert.deepEqual(selectServices(c, { services: ['debug', 'worker'] }).services, ['redis', 'adminer', 'debug', 'worker']);
  });

  it('unknown names give errors with suggestions', async () => {
    const c = await config();
    assert.deepEqual(selectServices(c, { profile: 'developmnt', services: ['wrker'] }).errors, [
      'Unknown profile `developmnt`. Did you mean `development`? Profiles of this stack: `minimal`, `development`, `full`, `debug`, `tools`.',
      'Unknown service `wrker`. Did you mean `worker`?',
    ]);
  });

  it('lists native profiles and compose tags', async () => {
    assert.deepEqual(listProfiles(await config()), ['minimal', 'development', 'full', 'debug', 'tools']);
  });
});
