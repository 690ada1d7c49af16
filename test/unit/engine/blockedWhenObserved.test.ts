import { strict as assert } from 'node:assert';
import { blockedWhenObserved } from '../../../src/core/engine/blockedWhenObserved';
import { statusOf } from '../statusOf';
import { dep, svc } from './fakes';

const st = statusOf;
const specs = {
  web: svc('web'),
  worker: svc('worker', { dependsOn: [dep('web', 'healthy')] }),
  mailer: svc('mailer', { dependsOn: [dep('worker')] }),
  extra: svc('extra', { dependsOn: [dep('web', 'healthy')] }),
};
const all = ['web', 'worker', 'mailer', 'extra'];

describe('blockedWhenObserved: status says of a never-started dependent what up said (failed, blocked)', () => {
  it('a dependent of a failed service, and its own dependents, are failed (blocked) with the engine words', () => {
    const out = blockedWhenObserved(
      [st('web', 'unhealthy', { pid: 5, reason: 'tcp 127.0.0.1:1 refused after 1 ms' }), st('worker', 'stopped'), st('mailer', 'stopped')],
      specs,
      () => true,
      all,
    );
    assert.deepEqual(
      out.map((s) => `${s.name} ${s.state} ${s.reason ?? ''}`),
      [
        'web unhealthy tcp 127.0.0.1:1 refused after 1 ms',
        'worker failed blocked: dependency web failed (unhealthy: tcp 127.0.0.1:1 refused after 1 ms)',
        'mailer failed blocked: dependency worker failed (blocked: dependency web failed (unhealthy: tcp 127.0.0.1:1 refused after 1 ms))',
      ],
    );
  });

  it('a dependent of a stopped service stays stopped; one outside the selection is left alone', () => {
    const stopped = blockedWhenObserved([st('web', 'stopped'), st('worker', 'stopped')], specs, () => true, all);
    assert.deepEqual(
      stopped.map((s) => s.state),
      ['stopped', 'stopped'],
    );
    const outside = blockedWhenObserved(
      [st('web', 'exited', { reason: 'exited with code 1' }), st('extra', 'stopped')],
      specs,
      () => true,
      ['web'],
    );
    assert.equal(outside[1]!.state, 'stopped');
  });
});
