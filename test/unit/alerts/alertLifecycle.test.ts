/**
 * An alert resolves when its condition is gone, not when an action starts: the engine (fake
 * runner and probes) wired to the real monitor, a crash, then Restart / Start / Stop from a person.
 */
import { strict as assert } from 'node:assert';
import type { AlertEvent } from '../../../src/core/alerts/model';
import type { StateTransition } from '../../../src/core/engine/state';
import { createMonitor, type Monitor } from '../../../src/infra/metrics/createMonitor';
import { health, stack, svc, until, world, type FakeHandle } from '../engine/fakes';

function setup() {
  const w = world();
  const handles: FakeHandle[] = [];
  w.runner.behaviours.set('db', (h) => handles.push(h));
  let ready = true;
  w.probes.script.set('db', () => ready);
  const config = stack(svc('db', { health: health({ interval: 20, retries: 1, startPeriod: 5000 }) }));
  config.extensions = { alerts: { defaults: { 'host-memory-low': false, 'disk-low': false } } };
  const engine = w.engine(config);
  const monitor: Monitor = createMonitor(engine, config, { collectors: () => [] });
  monitors.push(monitor);
  const events: AlertEvent[] = [];
  monitor.onTransition((e) => events.push(e));
  const transitions: StateTransition[] = [];
  engine.onEvent((e) => e.type === 'state' && transitions.push(e.transition));
  const downEvents = () => events.filter((e) => e.alert.key === 'service-down/db').map((e) => e.kind);
  const firing = () => monitor.snapshot().alerts.some((a) => a.key === 'service-down/db' && a.state === 'firing');
  return { engine, monitor, handles, events, transitions, downEvents, firing, setReady: (v: boolean) => (ready = v) };
}

const monitors: Monitor[] = [];
afterEach(() => {
  for (const m of monitors.splice(0)) m.dispose();
});

describe('alert lifecycle: resolved by the condition, not by an action', () => {
  it('service-down stays firing through a Restart (stopped, waiting, starting) and resolves when db is healthy again', async () => {
    const t = setup();
    assert.ok((await t.engine.up(['db'])).ok);
    t.handles[0].exit(137, 'SIGKILL');
    await until(() => t.firing());
    t.setReady(false);
    const restarting = t.engine.restart('db');
    await until(() => t.engine.status()[0].state === 'starting');
    await new Promise((r) => setTimeout(r, 60)); // probes fail meanwhile: still down
    assert.ok(t.firing(), `resolved while starting: ${t.downEvents().join(', ')}`);
    assert.deepEqual(t.downEvents(), ['pending', 'firing']);
    const restartMarks = t.transitions.filter((x) => x.restart).map((x) => x.to);
    assert.ok(restartMarks.includes('stopped'), `the restart's stop is marked: ${JSON.stringify(t.transitions)}`);
    t.setReady(true);
    await restarting;
    await until(() => !t.firing());
    const healthyAt = t.transitions.filter((x) => x.to === 'healthy').at(-1)!.at;
    const resolved = t.events.find((e) => e.alert.key === 'service-down/db' && e.kind === 'resolved')!;
    assert.ok(resolved.at >= healthyAt, `resolved at ${resolved.at}, healthy at ${healthyAt}`);
    assert.deepEqual(t.downEvents(), ['pending', 'firing', 'resolved'], 'one incident, not two');
  });

  it('an unhealthy service restarted stays down through stopping until healthy', async () => {
    const t = setup();
    assert.ok((await t.engine.up(['db'])).ok);
    t.setReady(false);
    await until(() => t.engine.status()[0].state === 'unhealthy');
    await until(() => t.firing());
    const restarting = t.engine.restart('db');
    await until(() => t.transitions.some((x) => x.to === 'stopping' && x.restart));
    await until(() => t.engine.status()[0].state === 'starting');
    assert.ok(t.firing());
    t.setReady(true);
    await restarting;
    await until(() => !t.firing());
    assert.deepEqual(t.downEvents(), ['pending', 'firing', 'resolved']);
  });

  it('a Restart of a healthy service is not an outage: no service-down at all', async () => {
    const t = setup();
    assert.ok((await t.engine.up(['db'])).ok);
    await t.engine.restart('db');
    assert.equal(t.engine.status()[0].state, 'healthy');
    t.monitor.tick();
    assert.deepEqual(t.downEvents(), []);
  });

  it('Stop of a crashed service resolves its alert: stopped on purpose is not down', async () => {
    const t = setup();
    assert.ok((await t.engine.up(['db'])).ok);
    t.handles[0].exit(1);
    await until(() => t.firing());
    await t.engine.down(['db']);
    await until(() => !t.firing());
    assert.deepEqual(t.downEvents(), ['pending', 'firing', 'resolved']);
  });
});
