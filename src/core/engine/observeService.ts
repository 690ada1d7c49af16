import { configHash } from '../config/configHash';
import type { ServiceSpec } from '../config/model';
import type { Clock, Disposable, EngineHealth, ProbeRunner, RunHandle, RunRecord, ServiceRunner } from '../ports';
import { pausedReason } from './paused';
import { describeExit, isCleanExit } from './describeExit';
import { recordedEnd } from './recordedEnd';
import { markedByWatchdog, WATCHDOG_STOPPED, WATCHDOG_STOPPING } from './watchdogMark';
import { NOT_CHECKED_UNTRUSTED } from './restricted';
import { runProbe } from './runProbe';
import type { ProbeTurns } from './probeTurns';
import type { ServiceStatus } from './state';

/**
 * What is true of a service right now, without starting or stopping anything: is the recorded
 * instance alive (runner.adopt, whose context is aborted on return so it follows no logs), and
 * does one probe pass.
 */
export async function observeService(
  spec: ServiceSpec,
  base: ServiceStatus,
  record: RunRecord | undefined,
  deps: {
    runner?: ServiceRunner;
    probes: ProbeRunner;
    clock: Clock;
    runDir: string;
    probe?: boolean;
    notProbed?: string;
    /** Paces the probes of services observed together (see probeTurns). */
    turns?: ProbeTurns;
  },
): Promise<ServiceStatus> {
  const ac = new AbortController();
  let arrived = false;
  try {
    let handle: RunHandle | undefined;
    // What the run that ended it saw (a job completed, a crash with its code): the same words as that run's own view.
    const end = recordedEnd(record, spec.kind);
    if (end?.state === 'completed') return { ...base, state: 'completed', since: end.since, lastExit: end.lastExit };
    // Restricted Mode: an external service can only be known by probing it, which runs nothing of ours but sends what the repo says.
    if (deps.probe === false && spec.kind === 'external') return { ...base, reason: deps.notProbed ?? NOT_CHECKED_UNTRUSTED };
    if (end) return { ...base, state: end.state, since: end.since, reason: end.reason, lastExit: end.lastExit };
    if (spec.kind !== 'external') {
      if (!record || record.kind !== spec.kind || !deps.runner?.adopt) return base;
      // A dead supervisor's watchdog is stopping it: a Stackpilot stop, not a crash, once it is gone.
      const byWatchdog = markedByWatchdog(record, deps.clock.now());
      // A container that ended while nobody watched is still there with its exit code: that is the truth, not `stopped`.
      const ended = await deps.runner.endedInstance?.(spec, record).catch(() => undefined);
      if (ended && byWatchdog) return { ...base, state: 'stopped', since: ended.at, reason: WATCHDOG_STOPPED };
      if (ended)
        return {
          ...base,
          state: isCleanExit(ended) ? 'completed' : 'exited',
          since: ended.at,
          reason: describeExit(ended),
          lastExit: ended,
        };
      const ctx = { env: { ...spec.environment }, runDir: deps.runDir, signal: ac.signal, onLog: () => undefined, observeOnly: true };
      handle = await deps.runner.adopt(spec, record, ctx).catch(() => undefined);
      // A process recorded as started, never stopped by Stackpilot (a stop drops the record), and gone from /proc: it ended on its own.
      // (A container may only be out of reach while its engine is away: no verdict then.)
      if (!handle && byWatchdog) return { ...base, state: 'stopped', reason: WATCHDOG_STOPPED };
      if (!handle) return spec.kind === 'process' ? { ...base, state: 'exited', reason: GONE_UNSTOPPED } : base;
      if (byWatchdog) return { ...base, state: 'stopping', reason: WATCHDOG_STOPPING, pid: handle.pid, instanceId: handle.id };
    }
    const live: ServiceStatus = {
      ...base,
      pid: handle?.pid,
      instanceId: handle?.id,
      adopted: handle !== undefined,
      since: record?.startedAt ?? base.since,
    };
    const changed =
      record && record.configHash !== configHash(spec) ? 'configuration changed since it was started: up restarts it' : undefined;
    const health = spec.health;
    // The OS's word beats any probe: a stopped process's port still accepts connections.
    if (await handle?.paused?.().catch(() => false)) return { ...live, state: 'unhealthy', reason: pausedReason(spec.kind) };
    if (deps.probe === false) return { ...live, state: 'running', reason: deps.notProbed ?? NOT_CHECKED_UNTRUSTED };
    if (!health && handle?.onEngineHealth) {
      // The engine's own verdict (an image's HEALTHCHECK), read once.
      const h = await firstEngineHealth(handle, deps.clock, ENGINE_HEALTH_WAIT_MS);
      if (h)
        return {
          ...live,
          state: h.status === 'starting' ? 'starting' : h.status,
          reason: changed ?? (h.status === 'healthy' ? undefined : `docker health check: ${h.status}${h.detail ? `: ${h.detail}` : ''}`),
        };
    }
    if (!health) return { ...live, state: 'running', reason: changed };
    if (health.probe.kind === 'log') return { ...live, state: 'running', reason: changed ?? 'log probe: readiness is not re-checked' };
    arrived = true;
    const done = await deps.turns?.arrive();
    const result = await runProbe(deps.probes, deps.clock, health.probe, { service: spec.name, timeoutMs: health.timeout, handle });
    done?.();
    return {
      ...live,
      state: result.ok ? 'healthy' : 'unhealthy',
      reason: changed ?? (result.ok ? undefined : result.detail),
      lastProbe: result,
    };
  } finally {
    if (!arrived) deps.turns?.leave();
    ac.abort();
  }
}

const ENGINE_HEALTH_WAIT_MS = 3000;

/** A recorded instance that is no longer running and that no Stackpilot stop ended: not `stopped`. */
export const GONE_UNSTOPPED = 'exited (status unknown): no longer running, and not stopped by Stackpilot';

function firstEngineHealth(handle: RunHandle, clock: Clock, ms: number): Promise<EngineHealth | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const subs: Disposable[] = [];
    const done = (h: EngineHealth | undefined) => {
      if (settled) return;
      settled = true;
      for (const d of subs) d.dispose();
      resolve(h);
    };
    subs.push(clock.setTimeout(() => done(undefined), ms));
    subs.push(handle.onEngineHealth!((h) => done(h)));
    if (settled) for (const d of subs) d.dispose();
  });
}
