import { strict as assert } from 'node:assert';
import { isAccepted, MAX_REQUEST_BYTES, parseControlReply, parseControlRequest } from '../../../src/core/control/controlRequest';

const token = 'ab'.repeat(32);
const known = new Set(['db', 'api']);
const req = (v: Record<string, unknown>) => JSON.stringify({ version: 1, token, from: 'stackpilot down (pid 7)', ...v });
const error = (line: string) => {
  const r = parseControlRequest(line, known);
  assert.ok('error' in r, `expected an error for ${line.slice(0, 80)}`);
  return r.error;
};

describe('control requests (the supervisor side: every field checked before anything acts)', () => {
  it('down, stop and restart with their services', () => {
    assert.deepEqual(parseControlRequest(req({ op: 'down' }), known), {
      request: { version: 1, token, op: 'down', services: [], from: 'stackpilot down (pid 7)' },
    });
    const stop = parseControlRequest(req({ op: 'stop', services: ['api', 'api', 'db'] }), known);
    assert.ok('request' in stop);
    assert.deepEqual(stop.request.services, ['api', 'db'], 'duplicates once');
    assert.ok('request' in parseControlRequest(req({ op: 'restart', services: ['db'] }), known));
  });

  it('refuses what is not a request, saying what is wrong', () => {
    assert.match(error('not json'), /not JSON/);
    assert.match(error('[1]'), /not an object/);
    assert.match(error(JSON.stringify({ version: 2, token, op: 'down' })), /version/);
    assert.match(error(req({ token: 'short', op: 'down' })), /token/);
    assert.match(error(req({ token: 'g'.repeat(64), op: 'down' })), /token/);
    assert.match(error(req({ op: 'kill' })), /unknown operation "kill"/);
    assert.match(error(req({ op: '__proto__' })), /unknown operation/);
    assert.match(error(req({ op: 'stop' })), /stop needs at least one service/);
    assert.match(error(req({ op: 'down', services: ['db'] })), /down takes no services/);
    assert.match(error(req({ op: 'stop', services: 'db' })), /list of service names/);
    assert.match(error(req({ op: 'stop', services: [1] })), /list of service names/);
    assert.match(error(req({ op: 'stop', services: ['x'.repeat(300)] })), /list of service names/);
    assert.match(error(req({ op: 'stop', services: ['db', 'nope'] })), /no service named "nope"/);
    assert.match(error(req({ op: 'stop', services: Array.from({ length: 300 }, () => 'db') })), /list of service names/);
    assert.match(error(' '.repeat(MAX_REQUEST_BYTES + 1)), /over/);
    assert.match(error(req({ op: 'down', notAfter: 'soon' })), /notAfter must be a time/);
    assert.match(error(req({ op: 'down', notAfter: -1 })), /notAfter must be a time/);
  });

  it('keeps the time its sender stops waiting (notAfter), for the supervisor to drop a request taken later', () => {
    const r = parseControlRequest(req({ op: 'down', notAfter: 1_700_000_000_000 }), known);
    assert.ok('request' in r);
    assert.equal(r.request.notAfter, 1_700_000_000_000);
  });

  it('the sender name is for a log line only: control characters and length are cut', () => {
    const r = parseControlRequest(req({ op: 'down', from: `evil\x1b[2J\n${'x'.repeat(500)}` }), known);
    assert.ok('request' in r);
    assert.equal(r.request.from.length, 120);
    assert.doesNotMatch(r.request.from, /[\x00-\x1f]/);
    const none = parseControlRequest(JSON.stringify({ version: 1, token, op: 'down' }), known);
    assert.ok('request' in none && none.request.from === 'another process');
  });

  it('replies are checked by the client too', () => {
    assert.deepEqual(parseControlReply(JSON.stringify({ ok: false, error: 'no\x1b' })), { ok: false, error: 'no?' });
    assert.deepEqual(
      parseControlReply(JSON.stringify({ ok: true, message: 'stopped api', services: [{ name: 'api', state: 'stopped', reason: null }] })),
      { ok: true, message: 'stopped api', services: [{ name: 'api', state: 'stopped', reason: null }] },
    );
    assert.equal(parseControlReply('{"ok":true}'), undefined);
    assert.equal(parseControlReply('{"ok":true,"services":[{"name":1}]}'), undefined);
    assert.equal(parseControlReply('garbage'), undefined);
    assert.equal(isAccepted('{"accepted":true}'), true);
    assert.equal(isAccepted('{"accepted":1}'), false);
    assert.equal(isAccepted('nope'), false);
  });
});
