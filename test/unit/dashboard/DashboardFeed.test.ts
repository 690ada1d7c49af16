import { strict as assert } from 'node:assert';
import type { ServiceSpec, StackConfig } from '../../../src/core/config/model';
import type { ServiceStatus } from '../../../src/core/engine/state';
import { MetricsStore } from '../../../src/core/metrics/MetricsStore';
import { emptySnapshot, type StackSnapshot } from '../../../src/core/status/StackSnapshot';
import { parseWebviewMessage, type HostMessage } from '../../../src/shared/protocol';
import { DashboardFeed, MIN_DELTA_GAP_MS } from '../../../src/core/status/DashboardFeed';

const spec = (name: string, deps: string[] = []) =>
  ({
    name,
    kind: 'process',
    dependsOn: deps.map((service) => ({ service, condition: 'healthy', required: true })),
    ports: [],
  }) as unknown as ServiceSpec;
const config: StackConfig = {
  name: 'shop',
  root: '/tmp/x',
  files: [],
  services: { db: spec('db'), api: spec('api', ['db']) },
  profiles: {},
  extensions: {},
};
const st = (name: string, state: ServiceStatus['state'], at: number): ServiceStatus => ({
  name,
  kind: 'process',
  state,
  since: at,
  waitingOn: [],
  restarts: 0,
  adopted: false,
  transitions: [
    ...(name === 'api'
      ? [
          { from: 'stopped' as const, to: 'waiting' as const, at: 1000 },
          { from: 'waiting' as const, to: 'starting' as const, at: 1201 },
        ]
      : [{ from: 'stopped' as const, to: 'starting' as const, at: 1000 }]),
    ...(state === 'healthy' ? [{ from: 'starting' as const, to: 'healthy' as const, at }] : []),
  ],
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('dashboard: feed (host side)', () => {
  it('answers ready with a snapshot, then coalesces a burst of changes into one delta with only what changed', async () => {
    let snap: StackSnapshot = {
      ...emptySnapshot,
      config,
      selected: ['db', 'api'],
      statuses: [st('db', 'healthy', 1200), st('api', 'starting', 1000)],
    };
    const store = new MetricsStore(['db', 'api'], {}, Date.now());
    const sent: HostMessage[] = [];
    const feed = new DashboardFeed(
      {
        snapshot: () => snap,
        metrics: () => store,
        history: () => ({ starts: () => [{ at: 1, totalMs: 900 }], timings: () => ({ db: 200, api: 300 }) }),
      },
      (m) => sent.push(m),
    );
    try {
      feed.ready();
      assert.equal(sent[0].type, 'snapshot');
      const first = sent[0] as Extract<HostMessage, { type: 'snapshot' }>;
      assert.deepEqual(first.model.timeline?.previousMs, [900]);
      assert.equal(first.model.timeline?.plannedMs, 500);
      for (let i = 0; i < 20; i++) {
        snap = { ...snap, statuses: [st('db', 'healthy', 1200), st('api', i === 19 ? 'healthy' : 'starting', 1400 + i)] };
        feed.schedule();
      }
      await sleep(MIN_DELTA_GAP_MS + 100);
      assert.equal(sent.length, 2);
      const delta = sent[1] as Extract<HostMessage, { type: 'delta' }>;
      assert.equal(delta.type, 'delta');
      assert.deepEqual(
        delta.services.map((c) => c.name),
        ['api'],
      );
      assert.equal(delta.services[0].state, 'healthy');
      assert.deepEqual(delta.timeline?.criticalPath, ['db', 'api']);
      feed.schedule();
      await sleep(MIN_DELTA_GAP_MS + 100);
      assert.equal(sent.length, 2, 'nothing changed: nothing sent');
    } finally {
      feed.dispose();
    }
  });

  it('predicts a start from the timings before it, never from its own (recorded once it is ready)', () => {
    const recorded: { at: number; totalMs: number }[] = [{ at: 1, totalMs: 900 }];
    let timings: Record<string, number> = { db: 200, api: 300 };
    let snap: StackSnapshot = {
      ...emptySnapshot,
      config,
      selected: ['db', 'api'],
      statuses: [st('db', 'healthy', 1200), st('api', 'starting', 1000)],
    };
    const sent: HostMessage[] = [];
    const source = { snapshot: () => snap, metrics: () => undefined, history: () => ({ starts: () => recorded, timings: () => timings }) };
    const feed = new DashboardFeed(source, (m) => sent.push(m));
    const late = new DashboardFeed(source, (m) => sent.push(m));
    try {
      feed.ready();
      assert.equal((sent.at(-1) as Extract<HostMessage, { type: 'snapshot' }>).model.timeline?.plannedMs, 500);
      // api becomes ready; the run records this start and its per-service times.
      snap = { ...snap, statuses: [st('db', 'healthy', 1200), st('api', 'healthy', 1600)] };
      recorded.push({ at: 1000, totalMs: 600 });
      timings = { db: 200, api: 400 };
      feed.ready();
      const after = (sent.at(-1) as Extract<HostMessage, { type: 'snapshot' }>).model.timeline;
      assert.equal(after?.plannedMs, 500, 'the prediction made before the start was recorded');
      assert.deepEqual(after?.previousMs, [900]);
      // A dashboard opened only now cannot tell what was predicted: it says nothing rather than this start's own time.
      late.ready();
      assert.equal((sent.at(-1) as Extract<HostMessage, { type: 'snapshot' }>).model.timeline?.plannedMs, undefined);
    } finally {
      feed.dispose();
      late.dispose();
    }
  });

  it('validates the window a webview asks for', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'window', windowMs: 900_000 }), { type: 'window', windowMs: 900_000 });
    assert.equal(parseWebviewMessage({ type: 'window', windowMs: 1 }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'ready', windowMs: 'x' }), { type: 'ready' });
  });
});
