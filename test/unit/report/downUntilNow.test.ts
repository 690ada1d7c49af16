import { strict as assert } from 'node:assert';
import type { StateTransition } from '../../../src/core/engine/state';
import { buildReport } from '../../../src/core/report/buildReport';
import type { LastRun } from '../../../src/core/report/LastRun';
import { statusOf } from '../statusOf';

const tr = (at: number, from: StateTransition['from'], to: StateTransition['to']): StateTransition => ({ at, from, to });

describe('report: a service that went down and stayed down', () => {
  // Started at 0, up at 1 s, exited (code 3) at 8 s; the report is made at 48 s, the run still on.
  const transitions = [tr(0, 'stopped', 'starting'), tr(1000, 'starting', 'running'), tr(8000, 'running', 'exited')];
  const run: LastRun = {
    version: 1,
    stack: 's',
    profile: null,
    selected: ['a', 'b'],
    mode: 'supervise',
    startedAt: 0,
    updatedAt: 9000,
    failures: [],
    services: [
      { name: 'a', kind: 'process', state: 'exited', restarts: 0, transitions },
      {
        name: 'b',
        kind: 'process',
        state: 'stopped',
        restarts: 0,
        transitions: [...transitions.slice(0, 2), tr(8000, 'running', 'stopped')],
      },
    ],
  };
  const report = (state: 'exited' | 'failed' | 'crash-looping') =>
    buildReport({
      stack: 's',
      profile: null,
      now: 48_000,
      statuses: [statusOf('a', state, { since: 8000, reason: 'exited with code 3' }), statusOf('b', 'stopped', { since: 8000 })],
      lastRun: run,
      history: [],
      skippedHistoryLines: 0,
    });

  it('counts down from the exit until the report (it read 100%, 0 ms down)', () => {
    for (const state of ['exited', 'failed', 'crash-looping'] as const) {
      const a = report(state).services.find((s) => s.name === 'a')!;
      assert.deepEqual([a.uptime.upMs, a.uptime.downMs, a.uptime.percent], [7000, 40_000, (100 * 7000) / 47_000], state);
      assert.equal(a.since, new Date(8000).toISOString());
    }
  });

  it('a service stopped on purpose still stops counting at its stop', () => {
    const b = report('exited').services.find((s) => s.name === 'b')!;
    assert.deepEqual([b.uptime.upMs, b.uptime.downMs, b.uptime.percent], [7000, 0, 100]);
  });
});
