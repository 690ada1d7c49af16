import { strict as assert } from 'node:assert';
import type Dockerode from 'dockerode';
import type { ServiceStatus } from '../../../src/core/engine/state';
import type { MetricsStore } from '../../../src/core/metrics/MetricsStore';
import { dockerStatsCollector, type StatsFollower } from '../../../src/infra/metrics/dockerStats';

/** The docker stats collector's stream bookkeeping, with a connection the test resolves by hand. */
describe('docker stats collector: streams are closed when the monitor goes idle', () => {
  const running = [{ name: 'web', kind: 'docker', instanceId: 'c1', state: 'running' } as unknown as ServiceStatus];
  const engine = { status: () => running, onEvent: () => ({ dispose: () => undefined }) };
  const store = { sampleService: () => undefined } as unknown as MetricsStore;
  const later = () => new Promise((r) => setTimeout(r, 5));

  function harness() {
    let connected!: (d: Dockerode) => void;
    const connection = new Promise<Dockerode>((r) => (connected = r));
    const followed: (StatsFollower & { disposed: boolean })[] = [];
    const collector = dockerStatsCollector(
      store,
      engine,
      {},
      {
        idleMs: 0,
        connect: () => connection,
        follow: () => {
          const s = { latest: undefined, ended: false, disposed: false, dispose: () => (s.disposed = true) };
          followed.push(s);
          return s;
        },
      },
    );
    return { collector, followed, connect: () => connected({} as Dockerode) };
  }

  it('a stream that finishes opening after the idle close is never left open', async () => {
    const h = harness();
    await h.collector.collect(Date.now());
    await later(); // the idle close runs while the connection is still pending
    h.connect();
    await later();
    assert.equal(h.followed.filter((s) => !s.disposed).length, 0, 'no stream outlives the idle close');
  });

  it('a stream opened in time is closed by the idle close; the next tick opens a new one', async () => {
    const h = harness();
    h.connect();
    await h.collector.collect(Date.now());
    await new Promise((r) => setImmediate(r)); // connected: the stream is there
    assert.equal(h.followed.length, 1);
    await later();
    assert.equal(h.followed[0].disposed, true);
    await h.collector.collect(Date.now());
    await new Promise((r) => setImmediate(r));
    assert.equal(h.followed.length, 2, 'monitoring again after an idle spell reopens the stream');
  });
});
