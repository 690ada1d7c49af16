import { strict as assert } from 'node:assert';
import { configHash } from '../../../src/core/config/configHash';
import { GONE_UNSTOPPED } from '../../../src/core/engine/observeService';
import { WATCHDOG_MARK_MS, WATCHDOG_STOPPED, WATCHDOG_STOPPING } from '../../../src/core/engine/watchdogMark';
import type { RunRecord } from '../../../src/core/ports';
import { health, stack, svc, world } from './fakes';

// The runner is the unit tests' in-memory fake (no processes here); the real watchdog is in test/integration/supervisorDeath.test.ts.
describe("observe() while a dead supervisor's watchdog stops the stack (fake runner)", () => {
  const rec = (service: string, pid: number, at?: number): RunRecord => ({
    service,
    kind: 'process',
    id: `pid:${pid}`,
    pid,
    startTime: '1',
    configHash: configHash(svc(service, service === 'db' ? { health: health() } : {})),
    startedAt: 1,
    ...(at !== undefined ? { stopping: { by: 'watchdog' as const, at } } : {}),
  });

  it('what it still stops reads stopping, what it stopped reads stopped by the watchdog (not a crash, not adopted)', async () => {
    const w = world();
    w.runner.leftRunning('db', 77);
    w.store.records = [rec('db', 77, Date.now()), rec('api', 78, Date.now())];
    const seen = await w.engine(stack(svc('db', { health: health() }), svc('api'))).observe();
    assert.deepEqual(
      seen.map((s) => [s.name, s.state, s.reason, s.adopted ?? false]),
      [
        ['db', 'stopping', WATCHDOG_STOPPING, false],
        ['api', 'stopped', WATCHDOG_STOPPED, false],
      ],
    );
    assert.deepEqual(w.runner.started, []);
  });

  it('a stale mark (a watchdog killed mid-stop, or one written into a shipped state.json) means nothing', async () => {
    const w = world();
    w.runner.leftRunning('db', 77);
    const old = Date.now() - WATCHDOG_MARK_MS - 1000;
    const future = Date.now() + 3_600_000;
    w.store.records = [rec('db', 77, future), rec('api', 78, old)];
    const seen = await w.engine(stack(svc('db', { health: health() }), svc('api'))).observe();
    assert.deepEqual(
      seen.map((s) => [s.name, s.state, s.reason]),
      [
        ['db', 'healthy', undefined],
        ['api', 'exited', GONE_UNSTOPPED],
      ],
    );
  });
});
