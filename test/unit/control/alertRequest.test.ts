import { strict as assert } from 'node:assert';
import { AlertEngine } from '../../../src/core/alerts/AlertEngine';
import { DEFAULT_RULES } from '../../../src/core/alerts/defaultRules';
import { applyAlertRequest, describeSilence } from '../../../src/core/control/alertRequest';
import type { ControlRequest } from '../../../src/core/control/controlRequest';
import { MetricsStore } from '../../../src/core/metrics/MetricsStore';
import { stateEvent } from '../metrics/events';

const T0 = 1_700_000_000_000;
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** A real alert engine over a real store: db was healthy, then exited -> service-down/db fires. */
function monitor() {
  const store = new MetricsStore(['db', 'api'], {}, T0);
  const engine = new AlertEngine(DEFAULT_RULES, ['db', 'api']);
  store.handle(stateEvent('db', 'starting', 'healthy', T0));
  engine.evaluate(store, T0 + 1000);
  store.handle(stateEvent('db', 'healthy', 'exited', T0 + 2000));
  engine.evaluate(store, T0 + 2000);
  let now = T0 + 3000;
  return {
    engine,
    advance: (ms: number) => {
      now += ms;
      engine.evaluate(store, now);
    },
    control: {
      snapshot: () => ({ alerts: engine.alerts() }),
      acknowledge: (key: string) => engine.acknowledge(key, now),
      silence: (match: { ruleId?: string; service?: string }, ms: number, comment?: string) => {
        const s = engine.silences.add(match, ms, now, comment);
        engine.evaluate(store, now);
        return s;
      },
    },
  };
}
const req = (op: 'acknowledge' | 'silence', alert: string, durationMs?: number): ControlRequest => ({
  version: 1,
  token: 'ab'.repeat(32),
  op,
  services: [],
  from: 'stackpilot acknowledge (pid 9)',
  args: { alert, ...(durationMs ? { durationMs } : {}) },
});

describe('alert requests applied by the supervisor to its own monitor', () => {
  it('acknowledges a firing alert once, and says so on a second try', () => {
    const m = monitor();
    const key = 'service-down/db';
    assert.equal(m.engine.alerts().find((a) => a.key === key)?.state, 'firing');
    const r = applyAlertRequest(req('acknowledge', key), m.control, T0, clock);
    assert.deepEqual(r.reply, { ok: true, message: `acknowledged alert ${key}`, services: [] });
    assert.equal(r.changed, true);
    assert.match(r.line ?? '', /acknowledged by stackpilot acknowledge \(pid 9\)/);
    assert.equal(m.engine.alerts().find((a) => a.key === key)?.acknowledged, true);
    const again = applyAlertRequest(req('acknowledge', key), m.control, T0, clock);
    assert.equal(again.changed, false);
    assert.match(again.reply.ok ? again.reply.message : '', /already acknowledged/);
  });

  it('silences by rule and service for the duration asked, then the alert is silenced in the monitor', () => {
    const m = monitor();
    const r = applyAlertRequest(req('silence', 'service-down/db', 15 * 60_000), m.control, T0, clock);
    assert.ok(r.reply.ok);
    assert.match(r.reply.message, /silenced alert service-down\/db for 15 minutes \(until 22:28:20\)/);
    const a = m.engine.alerts().find((x) => x.key === 'service-down/db');
    assert.ok(a?.silencedBy, 'silenced at once, not at the next sample');
    const s = m.engine.silences.active(T0 + 3000)[0];
    assert.deepEqual([s?.ruleId, s?.service, s?.until], ['service-down', 'db', T0 + 3000 + 15 * 60_000]);
    m.advance(15 * 60_000 + 1);
    assert.equal(m.engine.alerts().find((x) => x.key === 'service-down/db')?.silencedBy, undefined, 'the silence ended');
  });

  it('refuses an alert the monitor does not have, naming the firing ones, and never echoes a long key whole', () => {
    const m = monitor();
    const r = applyAlertRequest(req('acknowledge', 'service-down/api'), m.control, T0, clock);
    assert.deepEqual(r.reply, { ok: false, error: 'no firing alert "service-down/api" (firing: service-down/db)' });
    assert.equal(r.changed, false);
    const long = applyAlertRequest(req('silence', 'x'.repeat(400), 60_000), m.control, T0, clock);
    assert.ok(!long.reply.ok && long.reply.error.length < 120, 'bounded');
    assert.equal(m.engine.silences.active(T0).length, 0, 'nothing silenced');
    assert.equal(
      m.engine.alerts().some((a) => a.acknowledged),
      false,
    );
  });

  it('words durations as the editor does', () => {
    assert.equal(describeSilence(3_600_000), '1 hour');
    assert.equal(describeSilence(15 * 60_000), '15 minutes');
    assert.equal(describeSilence(7 * 86_400_000), '7 days');
    assert.equal(describeSilence(90_000), '90 seconds');
  });
});
