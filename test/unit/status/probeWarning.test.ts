import { strict as assert } from 'node:assert';
import type { ServiceState, ServiceStatus } from '../../../src/core/engine/state';
import type { ProbeResult } from '../../../src/core/ports';
import { serviceRowText } from '../../../src/core/editor/serviceRowText';
import { dashboardModel } from '../../../src/core/status/dashboardModel';
import { parseLiveStatus, liveStatusOf } from '../../../src/core/status/liveStatus';
import { probeWarning } from '../../../src/core/status/probeWarning';
import { emptySnapshot, type StackSnapshot } from '../../../src/core/status/StackSnapshot';
import { statusTooltipMarkdown } from '../../../src/core/status/statusTooltip';
import { summarizeStack } from '../../../src/core/status/summarizeStack';
import { health, stack, svc, until, world } from '../engine/fakes';
import { statusOf } from '../statusOf';

const failed: ProbeResult = { ok: false, latencyMs: 6.2, at: 0, detail: 'GET /health -> 503 after 6 ms (expected 200-399)' };
const status = (state: ServiceState, more: Partial<ServiceStatus> = {}) => statusOf('api', state, more);
const config = {
  name: 'shop',
  root: '/x',
  services: {
    api: {
      name: 'api',
      dependsOn: [],
      kind: 'process',
      ports: [],
      health: {
        probe: { kind: 'http', url: 'http://127.0.0.1/health', expectStatus: [200, 399] },
        interval: 1000,
        timeout: 1000,
        retries: 3,
        startPeriod: 0,
      },
    },
  },
  profiles: {},
} as never;
const snap = (st: ServiceStatus): StackSnapshot => ({ ...emptySnapshot, config, selected: ['api'], statuses: [st] });

describe('a healthy service with a failing probe says so (retries not yet used up)', () => {
  const healthyFailing = status('healthy', { lastProbe: failed, probeFailures: { count: 1, of: 3 } });

  it('words it from the engine count, only while healthy with a failed last probe', () => {
    assert.equal(probeWarning(healthyFailing), 'last probe failed (1 of 3)');
    assert.equal(probeWarning(status('healthy', { lastProbe: failed })), 'last probe failed', 'an older publisher without the count');
    assert.equal(probeWarning(status('healthy', { lastProbe: { ...failed, ok: true } })), undefined);
    assert.equal(probeWarning(status('unhealthy', { lastProbe: failed, probeFailures: { count: 3, of: 3 } })), undefined);
    assert.equal(probeWarning(undefined), undefined);
  });

  it('on the dashboard card, the tree row and the status bar tooltip', () => {
    const card = dashboardModel(snap(healthyFailing)).services[0];
    assert.equal(card.state, 'healthy');
    assert.equal(card.probeWarning, 'last probe failed (1 of 3)');
    assert.equal(dashboardModel(snap(status('healthy', { lastProbe: { ...failed, ok: true } }))).services[0].probeWarning, undefined);
    assert.equal(serviceRowText('api', 'healthy', healthyFailing, false).description, 'healthy · 6 ms · last probe failed (1 of 3)');
    const s = snap(healthyFailing);
    assert.match(statusTooltipMarkdown(s, summarizeStack(s)), /api\]\([^)]*\) healthy · \$\(warning\) last probe failed \(1 of 3\) — GET/);
  });

  it('survives the live status file (another window, stackpilot status)', () => {
    const live = liveStatusOf('shop', { pid: 1, startTime: '1' }, [healthyFailing], [], 0);
    assert.deepEqual(parseLiveStatus(JSON.stringify(live))?.services[0].probeFailures, { count: 1, of: 3 });
    const bad = JSON.stringify({ ...live, services: [{ ...live.services[0], probeFailures: { count: -1, of: 'x' } }] });
    assert.equal(parseLiveStatus(bad)?.services[0].probeFailures, undefined);
  });

  it('the engine counts consecutive failures toward retries and publishes the count; a pass resets it', async () => {
    const w = world();
    let failing = false;
    w.probes.script.set('api', () => !failing);
    const engine = w.engine(stack(svc('api', { health: health({ interval: 40, retries: 3 }) })));
    assert.ok((await engine.up(['api'])).ok);
    assert.deepEqual(engine.status()[0].probeFailures, { count: 0, of: 3 });
    failing = true;
    await until(() => engine.status()[0].probeFailures?.count === 1);
    assert.equal(engine.status()[0].state, 'healthy');
    await until(() => engine.status()[0].probeFailures?.count === 2);
    assert.equal(engine.status()[0].state, 'healthy');
    await until(() => engine.status()[0].state === 'unhealthy');
    assert.equal(engine.status()[0].probeFailures?.count, 3);
    failing = false;
    await until(() => engine.status()[0].state === 'healthy');
    assert.deepEqual(engine.status()[0].probeFailures, { count: 0, of: 3 });
    await engine.down();
  });

  it('while unhealthy, the reason is the latest failing probe, so the detail and the probe number are one probe', async () => {
    const w = world();
    let n = 0;
    w.probes.run = () => {
      n++;
      return Promise.resolve({ ok: n < 3, latencyMs: n, at: Date.now(), detail: n < 3 ? 'ok' : `refused after ${n} ms` });
    };
    const engine = w.engine(stack(svc('api', { health: health({ interval: 30, retries: 1 }) })));
    await engine.up(['api']);
    await until(() => engine.status()[0].state === 'unhealthy' && n >= 6);
    const st = engine.status()[0];
    assert.equal(st.reason, st.lastProbe?.detail);
    assert.equal(st.reason, `refused after ${st.lastProbe?.latencyMs} ms`);
    const card = dashboardModel(snap(st)).services[0];
    assert.equal(card.detail, `refused after ${card.latencyMs} ms`);
    await engine.down();
  });

  it('a paused service shows no probe number beside its pause (its port may still answer), as on its tree row', () => {
    const paused = status('unhealthy', { reason: 'paused (SIGSTOP)', lastProbe: { ...failed, ok: true, detail: 'ok' }, pid: 7 });
    const card = dashboardModel(snap(paused)).services[0];
    assert.equal(card.detail, 'paused (SIGSTOP)');
    assert.equal(card.latencyMs, undefined);
  });
});
