import { strict as assert } from 'node:assert';
import type { ServiceState, ServiceStatus } from '../../../src/core/engine/state';
import { dependencyRowText, serviceRowText } from '../../../src/core/editor/serviceRowText';
import { NOT_CHECKED_UNTRUSTED } from '../../../src/core/engine/restricted';
import { detailAfterState, stateWithDetail } from '../../../src/core/status/serviceStates';
import { statusOf } from '../statusOf';

const status = (state: ServiceState, more: Partial<ServiceStatus> = {}) => statusOf('db', state, more);
const probe = { ok: true, latencyMs: 3.2, detail: 'ok', at: 0 };

describe('tree rows: accessible names say each fact once', () => {
  it('never repeats the state ("db, healthy, healthy")', () => {
    assert.deepEqual(serviceRowText('db', 'healthy', status('healthy'), false), { description: 'healthy', ariaLabel: 'db, healthy' });
    assert.deepEqual(serviceRowText('db', 'stopped', undefined, false), { description: 'stopped', ariaLabel: 'db, stopped' });
  });

  it('adds latency and restarts after the state, once', () => {
    const t = serviceRowText('db', 'healthy', status('healthy', { lastProbe: probe, restarts: 2 }), false);
    assert.equal(t.description, 'healthy · 3 ms · 2 restarts');
    assert.equal(t.ariaLabel, 'db, healthy · 3 ms · 2 restarts');
    assert.equal(
      serviceRowText('db', 'exited', status('exited', { restarts: 1, lastProbe: probe }), false).ariaLabel,
      'db, exited · 1 restart',
      'no latency of a dead instance',
    );
    assert.equal(
      serviceRowText('db', 'healthy', status('healthy', { lastProbe: probe }), true).ariaLabel,
      'db, healthy',
      'a log probe has no latency',
    );
  });

  it('a paused (SIGSTOP) service says so instead of the latency of a probe that still passes', () => {
    const r = serviceRowText(
      'api',
      'unhealthy',
      status('unhealthy', { reason: 'paused (SIGSTOP)', lastProbe: { ok: true, latencyMs: 2, at: 0, detail: 'tcp ok' } }),
      false,
    );
    assert.equal(r.description, 'unhealthy · paused (SIGSTOP)');
    assert.equal(r.ariaLabel, 'api, unhealthy · paused (SIGSTOP)');
  });

  it('waiting names what it waits on, with the state word once', () => {
    const t = serviceRowText('api', 'waiting', status('waiting', { waitingOn: ['db (healthy)'] }), false);
    assert.deepEqual(t, { description: 'waiting on db (healthy)', ariaLabel: 'api, waiting on db (healthy)' });
  });

  it('dependency rows have their own name', () => {
    assert.deepEqual(dependencyRowText('db', 'healthy', 'starting'), {
      description: 'needs healthy · starting',
      ariaLabel: 'dependency db, needs healthy · starting',
    });
  });
});

describe('a state and its detail: no doubled word ("flaky exited exited with code 3")', () => {
  it("drops the detail's leading state word", () => {
    assert.equal(stateWithDetail('exited', 'exited with code 3'), 'exited with code 3');
    assert.equal(stateWithDetail('exited', 'killed by SIGKILL'), 'exited killed by SIGKILL');
    assert.equal(
      stateWithDetail('waiting', 'exited with code 3; restarting in 250 ms'),
      'waiting exited with code 3; restarting in 250 ms',
    );
    assert.equal(stateWithDetail('exited', 'exited'), 'exited');
    assert.equal(stateWithDetail('healthy', ''), 'healthy');
    assert.equal(detailAfterState('exited', 'exitedness'), 'exitedness', 'a word, not a prefix');
  });
});

describe('tree rows in Restricted Mode', () => {
  it('say what was not checked, the state once', () => {
    assert.equal(
      serviceRowText('db', 'stopped', status('stopped', { reason: NOT_CHECKED_UNTRUSTED }), false).ariaLabel,
      'db, stopped, not checked: workspace not trusted',
    );
    assert.equal(
      serviceRowText('db', 'running', status('running', { reason: NOT_CHECKED_UNTRUSTED }), false).ariaLabel,
      'db, running · not checked: workspace not trusted',
    );
  });
});
