import type { ServiceSpec } from '../config/model';
import { isFailing } from '../status/serviceStates';
import { evaluateDependencies, type DependencyView } from './conditions';
import type { ServiceStatus } from './state';

/**
 * An observation (`stackpilot status` with no supervisor) finds a service that never ran (no
 * instance, no record) as `stopped`. When a dependency it requires has failed, it is what the run
 * that started the stack said of it, and what a start now would say: `failed`, `blocked: dependency
 * web failed (...)`, the engine's own words. A chain of dependents is blocked in turn. Pure.
 */
export function blockedWhenObserved(
  statuses: readonly ServiceStatus[],
  specs: Readonly<Record<string, ServiceSpec>>,
  hasHealthCheck: (name: string) => boolean,
  /** Only these (the selected profile): a service outside it was never meant to run. */
  selected: readonly string[],
): ServiceStatus[] {
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const lookup = (name: string): DependencyView | undefined => {
    const status = byName.get(name);
    return status && { status, hasHealthCheck: hasHealthCheck(name) };
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const s of byName.values()) {
      const spec = specs[s.name];
      if (!spec || !selected.includes(s.name) || s.state !== 'stopped' || s.pid !== undefined || s.reason !== undefined) continue;
      const blocked = evaluateDependencies(spec, lookup).blocked;
      const dep = blocked && byName.get(blocked.service);
      // Only a dependency that failed: one that is merely stopped leaves its dependents stopped too.
      if (!blocked || !dep || !isFailing(dep.state)) continue;
      byName.set(s.name, { ...s, state: 'failed', reason: `blocked: dependency ${blocked.service} failed (${blocked.reason})` });
      changed = true;
    }
  }
  return statuses.map((s) => byName.get(s.name)!);
}
