/**
 * How often the supervisor rewrites its live status file (a real file, real timers): a stream of
 * probe results is coalesced into at most one write a second, a state change still reaches the
 * file promptly. Writes are told apart by the file's `updatedAt` (the time of each write).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceStatus } from '../../src/core/engine/state';
import { publishLiveStatus } from '../../src/infra/state/liveStatusFile';
import { tempDir } from './testKit';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fakeEngine() {
  const listeners = new Set<(e: { type: string }) => void>();
  const status: ServiceStatus = {
    name: 'api',
    kind: 'process',
    state: 'healthy',
    since: Date.now(),
    waitingOn: [],
    restarts: 0,
    adopted: false,
    transitions: [],
  } as unknown as ServiceStatus;
  return {
    status: () => [status],
    set: (s: Partial<ServiceStatus>) => Object.assign(status, s),
    emit: (type: string) => listeners.forEach((l) => l({ type })),
    onEvent(fn: (e: { type: string }) => void) {
      listeners.add(fn);
      return { dispose: () => listeners.delete(fn) };
    },
  };
}

describe('live status file: writes coalesced by what changed', function () {
  this.timeout(30_000);
  const t = tempDir('sp-live-publish-');
  after(() => t.remove());

  it('probe results alone are written at most once a second; a state change is written promptly', async () => {
    const file = path.join(t.dir, 'status.json');
    const engine = fakeEngine();
    const pub = await publishLiveStatus(file, 'stack', engine, undefined, (m) => assert.fail(m));
    const written = () => (JSON.parse(fs.readFileSync(file, 'utf8')) as { updatedAt: number }).updatedAt;
    try {
      const writes = new Set([written()]);
      const t0 = Date.now();
      // 20 services probed every second: ~20 results a second, here over ~400 ms.
      while (Date.now() - t0 < 400) {
        engine.set({ lastProbe: { ok: true, latencyMs: 1, at: Date.now(), detail: 'tcp ok' } });
        engine.emit('probe');
        engine.emit('log'); // never a reason to write
        writes.add(written());
        await sleep(20);
      }
      // Timers can only be late on a loaded machine, which makes fewer writes, never more.
      assert.ok(writes.size <= 2, `at most one write for the probe burst (saw ${writes.size - 1})`);
      // A probe result is on disk within about a second.
      const last = written();
      engine.emit('probe');
      for (let i = 0; i < 200 && written() === last; i++) await sleep(25);
      assert.notEqual(written(), last, 'the probe results were written within the second');
      // A state change does not wait for the probe cadence.
      const before = written();
      engine.emit('probe');
      engine.set({ state: 'unhealthy' } as Partial<ServiceStatus>);
      engine.emit('state');
      for (let i = 0; i < 200 && !fs.readFileSync(file, 'utf8').includes('"unhealthy"'); i++) await sleep(5);
      assert.ok(fs.readFileSync(file, 'utf8').includes('"unhealthy"'));
      assert.notEqual(written(), before);
    } finally {
      pub.dispose();
    }
  });
});
