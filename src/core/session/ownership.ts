import type { ServiceStatus } from '../engine/state';

/** An instance a supervisor left running on purpose when it exited (`stackpilot up --wait`). */
export interface HandedOverInstance {
  service: string;
  instanceId: string;
}

/**
 * What a window takes ownership of when it resumes supervising what an earlier run left running:
 * with stopOnClose on, it stops them when it closes (and its watchdog does, should it crash).
 * Not taken: an instance `stackpilot up --wait` left running (the user detached it from a terminal
 * on purpose), recognised by its instance id (a restart makes a new instance, which is the
 * window's). With stopOnClose off nothing is taken: the user keeps the stack beyond the window.
 */
export function takenOver(adopted: readonly ServiceStatus[], detached: readonly HandedOverInstance[], stopOnClose: boolean): string[] {
  if (!stopOnClose) return [];
  const kept = new Set(detached.map((d) => `${d.service}\0${d.instanceId}`));
  return adopted.filter((s) => !(s.instanceId !== undefined && kept.has(`${s.name}\0${s.instanceId}`))).map((s) => s.name);
}

/** The running instances of `statuses` (what a hand-over leaves behind). */
export function runningInstances(statuses: readonly ServiceStatus[]): HandedOverInstance[] {
  return statuses
    .filter((s) => s.instanceId !== undefined && s.kind !== 'external')
    .map((s) => ({ service: s.name, instanceId: s.instanceId! }));
}

/** A hand-over record as read from disk: bounded and checked (a malformed one is none). */
export function parseHandOver(text: string): HandedOverInstance[] {
  if (text.length > 1_000_000) return [];
  try {
    const v = JSON.parse(text) as { instances?: unknown };
    if (!v || !Array.isArray(v.instances)) return [];
    return v.instances
      .filter(
        (i): i is HandedOverInstance =>
          !!i &&
          typeof (i as HandedOverInstance).service === 'string' &&
          typeof (i as HandedOverInstance).instanceId === 'string' &&
          (i as HandedOverInstance).instanceId.length > 0,
      )
      .map((i) => ({ service: i.service, instanceId: i.instanceId }));
  } catch {
    return [];
  }
}
