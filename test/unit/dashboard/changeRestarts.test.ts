import { strict as assert } from 'node:assert';
import type { ServiceState, ServiceStatus, StateTransition } from '../../../src/core/engine/state';
import { changeRestarts, MAX_CHANGE_RESTARTS } from '../../../src/core/timeline/changeRestarts';
import { startTimeline } from '../../../src/core/timeline/startTimeline';
import { changeRestartText } from '../../../src/webview/changeRestartText';

/** Transitions as [to, at, reason?] steps from stopped, as the engine records them. */
function status(name: string, steps: [ServiceState, number, string?][]): ServiceStatus {
  let from: ServiceState = 'stopped';
  const transitions: StateTransition[] = steps.map(([to, at, reason]) => {
    const t: StateTransition = { from, to, at, ...(reason ? { reason } : {}) };
    from = to;
    return t;
  });
  return { name, kind: 'process', state: from, since: steps.at(-1)?.[1] ?? 0, waitingOn: [], restarts: 0, adopted: false, transitions };
}

const saved = 'restarting · src/app.ts changed';

describe('dashboard: watch restarts marked on the timeline', () => {
  it('one mark per restart for a change, from the stop to up again; the transitions of one restart are not counted twice', () => {
    const api = status('api', [
      ['starting', 1000],
      ['healthy', 1300],
      // A save: the engine marks the stop and the start of the restart with the reason.
      ['stopping', 5000, saved],
      ['stopped', 5040, saved],
      ['starting', 5041, saved],
      ['healthy', 5600],
      // A plain Restart (no reason) is not marked.
      ['stopping', 9000, 'restart requested'],
      ['stopped', 9010, 'restart requested'],
      ['starting', 9011],
      ['healthy', 9300],
    ]);
    assert.deepEqual(changeRestarts([api]), [{ service: 'api', at: 5000, reason: 'src/app.ts changed', readyAt: 5600 }]);
  });

  it('a restart that crashes is marked failed; one still under way has neither end; restartWith dependents are marked with their cause', () => {
    const api = status('api', [
      ['starting', 1000],
      ['healthy', 1300],
      ['stopping', 2000, saved],
      ['stopped', 2010, saved],
      ['starting', 2011, saved],
      ['exited', 2400, 'exited with code 1'],
      // Crashed, then saved again (the save may be the fix): from exited straight to stopped.
      ['stopped', 3000, 'restarting · src/app.ts and 1 more changed'],
      ['starting', 3001, 'restarting · src/app.ts and 1 more changed'],
    ]);
    const worker = status('worker', [
      ['running', 1400],
      ['stopping', 2500, 'restarting · api restarted'],
      ['stopped', 2510, 'restarting · api restarted'],
      ['starting', 2511, 'restarting · api restarted'],
      ['running', 2520],
    ]);
    assert.deepEqual(changeRestarts([worker, api]), [
      { service: 'api', at: 2000, reason: 'src/app.ts changed', failedAt: 2400 },
      { service: 'worker', at: 2500, reason: 'api restarted', readyAt: 2520 },
      { service: 'api', at: 3000, reason: 'src/app.ts and 1 more changed' },
    ]);
  });

  it('a restart stopped by someone else before it came back ends there; the list keeps the newest marks only', () => {
    const api = status('api', [
      ['running', 100],
      ['stopping', 200, saved],
      ['stopped', 210, saved],
      ['starting', 211, saved],
      ['stopping', 250, 'stopped by the user'],
      ['stopped', 260],
      ['starting', 300],
      ['running', 400],
    ]);
    assert.deepEqual(changeRestarts([api]), [{ service: 'api', at: 200, reason: 'src/app.ts changed' }]);
    const steps: [ServiceState, number, string?][] = [['running', 1]];
    for (let i = 0; i < MAX_CHANGE_RESTARTS + 5; i++)
      steps.push(['stopping', 10 + i * 10, `restarting · f${i}.ts changed`], ['running', 15 + i * 10]);
    const marks = changeRestarts([status('w', steps)]);
    assert.equal(marks.length, MAX_CHANGE_RESTARTS);
    assert.equal(marks.at(-1)!.reason, `f${MAX_CHANGE_RESTARTS + 4}.ts changed`);
  });

  it('rides on the start timeline the dashboard is sent, which still shows the start of the whole stack', () => {
    const db = status('db', [
      ['starting', 1000],
      ['healthy', 1200],
    ]);
    const api = status('api', [
      ['waiting', 1000],
      ['starting', 1201],
      ['healthy', 1500],
      ['stopping', 8000, saved],
      ['stopped', 8010, saved],
      ['starting', 8011, saved],
      ['healthy', 8400],
    ]);
    const t = startTimeline([db, api], (n) => (n === 'api' ? ['db'] : []))!;
    assert.equal(t.startedAt, 1000);
    assert.equal(t.readyAt, 1500);
    assert.deepEqual(t.changeRestarts, [{ service: 'api', at: 8000, reason: 'src/app.ts changed', readyAt: 8400 }]);
    assert.equal(startTimeline([db], () => [])!.changeRestarts, undefined);
  });

  it('reads as the tree says it: the change, then how it ended', () => {
    assert.equal(
      changeRestartText({ service: 'api', at: 0, reason: 'src/app.ts changed', readyAt: 640 }, 9999),
      'src/app.ts changed → up again in 640 ms',
    );
    assert.equal(
      changeRestartText({ service: 'api', at: 0, reason: 'src/app.ts changed', failedAt: 1200 }, 9999),
      'src/app.ts changed → failed after 1.20 s',
    );
    assert.equal(changeRestartText({ service: 'api', at: 1000, reason: 'api restarted' }, 1300), 'api restarted → restarting for 300 ms');
  });
});
