import type { Dependency, ServiceSpec } from '../config/model';
import { isDead, isLive, isTransient, isUp } from '../status/serviceStates';
import type { ServiceStatus } from './state';

/** What the scheduler knows about a dependency. */
export interface DependencyView {
  status: ServiceStatus;
  hasHealthCheck: boolean;
}

export interface DependencyVerdict {
  /** Unsatisfied dependencies, as "redis (healthy)". */
  waitingOn: string[];
  /** The first required dependency that cannot come up, with its reason. */
  blocked?: { service: string; reason: string };
  /** Things worth a log line when the service starts ("db has no health check..."). */
  notes: string[];
}

type Check = { ok: true; note?: string } | { ok: false; wait: true } | { ok: false; wait: false; reason: string };

const WAIT: Check = { ok: false, wait: true };

/**
 * Whether `spec` may start now, given the current status of what it depends on. A dependency in a
 * restart backoff is `waiting`, so it makes dependents wait rather than fail. Optional
 * (`required: false`) dependencies are waited for while they are on their way, ignored once they
 * fail or are not running at all.
 */
export function evaluateDependencies(spec: ServiceSpec, lookup: (name: string) => DependencyView | undefined): DependencyVerdict {
  const verdict: DependencyVerdict = { waitingOn: [], notes: [] };
  for (const dep of spec.dependsOn) {
    const view = lookup(dep.service);
    const check: Check = view ? checkCondition(dep, view) : { ok: false, wait: false, reason: 'it is not defined in the stack' };
    if (check.ok) {
      if (check.note) verdict.notes.push(check.note);
    } else if (check.wait) {
      verdict.waitingOn.push(`${dep.service} (${dep.condition})`);
    } else if (dep.required && !verdict.blocked) {
      verdict.blocked = { service: dep.service, reason: check.reason };
    }
  }
  return verdict;
}

function checkCondition(dep: Dependency, view: DependencyView): Check {
  const { status, hasHealthCheck } = view;
  const s = status.state;
  if (isDead(s)) return { ok: false, wait: false, reason: status.reason ?? s };
  if (s === 'stopped') return { ok: false, wait: false, reason: 'it is not running' };
  // On its way with no instance yet (waiting) or any more (stopping): nothing to judge.
  if (isTransient(s) && !isLive(s)) return WAIT;
  switch (dep.condition) {
    case 'started':
      // `starting` covers the pre-start checks and the runner's work too: started means an instance exists.
      if (s === 'starting') return status.instanceId !== undefined || status.kind === 'external' ? { ok: true } : WAIT;
      return { ok: true };
    case 'healthy':
      if (s === 'healthy') return { ok: true };
      if (s === 'unhealthy') return { ok: false, wait: false, reason: `unhealthy: ${status.reason ?? 'health check failing'}` };
      if (!hasHealthCheck && isUp(s)) {
        return { ok: true, note: `${dep.service} has no health check: condition healthy counts as met once it runs` };
      }
      if (s === 'completed') return { ok: false, wait: false, reason: 'it exited before becoming healthy' };
      return WAIT;
    case 'completed':
      return s === 'completed' ? { ok: true } : WAIT;
  }
}
