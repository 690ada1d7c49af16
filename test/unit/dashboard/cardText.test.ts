import { strict as assert } from 'node:assert';
import type { ServiceCard } from '../../../src/shared/protocol';
import type { ServiceStatus } from '../../../src/core/engine/state';
import type { MetricsSnapshot } from '../../../src/core/metrics/snapshot';
import { UptimeTracker } from '../../../src/core/metrics/UptimeTracker';
import { dashboardModel } from '../../../src/core/status/dashboardModel';
import { emptySnapshot } from '../../../src/core/status/StackSnapshot';
import { cardActions, showsLivenessOnly, stateAgeText, tickText, uptimeText } from '../../../src/webview/cardText';

const card = (more: Partial<ServiceCard> = {}): ServiceCard => ({
  name: 'api',
  kind: 'process',
  state: 'healthy',
  detail: '',
  restarts: 0,
  since: 0,
  dependsOn: [],
  openable: false,
  ...more,
});

describe('dashboard cards: every figure true, every button fit', () => {
  it('an unhealthy service that runs (pid, cpu, memory) offers Stop and Restart, not Start; only what has ended offers Start', () => {
    assert.deepEqual(cardActions(card({ state: 'unhealthy' })), ['stop', 'restart', 'logs', 'debug', 'definition']);
    assert.deepEqual(cardActions(card({ state: 'starting', openable: true })), ['stop', 'restart', 'logs', 'debug', 'open', 'definition']);
    for (const state of ['stopped', 'completed', 'exited', 'failed', 'crash-looping'] as const)
      assert.deepEqual(cardActions(card({ state })), ['start', 'logs', 'debug', 'definition'], state);
    assert.deepEqual(cardActions(card({ kind: 'external', state: 'unhealthy', openable: true })), ['open', 'definition']);
    assert.deepEqual(cardActions(card({ kind: 'docker', state: 'healthy' })), ['stop', 'restart', 'logs', 'definition']);
  });

  it('"liveness only" only on a service that is up and running, never on a completed, exited or failed one', () => {
    const l = { livenessOnly: 'liveness only: no health check' };
    assert.equal(showsLivenessOnly(card({ state: 'running', ...l })), true);
    assert.equal(showsLivenessOnly(card({ state: 'healthy', ...l })), true);
    for (const state of ['completed', 'exited', 'failed', 'stopped', 'starting', 'crash-looping'] as const)
      assert.equal(showsLivenessOnly(card({ state, ...l })), false, state);
    assert.equal(showsLivenessOnly(card({ state: 'running' })), false);
  });

  it('"completed for N s" advances with the clock, not frozen at the moment the card was drawn', () => {
    const c = card({ state: 'completed', since: 1_000 });
    assert.equal(stateAgeText(c, 2_000), 'completed for 1 s');
    assert.equal(tickText('age', c, 26_000), 'completed for 25 s');
    assert.equal(stateAgeText(card({ state: 'stopped', since: 1_000 }), 9_000), '');
  });

  it('uptime says the time it is a share of: "of 6 s" while the hour fills, "of 1 h" once full; never rounded up to 100%', () => {
    const hour = 3_600_000;
    const filling = card({ uptimePercent: 100, uptimeWindowMs: hour, uptimeFrom: 10_000 });
    assert.equal(uptimeText(filling, 16_000), 'up 100% of 6 s');
    assert.equal(tickText('uptime', filling, 70_000), 'up 100% of 1 min');
    assert.equal(uptimeText(filling, 10_000 + 2 * hour), 'up 100% of 1 h', 'capped at the window');
    assert.equal(uptimeText(card({ uptimePercent: 99.5, uptimeWindowMs: hour, uptimeObservedMs: hour }), 0), 'up 99.50% of 1 h');
    assert.equal(uptimeText(card({ uptimePercent: 99.999, uptimeWindowMs: hour, uptimeObservedMs: 5_000 }), 0), 'up 99.99% of 5 s');
    assert.equal(uptimeText(card(), 0), '');
  });

  it('the model sends when counting began while the window fills (stable, so cards are not re-sent every second), the window once full', () => {
    const u = new UptimeTracker(60_000);
    u.set('up', 1_000);
    assert.deepEqual(u.observed(7_000), { ms: 6_000, growing: true });
    assert.equal(u.window(7_000), 100);
    assert.deepEqual(u.observed(100_000), { ms: 60_000, growing: true });
    u.set('ignored', 100_000);
    assert.deepEqual(u.observed(101_000), { ms: 59_000, growing: false });

    const config = {
      name: 's',
      root: '/',
      profiles: {},
      services: { api: { name: 'api', kind: 'process', dependsOn: [], ports: [] } },
    } as never;
    const st: ServiceStatus = {
      name: 'api',
      kind: 'process',
      state: 'running',
      since: 1_000,
      waitingOn: [],
      restarts: 0,
      adopted: false,
      transitions: [],
    };
    const metrics = (at: number, observed: number): MetricsSnapshot =>
      ({
        at,
        startedAt: 0,
        host: {},
        slowCollectors: {},
        services: [
          {
            name: 'api',
            state: 'running',
            since: 1_000,
            restarts: 0,
            timeInState: {},
            uptime: {
              upMs: observed,
              downMs: 0,
              windowPercent: 99.996,
              windowMs: 3_600_000,
              windowObservedMs: observed,
              windowGrowing: true,
              target: 99,
            },
            probe: { latency: {} },
            errorRatePerMin: 0,
            errorLines: 0,
          },
        ],
      }) as never;
    const snap = { ...emptySnapshot, config, selected: ['api'], statuses: [st] };
    const a = dashboardModel(snap, metrics(7_000, 6_000)).services[0];
    const b = dashboardModel(snap, metrics(8_000, 7_000)).services[0];
    assert.deepEqual(a, b, 'the same card a second later');
    assert.equal(a.uptimeFrom, 1_000);
    assert.equal(a.uptimePercent, 99.99);
    assert.equal(uptimeText(a, 7_000), 'up 99.99% of 6 s');
    const full = dashboardModel(snap, metrics(4_000_000, 3_600_000)).services[0];
    assert.equal(full.uptimeObservedMs, 3_600_000);
    assert.equal(uptimeText(full, 4_000_000), 'up 99.99% of 1 h');
  });
});
