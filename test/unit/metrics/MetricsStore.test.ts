import { strict as assert } from 'node:assert';
import { MetricsStore } from '../../../src/core/metrics/MetricsStore';
import { UptimeTracker } from '../../../src/core/metrics/UptimeTracker';
import { stateEvent } from './events';

describe('metrics: MetricsStore from engine events', () => {
  it('a service started again after it went down stays down while it waits and starts (one incident, not two)', () => {
    const m = new MetricsStore(['db'], { slaTarget: 99, uptimeWindowMs: 60_000 }, 0);
    m.handle(stateEvent('db', 'stopped', 'waiting', 0));
    assert.equal(m.value('up', 'db', 0), undefined, 'waiting on the first start is not downtime');
    m.handle(stateEvent('db', 'waiting', 'starting', 10));
    m.handle(stateEvent('db', 'starting', 'healthy', 100));
    m.handle(stateEvent('db', 'healthy', 'exited', 1000));
    m.handle(stateEvent('db', 'exited', 'waiting', 2000));
    assert.equal(m.value('up', 'db', 2000), 0, 'Start pressed: still down until it is up');
    m.handle(stateEvent('db', 'waiting', 'starting', 2010));
    assert.equal(m.value('up', 'db', 2010), 0);
    m.handle(stateEvent('db', 'starting', 'healthy', 2500));
    assert.equal(m.value('up', 'db', 2500), 1);
  });

  it('a job that completed and is started again (Start on a running stack) is not down while it waits and starts', () => {
    const m = new MetricsStore(['migrate'], { slaTarget: 99, uptimeWindowMs: 60_000 }, 0);
    m.handle(stateEvent('migrate', 'stopped', 'starting', 0));
    m.handle(stateEvent('migrate', 'starting', 'running', 10));
    m.handle(stateEvent('migrate', 'running', 'completed', 200));
    assert.equal(m.value('up', 'migrate', 200), 1);
    assert.equal(m.isCompleted('migrate'), true);
    m.handle(stateEvent('migrate', 'completed', 'waiting', 1000));
    assert.equal(m.value('up', 'migrate', 1000), undefined, 'a new run of the job, not an outage');
    assert.equal(m.isDown('migrate'), false);
    m.handle(stateEvent('migrate', 'waiting', 'starting', 1010));
    assert.equal(m.value('up', 'migrate', 1010), undefined);
    m.handle(stateEvent('migrate', 'starting', 'running', 1020));
    m.handle(stateEvent('migrate', 'running', 'completed', 1200));
    assert.equal(m.value('up', 'migrate', 1200), 1);
    // A re-run that fails after it ran is still seen (running counts as up, as on the first run).
    m.handle(stateEvent('migrate', 'completed', 'starting', 2000));
    m.handle(stateEvent('migrate', 'starting', 'running', 2010));
    m.handle(stateEvent('migrate', 'running', 'exited', 2100));
    assert.equal(m.value('up', 'migrate', 2100), 0);
  });

  it('tracks up/down, restarts, time in each state and uptime against the SLA target', () => {
    const m = new MetricsStore(['api'], { slaTarget: 99, uptimeWindowMs: 60_000 }, 0);
    m.handle(stateEvent('api', 'stopped', 'starting', 0));
    assert.equal(m.value('up', 'api', 0), undefined, 'first start is not downtime');
    m.handle(stateEvent('api', 'starting', 'healthy', 1000));
    assert.equal(m.value('up', 'api', 1000), 1);
    m.handle(stateEvent('api', 'healthy', 'exited', 91_000));
    assert.equal(m.value('up', 'api', 91_000), 0);
    assert.ok(m.isDown('api'));
    m.handle(stateEvent('api', 'exited', 'starting', 92_000, 1));
    assert.equal(m.value('up', 'api', 92_000), 0, 'a restart after being up is downtime');
    m.handle(stateEvent('api', 'starting', 'healthy', 101_000, 1));
    const s = m.snapshot(121_000).services[0];
    assert.equal(s.restarts, 1);
    assert.deepEqual(s.timeInState, { stopped: 0, starting: 10_000, healthy: 110_000, exited: 1000 });
    assert.equal(s.uptime.upMs, 110_000);
    assert.equal(s.uptime.downMs, 10_000);
    assert.equal(Math.round(s.uptime.sinceStartPercent! * 100) / 100, 91.67);
    // window: last 60 s = 61..121 s: down 91..101 (10 s) -> 83.3%
    assert.equal(Math.round(s.uptime.windowPercent! * 10) / 10, 83.3);
    assert.equal(s.uptime.meetsTarget, false);
    assert.equal(s.uptime.target, 99);
  });

  it('stopping on purpose is not downtime', () => {
    const u = new UptimeTracker(10_000);
    u.set('up', 0);
    u.set('ignored', 5000);
    assert.equal(u.total(100_000).percent, 100);
    assert.equal(u.window(100_000), undefined);
  });

  it('records probe latency percentiles, samples, and the error-log rate by pattern', () => {
    const m = new MetricsStore(['api', 'db'], { errorPatterns: { db: /PANIC/ }, memoryLimits: { api: 1000 } }, 0);
    m.handle(stateEvent('api', 'stopped', 'healthy', 0));
    for (let i = 1; i <= 100; i++) m.handle({ type: 'probe', service: 'api', result: { ok: true, latencyMs: i, at: i * 100, detail: '' } });
    const lines = ['ERROR boom', 'all good', 'FATAL x', 'PANIC y'];
    for (const text of lines)
      for (const svc of ['api', 'db']) m.handle({ type: 'log', line: { service: svc, stream: 'stdout', text, at: 5000 } });
    m.handle({ type: 'log', line: { service: 'api', stream: 'system', text: 'ERROR from stackpilot itself', at: 5000 } });
    m.sampleService('api', 6000, { cpuPercent: 42, rssBytes: 850 });
    const [api, db] = m.snapshot(6000).services;
    assert.equal(api.probe.latency.count, 100);
    assert.ok(Math.abs(api.probe.latency.p95! - 95) <= 5);
    assert.equal(api.errorRatePerMin, 3); // ERROR, FATAL, PANIC
    assert.equal(db.errorRatePerMin, 1);
    assert.equal(api.cpuPercent, 42);
    assert.equal(api.memoryPercent, 85);
    assert.equal(m.value('probe_latency_ms', 'api', 6000), 100);
    assert.equal(m.baseline('probe_latency_ms', 'api', 0.5, 10), 50);
    assert.equal(m.series('cpu_percent', 'api', 0, 6000).length, 1);
  });

  it('host samples derive free-memory and free-disk percentages', () => {
    const m = new MetricsStore([], {}, 0);
    m.sampleHost(1000, { cpuPercent: 12, memAvailableMb: 1024, memTotalMb: 4096, diskFreeBytes: 5, diskTotalBytes: 100 });
    assert.equal(m.value('disk_free_percent', undefined, 1000), 5);
    assert.equal(m.value('host_memory_available_percent', undefined, 1000), 25);
    assert.equal(m.snapshot(1000).host.cpuPercent, 12);
  });
});
