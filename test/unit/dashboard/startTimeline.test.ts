import { strict as assert } from 'node:assert';
import type { ServiceState, ServiceStatus } from '../../../src/core/engine/state';
import { startTimeline } from '../../../src/core/timeline/startTimeline';

/** A status with transitions given as [to, at] pairs, starting from stopped. */
function status(name: string, steps: [ServiceState, number][]): ServiceStatus {
  let from: ServiceState = 'stopped';
  const transitions = steps.map(([to, at]) => {
    const t = { from, to, at };
    from = to;
    return t;
  });
  return {
    name,
    kind: 'process',
    state: from,
    since: steps[steps.length - 1]?.[1] ?? 0,
    waitingOn: [],
    restarts: 0,
    adopted: false,
    transitions,
  };
}

const deps: Record<string, string[]> = { db: [], cache: [], migrate: ['db'], api: ['db', 'cache', 'migrate'], worker: ['api'] };
const dep = (n: string) => deps[n] ?? [];

describe('dashboard: start-up timeline (Gantt model)', () => {
  const statuses = [
    status('db', [
      ['starting', 1000],
      ['healthy', 1400],
    ]),
    status('cache', [
      ['starting', 1000],
      ['healthy', 1150],
    ]),
    status('migrate', [
      ['waiting', 1000],
      ['starting', 1401],
      ['completed', 1600],
    ]),
    status('api', [
      ['waiting', 1000],
      ['starting', 1602],
      ['healthy', 1900],
    ]),
    status('worker', [
      ['waiting', 1000],
      ['starting', 1901],
      ['running', 1905],
    ]),
  ];

  it('adopting services an earlier run left running is not a start', () => {
    const adopted = (name: string): ServiceStatus => {
      const s = status(name, [
        ['running', 5000],
        ['healthy', 5001],
      ]);
      s.transitions[0] = { ...s.transitions[0], reason: 'adopted from an earlier run' };
      return { ...s, adopted: true };
    };
    assert.equal(startTimeline([adopted('db'), adopted('api')], dep), undefined);
    // A later real start of one of them is shown.
    const restarted = adopted('db');
    restarted.transitions.push(
      { from: 'healthy', to: 'stopped', at: 6000 },
      { from: 'stopped', to: 'starting', at: 6100 },
      { from: 'starting', to: 'healthy', at: 6400 },
    );
    assert.deepEqual(
      startTimeline([restarted, adopted('api')], dep)?.rows.map((r) => [r.service, r.startedAt, r.readyAt]),
      [['db', 6100, 6400]],
    );
  });

  it('gives each service its waiting, starting and ready times and the critical path through the gating dependencies', () => {
    const t = startTimeline(statuses, dep, { previousMs: [1000, 1200], plannedMs: 880 })!;
    assert.equal(t.startedAt, 1000);
    assert.equal(t.readyAt, 1905);
    assert.deepEqual(t.criticalPath, ['db', 'migrate', 'api', 'worker']);
    assert.equal(t.criticalPathMs, 905);
    assert.deepEqual(t.previousMs, [1000, 1200]);
    assert.equal(t.plannedMs, 880);
    const api = t.rows.find((r) => r.service === 'api')!;
    assert.deepEqual({ q: api.queuedAt, s: api.startedAt, r: api.readyAt, c: api.critical }, { q: 1000, s: 1602, r: 1900, c: true });
    assert.equal(t.rows.find((r) => r.service === 'cache')!.critical, false);
    assert.deepEqual(
      t.rows.map((r) => r.service),
      ['cache', 'db', 'migrate', 'api', 'worker'].sort(
        (a, b) => t.rows.find((r) => r.service === a)!.startedAt! - t.rows.find((r) => r.service === b)!.startedAt! || a.localeCompare(b),
      ),
    );
  });

  it('keeps showing the start of the whole stack when one service is restarted later', () => {
    const later = statuses.map((s) =>
      s.name === 'worker'
        ? status('worker', [
            ['waiting', 1000],
            ['starting', 1901],
            ['running', 1905],
            ['stopping', 9000],
            ['stopped', 9010],
            ['starting', 9020],
            ['running', 9030],
          ])
        : s,
    );
    const t = startTimeline(later, dep)!;
    assert.equal(t.startedAt, 1000);
    assert.equal(t.rows.length, 5);
    assert.equal(t.rows.find((r) => r.service === 'worker')!.readyAt, 1905);
  });

  it('marks a failure and leaves the stack not ready; a start still under way has no ready time', () => {
    const failing = statuses.map((s) =>
      s.name === 'migrate'
        ? status('migrate', [
            ['waiting', 1000],
            ['starting', 1401],
            ['exited', 1500],
          ])
        : s.name === 'api' || s.name === 'worker'
          ? status(s.name, [['waiting', 1000]])
          : s,
    );
    const t = startTimeline(failing, dep)!;
    assert.equal(t.readyAt, undefined);
    assert.equal(t.rows.find((r) => r.service === 'migrate')!.failedAt, 1500);
    assert.equal(t.rows.find((r) => r.service === 'api')!.startedAt, undefined);
    assert.deepEqual(t.criticalPath, ['db']);
  });

  it('is undefined when nothing was started', () => {
    assert.equal(startTimeline([status('db', [])], dep), undefined);
  });
});
