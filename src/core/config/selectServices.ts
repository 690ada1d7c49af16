import { DependencyGraph } from '../graph/DependencyGraph';
import type { StackConfig } from './model';
import { didYouMean } from './suggest';

/**
 * Which services to start, dependencies first.
 * - `services`: those services (whatever their profiles, as `docker compose up NAME` does).
 * - `profile`: a native profile (its list, `"*"` = all), else a compose profile tag: every service
 *   without profiles plus those tagged with it (`docker compose --profile p up`).
 * - neither: `defaultProfile`, else what a plain `docker compose up` starts (services without profiles).
 * Either way everything they depend on comes along, transitively.
 */
export function selectServices(config: StackConfig, sel: { profile?: string; services?: string[] }): { services: string[]; errors: string[] } {
  const all = Object.keys(config.services);
  const errors: string[] = [];
  const roots = new Set<string>();
  const profile = sel.profile ?? (sel.services?.length ? undefined : config.defaultProfile);
  if (profile !== undefined) {
    const native = Object.prototype.hasOwnProperty.call(config.profiles, profile) ? config.profiles[profile] : undefined;
    const tagged = all.filter((n) => config.services[n].profiles.includes(profile));
    if (native) {
      for (const n of native.includes('*') ? all : native) roots.add(n);
    } else if (tagged.length > 0) {
      for (const n of all) if (config.services[n].profiles.length === 0 || tagged.includes(n)) roots.add(n);
    } else {
      const known = [...new Set([...Object.keys(config.profiles), ...all.flatMap((n) => config.services[n].profiles)])];
      errors.push(`Unknown profile \`${profile}\`.${didYouMean(profile, known)}`);
    }
  }
  for (const n of sel.services ?? []) {
    if (config.services[n]) roots.add(n);
    else errors.push(`Unknown service \`${n}\`.${didYouMean(n, all)}`);
  }
  if (profile === undefined && !sel.services?.length) for (const n of all) if (config.services[n].profiles.length === 0) roots.add(n);
  const graph = new DependencyGraph(Object.fromEntries(all.map((n) => [n, config.services[n].dependsOn.map((d) => d.service)])));
  const chosen = graph.closure(roots);
  try {
    return { services: graph.topologicalOrder(chosen), errors };
  } catch (e) {
    return { services: [...chosen], errors: [...errors, (e as Error).message] };
  }
}

/** Every profile a user can pick: native profiles first, then compose profile tags. */
export function listProfiles(config: StackConfig): string[] {
  return [...new Set([...Object.keys(config.profiles), ...Object.values(config.services).flatMap((s) => s.profiles)])];
}
