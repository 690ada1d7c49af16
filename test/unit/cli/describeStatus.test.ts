import { strict as assert } from 'node:assert';
import type { ProbeResult } from '../../../src/core/ports';
import { printStatusTable, statusJson } from '../../../src/cli/describeStatus';
import { Output } from '../../../src/cli/Output';
import { statusOf } from '../statusOf';

const failed: ProbeResult = { ok: false, latencyMs: 6.2, at: 0, detail: 'GET /health -> 503 after 6 ms (expected 200-399)' };
const table = (...args: Parameters<typeof printStatusTable> extends [unknown, ...infer R] ? R : never) => {
  let text = '';
  printStatusTable(new Output({ stdout: (s) => (text += s), stderr: () => undefined, cwd: '/', env: {}, isTTY: false }), ...args);
  return text;
};

describe('stackpilot status: a healthy service whose last probe failed says so, as the editor does', () => {
  const api = statusOf('api', 'healthy', { lastProbe: failed, probeFailures: { count: 1, of: 3 }, pid: 7 });

  it('prints `last probe failed (1 of 3)` after the probe detail, and the failing dependency after that', () => {
    assert.match(
      table([api]),
      /^ {2}api {6}healthy {7}GET \/health -> 503 after 6 ms \(expected 200-399\) · last probe failed \(1 of 3\) {2}\(pid 7\)$/m,
    );
    const db = statusOf('db', 'exited', { lastExit: { code: 3, signal: null, at: 0 }, reason: 'exited with code 3' });
    assert.match(
      table([db, api], (s) => (s === 'api' ? ['db'] : [])),
      /api .*· last probe failed \(1 of 3\) · dependency db exited \(exit 3\)/,
    );
  });

  it('says nothing while the last probe passes, or once the service is unhealthy (its state says it)', () => {
    assert.doesNotMatch(table([statusOf('api', 'healthy', { lastProbe: { ...failed, ok: true } })]), /last probe failed/);
    assert.doesNotMatch(table([{ ...api, state: 'unhealthy' }]), /last probe failed/);
  });

  it('--json carries the count (null when there is none)', () => {
    assert.deepEqual(statusJson(api).probeFailures, { count: 1, of: 3 });
    assert.equal(statusJson(statusOf('api', 'healthy')).probeFailures, null);
  });
});
