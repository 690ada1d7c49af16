/**
 * Scoring of `bench:truth`, pure: what the ground truth of a service is at one instant, whether
 * what Stackpilot shows agrees with it, and the share of agreeing instants — apart for the instants
 * right after a change of the truth, while a probe policy is still allowed to notice it.
 */
import type { ServiceState } from '../../src/core/engine/state';

/** down: no process / container; paused: stopped by SIGSTOP (or docker pause); unresponsive: alive, its port does not answer in time. */
export type Truth = 'down' | 'paused' | 'unresponsive' | 'up';

const DOWN: ReadonlySet<ServiceState> = new Set(['stopped', 'waiting', 'exited', 'failed', 'crash-looping', 'completed', 'stopping']);

/**
 * Whether a shown state is a true description of `truth`. `starting` says "being started, not yet
 * seen ready": true of a process or container that is not (yet) there, or not (yet) answering.
 */
export function agrees(truth: Truth, shown: ServiceState): boolean {
  switch (truth) {
    case 'down':
      return DOWN.has(shown) || shown === 'starting';
    case 'paused':
      return shown === 'unhealthy';
    case 'unresponsive':
      return shown === 'unhealthy' || shown === 'starting';
    case 'up':
      return shown === 'healthy' || shown === 'running' || shown === 'starting';
  }
}

export function truthOf(alive: boolean, paused: boolean, answering: boolean | undefined): Truth {
  if (!alive) return 'down';
  if (paused) return 'paused';
  return answering === false || answering === undefined ? 'unresponsive' : 'up';
}

export interface Sample {
  t: number;
  /** The status file's publisher is alive (pid + start time): otherwise nothing is shown as live. */
  live: boolean;
  services: Record<string, { truth: Truth; shown?: ServiceState }>;
}

export interface Bucket {
  agree: number;
  total: number;
}

export interface Score {
  outside: Bucket;
  allowed: Bucket;
  /** Instants with no live supervisor (killed, the next one not yet publishing). */
  unsupervised: number;
  /** Disagreements outside the allowed time, by `service: truth -> shown`. */
  misses: Record<string, number>;
}

/**
 * `allowanceMs(service, to)`: how long after the truth of `service` became `to` a stale view is
 * allowed (the probe policy for health changes; the crash target for a death). The same allowance
 * follows a supervisor's return, since the new one must probe before it knows.
 */
export function score(samples: readonly Sample[], allowanceMs: (service: string, to: Truth) => number): Score {
  const s: Score = { outside: { agree: 0, total: 0 }, allowed: { agree: 0, total: 0 }, unsupervised: 0, misses: {} };
  const last = new Map<string, { truth: Truth; since: number; allowance: number }>();
  let wasLive = true;
  for (const sample of samples) {
    if (!sample.live) {
      s.unsupervised++;
      wasLive = false;
      continue;
    }
    for (const [name, v] of Object.entries(sample.services)) {
      const prev = last.get(name);
      if (!prev || prev.truth !== v.truth)
        last.set(name, { truth: v.truth, since: sample.t, allowance: prev ? allowanceMs(name, v.truth) : 0 });
      if (!wasLive) last.set(name, { truth: v.truth, since: sample.t, allowance: allowanceMs(name, 'up') });
      const cur = last.get(name)!;
      const ok = v.shown !== undefined && agrees(v.truth, v.shown);
      const bucket = sample.t - cur.since < cur.allowance ? s.allowed : s.outside;
      bucket.total++;
      if (ok) bucket.agree++;
      else if (bucket === s.outside) {
        const key = `${name}: ${v.truth} -> ${v.shown ?? '(not shown)'}`;
        s.misses[key] = (s.misses[key] ?? 0) + 1;
      }
    }
    wasLive = true;
  }
  return s;
}

export const share = (b: Bucket): number => (b.total ? b.agree / b.total : NaN);
