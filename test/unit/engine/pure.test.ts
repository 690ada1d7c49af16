import { strict as assert } from 'node:assert';
import { backoffDelay } from '../../../src/core/engine/backoff';
import { evaluateDependencies } from '../../../src/core/engine/conditions';
import { LogBuffer } from '../../../src/core/engine/LogBuffer';
import { decideRestart } from '../../../src/core/engine/restartDecision';
import type { ServiceStatus } from '../../../src/core/engine/state';
import { dep, logLine, svc } from './fakes';
import { statusOf } from '../statusOf';

const spec = { policy: 'on-failure' as const, backoffInitial: 100, backoffMax: 1000, crashLoopCount: 5, crashLoopWindow: 60_000 };
const fail = { code: 1, signal: null, at: 0 };
const clean = { code: 0, signal: null, at: 0 };

describe('engine: pure pieces', () => {
  it('backoff doubles from backoffInitial up to backoffMax, with bounded jitter', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, spec, () => 0.5)),
      [100, 200, 400, 800, 1000, 1000],
    );
    assert.equal(
      backoffDelay(0, spec, () => 0),
      80,
    );
    assert.equal(
      backoffDelay(0, spec, () => 0.999),
      120,
    );
    assert.equal(
      backoffDelay(9, spec, () => 0.999),
      1000,
    );
  });

  it('restart policies: no, on-failure (maxRetries), always, crash loop within the window', () => {
    const h = { restarts: 0, restartTimes: [], now: 1000 };
    assert.deepEqual(decideRestart({ ...spec, policy: 'no' }, fail, h), { action: 'stay' });
    assert.deepEqual(decideRestart(spec, clean, h), { action: 'stay' });
    assert.equal(decideRestart(spec, fail, h, () => 0.5).action, 'restart');
    assert.deepEqual(decideRestart({ ...spec, maxRetries: 2 }, fail, { ...h, restarts: 2 }), { action: 'stay', gaveUp: 2 });
    assert.deepEqual(
      decideRestart({ ...spec, policy: 'always' }, clean, h, () => 0.5),
      { action: 'restart', delayMs: 100 },
    );
    assert.deepEqual(
      decideRestart({ ...spec, policy: 'unless-stopped' }, fail, { ...h, restartTimes: [900, 950] }, () => 0.5),
      { action: 'restart', delayMs: 400 },
    );
    const five = [1, 2, 3, 4, 5];
    assert.deepEqual(decideRestart(spec, fail, { restarts: 5, restartTimes: five, now: 1000 }), { action: 'crash-loop', recent: 5 });
    // Restarts older than the window no longer count, and the backoff starts over.
    assert.deepEqual(
      decideRestart(spec, fail, { restarts: 5, restartTimes: five, now: 70_000 }, () => 0.5),
      { action: 'restart', delayMs: 100 },
    );
  });

  it('dependency conditions: started, healthy (with and without a health check), completed, optional, blocked', () => {
    const st = statusOf;
    const views: Record<string, { status: ServiceStatus; hasHealthCheck: boolean }> = {
      db: { status: st('db', 'starting', { instanceId: 'pid:1' }), hasHealthCheck: true },
      cache: { status: st('cache', 'running'), hasHealthCheck: false },
      migrate: { status: st('migrate', 'running'), hasHealthCheck: false },
      broken: { status: st('broken', 'exited', { reason: 'exited with code 1' }), hasHealthCheck: false },
    };
    const lookup = (n: string) => views[n];
    assert.deepEqual(evaluateDependencies(svc('a', { dependsOn: [dep('db', 'started')] }), lookup), { waitingOn: [], notes: [] });
    assert.deepEqual(evaluateDependencies(svc('a', { dependsOn: [dep('db', 'healthy'), dep('migrate', 'completed')] }), lookup).waitingOn, [
      'db (healthy)',
      'migrate (completed)',
    ]);
    const v = evaluateDependencies(svc('a', { dependsOn: [dep('cache', 'healthy')] }), lookup);
    assert.deepEqual(v.waitingOn, []);
    assert.match(v.notes[0], /cache has no health check/);
    assert.deepEqual(evaluateDependencies(svc('a', { dependsOn: [dep('broken', 'healthy')] }), lookup).blocked, {
      service: 'broken',
      reason: 'exited with code 1',
    });
    assert.deepEqual(evaluateDependencies(svc('a', { dependsOn: [dep('broken', 'healthy', false)] }), lookup), {
      waitingOn: [],
      notes: [],
    });
    views.db.status = st('db', 'waiting', { reason: 'restarting in 1 s' });
    assert.deepEqual(evaluateDependencies(svc('a', { dependsOn: [dep('db', 'started')] }), lookup).waitingOn, ['db (started)']);
  });

  it('log buffer keeps the last lines, oldest first', () => {
    const b = new LogBuffer(3);
    for (const t of ['1', '2', '3', '4', '5']) b.push(logLine('s', t));
    assert.deepEqual(
      b.lines().map((l) => l.text),
      ['3', '4', '5'],
    );
  });
});
