import { canonicalJson, configHash, withoutLocations } from './configHash';
import type { ServiceSpec, StackConfig } from './model';

/** How the stack file as it is now differs from the config a run started with, service by service. */
export interface StackChanges {
  /** Its definition changed in what the running instance is made of (command, env, image, ...): a running one restarts. */
  redefined: string[];
  /** Only how it is watched or scheduled changed (health, restart policy, depends_on, ...): applied without a restart. */
  retuned: string[];
  /** New in the file: not known to the run. */
  added: string[];
  /** Gone from the file: still known to the run. */
  removed: string[];
  /** Its kind changed (process <-> docker): the run cannot swap it in place. */
  kindChanged: string[];
  /** Now depends on a service the run does not know (an added one): not applied. */
  needsAdded: string[];
}

/** Where a service (or a key in it, a dependency) is written does not change it: a line added above it moves every location. */
function definition(spec: ServiceSpec): string {
  return canonicalJson(withoutLocations(spec));
}

/** Compares `before` (what runs) with `after` (the file now); `only`: just these services. */
export function stackChanges(before: StackConfig, after: StackConfig, only?: readonly string[]): StackChanges {
  const c: StackChanges = { redefined: [], retuned: [], added: [], removed: [], kindChanged: [], needsAdded: [] };
  const wanted = (n: string) => !only || only.includes(n);
  for (const name of Object.keys(after.services).filter(wanted)) if (!before.services[name]) c.added.push(name);
  for (const name of Object.keys(before.services).filter(wanted)) {
    const old = before.services[name]!;
    const now = after.services[name];
    if (!now) c.removed.push(name);
    else if (now.kind !== old.kind) c.kindChanged.push(name);
    else if (now.dependsOn.some((d) => !before.services[d.service])) c.needsAdded.push(name);
    else if (configHash(now) !== configHash(old)) c.redefined.push(name);
    else if (definition(now) !== definition(old)) c.retuned.push(name);
  }
  return c;
}

/** What of `changes` a run can apply in place: services it knows, of the same kind, depending only on services it knows. */
export function applicable(changes: StackChanges): string[] {
  return [...changes.redefined, ...changes.retuned];
}

/** The services of `changes` that a run cannot apply in place, each with why, for a message (empty when none). */
export function notApplicable(changes: StackChanges): string[] {
  return [
    ...changes.added.map((n) => `${n} (added)`),
    ...changes.removed.map((n) => `${n} (removed)`),
    ...changes.kindChanged.map((n) => `${n} (its kind changed)`),
    ...changes.needsAdded.map((n) => `${n} (depends on an added service)`),
  ];
}
