import { configHash } from '../config/configHash';
import type { ServiceSpec } from '../config/model';
import type { Clock, ProbeRunner, RunHandle, RunRecord, ServiceRunner } from '../ports';
import { runProbe } from './runProbe';
import type { ServiceStatus } from './state';

/**
 * What is true of a service right now, without starting or stopping anything: is the recorded
 * instance alive (runner.adopt, whose context is aborted on return so it follows no logs), and
 * does one probe pass.
 */
export async function observeService(spec: ServiceSpec, base: ServiceStatus, record: RunRecord | undefined, deps: { runner?: ServiceRunner; probes: ProbeRunner; clock: Clock; runDir: string }): Promise<ServiceStatus> {
  const ac = new AbortController();
  try {
    let handle: RunHandle | undefined;
    if (record?.completedAt !== undefined && record.kind === spec.kind) return { ...base, state: 'completed', since: record.completedAt };
    if (spec.kind !== 'external') {
      if (!record || record.kind !== spec.kind || !deps.runner?.adopt) return base;
      const ctx = { env: { ...spec.environment }, runDir: deps.runDir, signal: ac.signal, onLog: () => undefined };
      handle = await deps.runner.adopt(spec, record, ctx).catch(() => undefined);
      if (!handle) return base;
    }
    const live: ServiceStatus = { ...base, pid: handle?.pid, instanceId: handle?.id, adopted: handle !== undefined, since: record?.startedAt ?? base.since };
    const changed = record && record.configHash !== configHash(spec) ? 'configuration changed since it was started: up restarts it' : undefined;
    const health = spec.health;
    if (!health) return { ...live, state: 'running', reason: changed };
    if (health.probe.kind === 'log') return { ...live, state: 'running', reason: changed ?? 'log probe: readiness is not re-checked' };
    const result = await runProbe(deps.probes, deps.clock, health.probe, { service: spec.name, timeoutMs: health.timeout, handle });
    return { ...live, state: result.ok ? 'healthy' : 'unhealthy', reason: changed ?? (result.ok ? undefined : result.detail), lastProbe: result };
  } finally {
    ac.abort();
  }
}
