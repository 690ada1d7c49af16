import { stopGroup } from './signalGroup';
import { findMarkedProcesses } from './verifyProcess';

/**
 * Stops every process group of `services` that verifiably belongs to this stack: a live group
 * leader of our uid carrying STACKPILOT_STACK=<stackId> and its STACKPILOT_SERVICE, checked in
 * /proc (start time, owner, markers, group) right before it is signalled. SIGTERM to the group,
 * SIGKILL after the service's grace period. Returns the services stopped.
 */
export async function stopMarkedProcesses(stackId: string, services: { service: string; graceMs: number }[]): Promise<string[]> {
  const grace = new Map(services.map((s) => [s.service, s.graceMs]));
  const found = (await findMarkedProcesses(stackId)).filter((p) => grace.has(p.service));
  await Promise.all(found.map((p) => stopGroup(p.pid, grace.get(p.service)!)));
  return [...new Set(found.map((p) => p.service))].sort();
}
