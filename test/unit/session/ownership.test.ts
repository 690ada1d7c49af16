import { strict as assert } from 'node:assert';
import type { ServiceStatus } from '../../../src/core/engine/state';
import { parseHandOver, runningInstances, takenOver } from '../../../src/core/session/ownership';
import { parseWatchdogMessage } from '../../../src/infra/session/watchdogProtocol';

const status = (name: string, instanceId?: string, kind: ServiceStatus['kind'] = 'process'): ServiceStatus =>
  ({ name, kind, state: 'running', since: 0, waitingOn: [], restarts: 0, adopted: true, transitions: [], instanceId }) as ServiceStatus;

describe('ownership of what a window adopts', () => {
  it('with stopOnClose, a window takes over what an earlier window left', () => {
    assert.deepEqual(takenOver([status('db', 'c1'), status('api', '41')], [], true), ['db', 'api']);
  });
  it('never an instance `up --wait` left running on purpose; a restarted one (new instance) is the window’s', () => {
    const detached = [
      { service: 'db', instanceId: 'c1' },
      { service: 'api', instanceId: '40' },
    ];
    assert.deepEqual(takenOver([status('db', 'c1'), status('api', '41')], detached, true), ['api']);
  });
  it('an instance id of another service does not count', () => {
    assert.deepEqual(takenOver([status('db', 'x')], [{ service: 'api', instanceId: 'x' }], true), ['db']);
  });
  it('without stopOnClose nothing is taken (the user keeps the stack beyond the window)', () => {
    assert.deepEqual(takenOver([status('db', 'c1')], [], false), []);
  });
  it('records running instances only, never external services', () => {
    assert.deepEqual(runningInstances([status('db', 'c1'), status('ext', 'e', 'external'), status('gone')]), [
      { service: 'db', instanceId: 'c1' },
    ]);
  });
  it('a hand-over file is checked: malformed entries dropped, junk and huge text are none', () => {
    assert.deepEqual(
      parseHandOver('{"instances":[{"service":"db","instanceId":"c1"},{"service":1},{"service":"x","instanceId":""},null]}'),
      [{ service: 'db', instanceId: 'c1' }],
    );
    assert.deepEqual(parseHandOver('not json'), []);
    assert.deepEqual(parseHandOver('{"instances":{}}'), []);
    assert.deepEqual(parseHandOver(' '.repeat(1_000_001)), []);
  });
});

describe('watchdog messages (what a supervisor tells its watchdog)', () => {
  const init = {
    type: 'init',
    stackId: 'abc',
    project: 'p',
    stateDir: '/s',
    supervisor: { pid: 1234, startTime: '99', what: 'stackpilot up' },
  };
  it('parses init, own and release', () => {
    assert.deepEqual(parseWatchdogMessage(JSON.stringify(init)), init);
    assert.deepEqual(parseWatchdogMessage('{"type":"own","services":[{"service":"db","kind":"docker","graceMs":1500}]}'), {
      type: 'own',
      services: [{ service: 'db', kind: 'docker', graceMs: 1500 }],
    });
    assert.deepEqual(parseWatchdogMessage('{"type":"release"}'), { type: 'release' });
  });
  it('refuses what it must not act on: pid 0/1, a start time that is not a number, external services, unknown types', () => {
    assert.equal(parseWatchdogMessage(JSON.stringify({ ...init, supervisor: { ...init.supervisor, pid: 1 } })), undefined);
    assert.equal(parseWatchdogMessage(JSON.stringify({ ...init, supervisor: { ...init.supervisor, startTime: '1; rm' } })), undefined);
    assert.equal(parseWatchdogMessage('{"type":"own","services":[{"service":"x","kind":"external","graceMs":1}]}'), undefined);
    assert.equal(parseWatchdogMessage('{"type":"kill","pid":1}'), undefined);
    assert.equal(parseWatchdogMessage('{'), undefined);
  });
  it('bounds the grace period (0 to 10 min; 10 s when not a number)', () => {
    const own = (g: unknown) =>
      parseWatchdogMessage(JSON.stringify({ type: 'own', services: [{ service: 's', kind: 'process', graceMs: g }] }));
    assert.deepEqual(own(-5), { type: 'own', services: [{ service: 's', kind: 'process', graceMs: 0 }] });
    assert.deepEqual(own(1e12), { type: 'own', services: [{ service: 's', kind: 'process', graceMs: 600_000 }] });
    assert.deepEqual(own('x'), { type: 'own', services: [{ service: 's', kind: 'process', graceMs: 10_000 }] });
  });
});
