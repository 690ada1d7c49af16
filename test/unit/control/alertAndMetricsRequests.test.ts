import { strict as assert } from 'node:assert';
import { MAX_SILENCE_MS, parseControlReply, parseControlRequest, SERVICE_OPS } from '../../../src/core/control/controlRequest';

const token = 'ab'.repeat(32);
const known = new Set(['db', 'api']);
const req = (v: Record<string, unknown>) => JSON.stringify({ version: 1, token, from: 'stackpilot acknowledge (pid 7)', ...v });
const error = (v: Record<string, unknown>) => {
  const r = parseControlRequest(req(v), known);
  assert.ok('error' in r, `expected an error for ${JSON.stringify(v).slice(0, 80)}`);
  return r.error;
};
const ok = (v: Record<string, unknown>) => {
  const r = parseControlRequest(req(v), known);
  assert.ok('request' in r, `expected a request for ${JSON.stringify(v).slice(0, 80)}: ${'error' in r ? r.error : ''}`);
  return r.request;
};

describe('control requests: acknowledge, silence, metrics (each operand checked before anything acts)', () => {
  it('acknowledge names an alert; silence an alert and a duration; metrics a chart window and since', () => {
    assert.deepEqual(ok({ op: 'acknowledge', args: { alert: 'service-down/db' } }).args, { alert: 'service-down/db' });
    assert.deepEqual(ok({ op: 'silence', args: { alert: 'disk-low', durationMs: 3_600_000 } }).args, {
      alert: 'disk-low',
      durationMs: 3_600_000,
    });
    assert.deepEqual(ok({ op: 'metrics', args: { windowMs: 300_000 } }).args, { windowMs: 300_000, since: 0 });
    assert.deepEqual(ok({ op: 'metrics', args: { windowMs: 3_600_000, since: 1_700_000_000_000 } }).args, {
      windowMs: 3_600_000,
      since: 1_700_000_000_000,
    });
    for (const op of ['acknowledge', 'silence', 'metrics']) assert.ok(!SERVICE_OPS.has(op as never), `${op} waits for no restart`);
  });

  it('refuses malformed operands, saying what is wrong', () => {
    assert.match(error({ op: 'acknowledge' }), /needs its arguments/);
    assert.match(error({ op: 'acknowledge', args: { alert: '' } }), /alert's key/);
    assert.match(error({ op: 'acknowledge', args: { alert: 7 } }), /alert's key/);
    assert.match(error({ op: 'acknowledge', args: { alert: 'x'.repeat(513) } }), /alert's key/);
    assert.match(error({ op: 'acknowledge', args: { alert: 'a\x1b[2Jb' } }), /alert's key/);
    assert.match(error({ op: 'acknowledge', args: { alert: 'a', durationMs: 5 } }), /takes no "durationMs"/);
    assert.match(error({ op: 'acknowledge', args: { alert: 'a' }, services: ['db'] }), /takes no services/);
    assert.match(error({ op: 'silence', args: { alert: 'a' } }), /1 s to 7 days/);
    assert.match(error({ op: 'silence', args: { alert: 'a', durationMs: 0 } }), /1 s to 7 days/);
    assert.match(error({ op: 'silence', args: { alert: 'a', durationMs: -5 } }), /1 s to 7 days/);
    assert.match(error({ op: 'silence', args: { alert: 'a', durationMs: 1.5e3 + 0.5 } }), /1 s to 7 days/);
    assert.match(error({ op: 'silence', args: { alert: 'a', durationMs: MAX_SILENCE_MS + 1 } }), /1 s to 7 days/);
    assert.match(error({ op: 'silence', args: { alert: 'a', durationMs: '1h' } }), /1 s to 7 days/);
    assert.match(error({ op: 'metrics', args: { windowMs: 1 } }), /windowMs of 5, 15 or 60 minutes/);
    assert.match(error({ op: 'metrics', args: { windowMs: 300_000, since: -1 } }), /since/);
    assert.match(error({ op: 'metrics', args: { windowMs: 300_000, since: 'now' } }), /since/);
    assert.match(error({ op: 'metrics', args: { windowMs: 300_000, __proto__: 1, extra: 1 } }), /takes no "extra"/);
    assert.match(error({ op: 'stop', services: ['db'], args: { alert: 'x' } }), /stop takes no arguments/);
    assert.match(error({ op: 'down', args: {} }), /down takes no arguments/);
  });

  it('a reply may carry metrics (only its size is checked here; parseMetricsPayload reads it)', () => {
    const line = JSON.stringify({ ok: true, message: '', services: [], metrics: { x: 1 } });
    assert.deepEqual(parseControlReply(line), { ok: true, message: '', services: [], metrics: { x: 1 } });
    assert.equal(parseControlReply(line, 10), undefined);
  });
});
