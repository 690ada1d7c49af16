import * as assert from 'node:assert/strict';
import { liveFreshness, staleAfterMs, staleNote } from '../../../src/core/status/liveFreshness';
import { liveStatusOf, parseLiveStatus, MAX_HEARTBEAT_MS } from '../../../src/core/status/liveStatus';

describe('live status freshness (a supervisor that stops answering)', () => {
  it('is current within three heartbeats and a margin, stale after', () => {
    const s = { updatedAt: 10_000, heartbeatMs: 2000 };
    assert.deepEqual(liveFreshness(s, 10_000 + staleAfterMs(2000)), { stale: false });
    assert.deepEqual(liveFreshness(s, 10_001 + staleAfterMs(2000)), { stale: true, since: 10_000, why: 'silent' });
    assert.ok(staleAfterMs(2000) >= 3 * 2000, 'three missed heartbeats at least');
  });

  it('a supervisor seen paused (SIGSTOP) is stale at once, whatever its last write', () => {
    assert.deepEqual(liveFreshness({ updatedAt: 5, heartbeatMs: 2000 }, 6, true), { stale: true, since: 5, why: 'paused' });
  });

  it('a publisher that promised no heartbeat (an older version) is never judged by age', () => {
    assert.deepEqual(liveFreshness({ updatedAt: 0 }, 1e12), { stale: false });
  });

  it('the heartbeat round-trips; a file claiming a huge one is clamped (a dead view is not kept fresh for a day)', () => {
    const s = liveStatusOf('shop', { pid: 7, startTime: '1' }, [], [], 99, 2000);
    assert.equal(parseLiveStatus(JSON.stringify(s))?.heartbeatMs, 2000);
    assert.equal(parseLiveStatus(JSON.stringify({ ...s, heartbeatMs: 86_400_000 }))?.heartbeatMs, MAX_HEARTBEAT_MS);
    assert.equal(parseLiveStatus(JSON.stringify({ ...s, heartbeatMs: -1 }))?.heartbeatMs, undefined);
    assert.equal(parseLiveStatus(JSON.stringify({ ...s, heartbeatMs: 'x' }))?.heartbeatMs, undefined);
  });

  it('a file with more services than any stack has is not a status', () => {
    const s = liveStatusOf('shop', { pid: 7, startTime: '1' }, [], [], 99, 2000);
    const many = Array.from({ length: 5001 }, (_, i) => ({ name: `s${i}`, kind: 'process', state: 'stopped' }));
    assert.equal(parseLiveStatus(JSON.stringify({ ...s, services: many })), undefined);
  });

  it('the note names the supervisor, the time of its last view and why', () => {
    const note = staleNote('stackpilot up (pid 7)', { stale: true, since: 0, why: 'paused' }, () => '14:02:11');
    assert.equal(
      note,
      'stackpilot up (pid 7) is not answering since 14:02:11 (paused: SIGSTOP): its last view is shown, states may be out of date',
    );
  });
});
