import { strict as assert } from 'node:assert';
import { AlertLoop } from '../../../src/core/alerts/AlertLoop';
import type { AlertEvent } from '../../../src/core/alerts/model';
import { readMonitorConfig } from '../../../src/core/alerts/readMonitorConfig';
import { Diagnostics } from '../../../src/core/config/Diagnostics';
import type { StackConfig } from '../../../src/core/config/model';
import type { Clock, Logger } from '../../../src/core/ports';
import { processSpec } from '../../integration/testKit';
import { stateEvent } from '../metrics/events';

const stack: StackConfig = {
  name: 't',
  root: '/tmp',
  files: [],
  profiles: {},
  extensions: { alerts: { defaults: { 'host-memory-low': false, 'disk-low': false } } },
  services: { db: processSpec('db'), api: processSpec('api', { dependsOn: [{ service: 'db', condition: 'healthy', required: true }] }) },
};

function loop(logged: string[] = []) {
  let t = 0;
  const clock: Clock = { now: () => t, setTimeout: () => ({ dispose: () => undefined }) };
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (m: string) => logged.push(m) };
  const l = new AlertLoop(stack, readMonitorConfig(stack, new Diagnostics()), clock, logger);
  return { l, at: (ms: number) => (t = ms) };
}

describe('AlertLoop (the monitor decisions, no I/O)', () => {
  it('evaluates once after a burst of state changes, before the next task, and notifies only what a person should hear', async () => {
    const { l, at } = loop();
    const notified: string[] = [];
    const all: string[] = [];
    l.onNotify((e: AlertEvent) => notified.push(`${e.kind} ${e.alert.key}`));
    l.onTransition((e: AlertEvent) => all.push(`${e.kind} ${e.alert.key}`));
    let passes = 0;
    const evaluate = l.alerts.evaluate.bind(l.alerts);
    l.alerts.evaluate = (...args) => {
      passes++;
      return evaluate(...args);
    };
    for (const s of ['db', 'api']) l.handle(stateEvent(s, 'starting', 'healthy', 0));
    at(5500);
    l.handle(stateEvent('db', 'healthy', 'exited', 5500));
    l.handle(stateEvent('api', 'healthy', 'unhealthy', 5500));
    assert.equal(passes, 0, 'not evaluated inside the event');
    await Promise.resolve();
    assert.equal(passes, 1, 'one pass for the burst');
    assert.deepEqual(notified, ['firing service-down/db'], 'the inhibited dependent and pending transitions are not notified');
    assert.ok(all.includes('pending service-down/db') && all.includes('firing service-down/api'), all.join(', '));
    l.dispose();
  });

  it('a listener that throws is logged, and the others and the rules carry on', async () => {
    const logged: string[] = [];
    const { l, at } = loop(logged);
    const heard: string[] = [];
    l.onTransition(() => {
      throw new Error('disk full');
    });
    l.onTransition((e) => heard.push(e.kind));
    l.handle(stateEvent('db', 'starting', 'healthy', 0));
    at(1000);
    l.handle(stateEvent('db', 'healthy', 'exited', 1000));
    await Promise.resolve();
    assert.ok(heard.includes('firing'), heard.join(', '));
    assert.ok(
      logged.some((m) => m.includes('alert listener failed: disk full')),
      logged.join('\n'),
    );
  });

  it('seeds what already runs, and evaluates nothing once disposed', async () => {
    const { l, at } = loop();
    const e = stateEvent('db', 'stopped', 'healthy', 0);
    l.seed(e.type === 'state' ? [e.status] : []);
    assert.equal(l.store.snapshot(0).services.find((s) => s.name === 'db')?.state, 'healthy');
    const heard: string[] = [];
    l.onTransition((e) => heard.push(e.kind));
    l.dispose();
    at(1000);
    l.handle(stateEvent('db', 'healthy', 'exited', 1000));
    await Promise.resolve();
    assert.deepEqual(heard, []);
  });
});
