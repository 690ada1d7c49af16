import { DependencyGraph } from '../graph/DependencyGraph';
import type { StackConfig } from './model';
import { closest, didYouMean } from './suggest';

/**
 * Which services to start, dependencies first.
 * - `services`: those services (whatever their profiles, as `docker compose up NAME` does).
 * - `profile`: a native profile (its list, `"*"` = all), else a compose profile tag: every service
 *   without profiles plus those tagged with it (`docker compose --profile p up`).
 * - neither: COMPOSE_PROFILES (environment or `.env`), else `defaultProfile`, else what a plain `docker compose up` starts (services without profiles).
 * Either way everything they depend on comes along, transitively.
 */
export function selectServices(
  config: StackConfig,
  sel: { profile?: string; services?: string[] },
): { services: string[]; errors: string[] } {
  const all = Object.keys(config.services);
  const errors: string[] = [];
  const roots = new Set<string>();
  const profile = sel.profile ?? (sel.services?.length ? undefined : (config.envProfiles ?? config.defaultProfile));
  // Several compose profiles at once: `--profile a,b` or COMPOSE_PROFILES=a,b.
  const names =
    profile === undefined
      ? []
      : profile
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean);
  // COMPOSE_PROFILES is often set by a template for profiles a file may not have: unknown ones are skipped, as compose does.
  const fromEnv = sel.profile === undefined && config.envProfiles !== undefined && profile === config.envProfiles;
  let tags = fromEnv;
  for (const p of names) {
    const native = Object.prototype.hasOwnProperty.call(config.profiles, p) ? config.profiles[p] : undefined;
    const tagged = all.filter((n) => config.services[n].profiles.includes(p));
    if (native) {
      for (const n of native.includes('*') ? all : native) roots.add(n);
    } else if (tagged.length > 0) {
      tags = true;
      for (const n of tagged) roots.add(n);
    } else if (p !== '*' && !fromEnv) {
      const known = listProfiles(config);
      const near = closest(p, known);
      errors.push(
        `Unknown profile \`${p}\`.${near ? ` Did you mean \`${near}\`?` : ''} ${known.length ? `Profiles of this stack: ${known.map((k) => `\`${k}\``).join(', ')}.` : 'This stack defines no profiles.'}`,
      );
    } else if (p === '*') {
      tags = true;
      for (const n of all) roots.add(n);
    }
  }
  if (tags) for (const n of all) if (config.services[n].profiles.length === 0) roots.add(n);
  for (const n of sel.services ?? []) {
    if (Object.prototype.hasOwnProperty.call(config.services, n)) roots.add(n);
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
