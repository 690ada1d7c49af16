import { strict as assert } from 'node:assert';
import { supervisorOf, type SupervisorRecord } from '../../../src/core/engine/supervisorOf';

describe('supervisorOf (does a window leave a service to a `stackpilot up`?)', () => {
  const up = (pid: number, services: string[]): SupervisorRecord => ({ pid, startTime: '100', services, since: 0 });
  const records = [up(10, ['db', 'web']), up(20, ['api'])];
  const all = () => true;

  it('names the live supervisor that lists the service, docker or process alike', () => {
    assert.equal(supervisorOf('web', records, all), 'stackpilot up (pid 10)');
    assert.equal(supervisorOf('api', records, all), 'stackpilot up (pid 20)');
  });

  it('is undefined for a service no record lists, and when no records exist', () => {
    assert.equal(supervisorOf('worker', records, all), undefined);
    assert.equal(supervisorOf('web', [], all), undefined);
  });

  it('a supervisor that is gone (or whose pid now belongs to another process) does not count', () => {
    assert.equal(
      supervisorOf('web', records, (r) => r.pid !== 10),
      undefined,
    );
    assert.equal(
      supervisorOf('web', [up(10, ['web']), up(30, ['web'])], (r) => r.pid === 30),
      'stackpilot up (pid 30)',
    );
  });
});
