import { strict as assert } from 'node:assert';
import type { AlertHistory, AlertHistoryEntry } from '../../../src/core/alerts/AlertHistory';
import { parseHistory } from '../../../src/core/alerts/AlertHistory';
import type { AlertEvent } from '../../../src/core/alerts/model';
import type { StackConfig } from '../../../src/core/config/model';
import type { EngineEvent, ServiceStatus } from '../../../src/core/engine/state';
import type { Clock, Disposable } from '../../../src/core/ports';
import { createMonitor, type MonitoredEngine } from '../../../src/infra/metrics/createMonitor';
import { processSpec } from '../../integration/testKit';
import { stateEvent } from './events';

class ManualClock implements Clock {
  t = 0;
  timers: { at: number; fn: () => void }[] = [];
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): Disposable {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return { dispose: () => (this.timers = this.timers.filter((x) => x !== timer)) };
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}

class FakeEngine implements MonitoredEngine {
  listeners = new Set<(e: EngineEvent) => void>();
  statuses: ServiceStatus[] = [];
  onEvent(l: (e: EngineEvent) => void): Disposable {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }
  status(): ServiceStatus[] {
    return this.statuses;
  }
  emit(e: EngineEvent): void {
    for (const l of this.listeners) l(e);
  }
}

const stack: StackConfig = {
  name: 't',
  root: '/tmp',
  files: [],
  profiles: {},
  extensions: { alerts: { defaults: { 'host-memory-low': false, 'disk-low': false } } },
  services: { db: processSpec('db'), api: processSpec('api', { dependsOn: [{ service: 'db', condition: 'healthy', required: true }] }) },
};

describe('createMonitor (fake engine, manual clock)', () => {
  it('a crash fires service-down at once, the dependent is inhibited, history records every transition', async () => {
    const clock = new ManualClock();
    const engine = new FakeEngine();
    const entries: AlertHistoryEntry[] = [];
    const history: AlertHistory = {
      append: (e) => entries.push(e),
      read: async () => ({ entries, skipped: [] }),
      flush: async () => undefined,
    };
    const m = createMonitor(engine, stack, { clock, history, collectors: () => [] });
    const heard: AlertEvent[] = [];
    m.onAlert((e) => heard.push(e));
    for (const s of ['db', 'api']) engine.emit(stateEvent(s, 'starting', 'healthy', 0));
    clock.advance(5000);
    clock.t = 5500;
    engine.emit(stateEvent('db', 'healthy', 'exited', 5500));
    engine.emit(stateEvent('api', 'healthy', 'unhealthy', 5500));
    await Promise.resolve();
    assert.deepEqual(
      heard.map((e) => `${e.at} ${e.kind} ${e.alert.key}`),
      ['5500 firing service-down/db'],
    );
    assert.deepEqual(m.snapshot().alerts.find((a) => a.service === 'api')?.inhibitedBy, ['db']);
    engine.emit(stateEvent('db', 'exited', 'healthy', 7000));
    engine.emit(stateEvent('api', 'unhealthy', 'healthy', 7000));
    clock.advance(2000);
    assert.deepEqual(
      heard.map((e) => `${e.kind} ${e.alert.key}`),
      ['firing service-down/db', 'resolved service-down/db'],
    );
    assert.deepEqual(
      entries.map((e) => `${e.kind} ${e.key}${e.notify ? '' : ' quiet'}`),
      [
        'pending service-down/db quiet',
        'pending service-down/api quiet',
        'firing service-down/db',
        'firing service-down/api quiet',
        'resolved service-down/db',
        'resolved service-down/api quiet',
      ],
    );
    const snap = m.snapshot().metrics.services.find((s) => s.name === 'db')!;
    assert.equal(snap.uptime.downMs, 1500);
    m.dispose();
    assert.equal(clock.timers.length, 0);
  });

  it('service-down fires only after having been up: a service that never came up is a failed start, not an outage', async () => {
    const clock = new ManualClock();
    const engine = new FakeEngine();
    const m = createMonitor(engine, stack, { clock, collectors: () => [] });
    const heard: AlertEvent[] = [];
    m.onAlert((e) => heard.push(e));
    engine.emit(stateEvent('db', 'stopped', 'starting', 0));
    engine.emit(stateEvent('db', 'starting', 'unhealthy', 100));
    engine.emit(stateEvent('api', 'waiting', 'failed', 100));
    engine.emit(stateEvent('db', 'unhealthy', 'exited', 200));
    clock.advance(10_000);
    await Promise.resolve();
    assert.deepEqual(
      heard.map((e) => `${e.kind} ${e.alert.key}`),
      [],
    );
    // Once it has been up, losing it is an outage.
    engine.emit(stateEvent('db', 'exited', 'healthy', 10_000));
    engine.emit(stateEvent('db', 'healthy', 'exited', 10_500));
    clock.advance(1000);
    await Promise.resolve();
    assert.deepEqual(
      heard.map((e) => `${e.kind} ${e.alert.key}`),
      ['firing service-down/db'],
    );
    m.dispose();
  });

  it('history lines that are corrupt are skipped and reported', () => {
    const r = parseHistory('{"kind":"firing","at":1,"key":"a"}\n{broken\n\n[1]\n');
    assert.equal(r.entries.length, 1);
    assert.deepEqual(
      r.skipped.map((s) => s.line),
      [2, 4],
    );
  });
});
