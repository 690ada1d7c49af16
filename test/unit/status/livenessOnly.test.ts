import { strict as assert } from 'node:assert';
import type { HealthSpec, ServiceSpec } from '../../../src/core/config/model';
import { serviceTooltip } from '../../../src/core/editor/serviceTooltip';
import { livenessOnly } from '../../../src/core/status/livenessOnly';
import { statusOf } from '../statusOf';

const health = (probe: HealthSpec['probe']): HealthSpec => ({ probe, interval: 1000, timeout: 1000, retries: 3, startPeriod: 0 });
const spec = (kind: ServiceSpec['kind'], h?: HealthSpec): ServiceSpec => ({ name: 'svc', kind, health: h }) as unknown as ServiceSpec;

describe('livenessOnly (what running/healthy means without a re-checked probe)', () => {
  it('a process without a health check: running means alive and not paused', () => {
    assert.equal(livenessOnly(spec('process')), 'liveness only: no health check, so running means its process is alive and not paused');
  });
  it('a log probe is matched once at start, for processes and containers', () => {
    assert.match(
      livenessOnly(spec('process', health({ kind: 'log', pattern: 'ready' } as HealthSpec['probe'])))!,
      /^liveness only: the log probe is matched once at start/,
    );
    assert.match(livenessOnly(spec('docker', health({ kind: 'log', pattern: 'ready' } as HealthSpec['probe'])))!, /its container runs$/);
  });
  it('says nothing for a polled probe, or a container without one (its image may have a HEALTHCHECK)', () => {
    assert.equal(livenessOnly(spec('process', health({ kind: 'tcp', host: '127.0.0.1', port: 1 } as HealthSpec['probe']))), undefined);
    assert.equal(livenessOnly(spec('docker')), undefined);
  });
  it("the Services tree's tooltip says it, with what running means", () => {
    const liveness = livenessOnly(spec('process'));
    const md = serviceTooltip(
      { name: 'worker', kind: 'process', status: statusOf('worker', 'running', { pid: 42 }), liveness },
      Date.now(),
    );
    assert.match(md, /Liveness only\\?: no health check, so running means its process is alive and not paused/);
    const tcp = livenessOnly(spec('process', health({ kind: 'tcp', host: '127.0.0.1', port: 1 } as HealthSpec['probe'])));
    assert.doesNotMatch(
      serviceTooltip({ name: 'api', kind: 'process', status: statusOf('api', 'healthy'), liveness: tcp }, Date.now()),
      /iveness only/,
    );
  });
});
