/** How the Services tree groups its rows (`stackpilot.tree.groupBy`). Pure: no editor, no I/O. */
import type { StackConfig } from '../config/model';
import { listProfiles, selectServices } from '../config/selectServices';
import type { ServiceStatus } from '../engine/state';
import { stateInfo, type StateGroup } from '../../shared/stateTable';

export type GroupBy = 'none' | 'profile' | 'state';
export const GROUP_BY_MODES: readonly GroupBy[] = ['none', 'profile', 'state'];

export interface ServiceGroup {
  /** Stable, unique among groups: `profile:dev`, `state:up`. */
  id: string;
  label: string;
  /** e.g. `active` for the profile in effect, or the count. */
  description?: string;
  services: string[];
}

/** The mode after `mode` in the view title's toggle: none -> profile -> state -> none. */
export function nextGroupBy(mode: GroupBy): GroupBy {
  return GROUP_BY_MODES[(GROUP_BY_MODES.indexOf(mode) + 1) % GROUP_BY_MODES.length];
}

export function parseGroupBy(value: unknown): GroupBy {
  return GROUP_BY_MODES.includes(value as GroupBy) ? (value as GroupBy) : 'none';
}

/** Most urgent first, so what needs attention is at the top of the view; states from the one state table. */
const STATE_BUCKETS: { id: StateGroup; label: string }[] = [
  { id: 'failing', label: 'Failing' },
  { id: 'starting', label: 'Starting' },
  { id: 'up', label: 'Up' },
  { id: 'completed', label: 'Completed' },
  { id: 'stopped', label: 'Stopped' },
];

export interface GroupInput {
  config: StackConfig;
  /** The services of the profile in effect (start order); empty = every service. */
  selected: string[];
  profile?: string;
  statuses: readonly ServiceStatus[];
}

/**
 * Groups for the tree's top level; undefined for `none` (a flat list).
 * - `profile`: one group per profile (native first, then compose tags) listing what starting it
 *   brings up, dependencies included, in start order; the profile in effect is marked `active`;
 *   services no profile starts go under "No profile". A service may appear in several groups.
 * - `state`: Failing, Starting, Up, Completed, Stopped (empty groups left out) over the selected
 *   services plus any other service that is not stopped (something running outside the profile).
 */
export function groupServices(input: GroupInput, by: GroupBy): ServiceGroup[] | undefined {
  if (by === 'profile') return byProfile(input);
  if (by === 'state') return byState(input);
  return undefined;
}

function byProfile({ config, profile }: GroupInput): ServiceGroup[] {
  const all = Object.keys(config.services);
  const covered = new Set<string>();
  const groups: ServiceGroup[] = listProfiles(config).map((p) => {
    const native = config.profiles[p] !== undefined;
    // A compose tag alone would also start every untagged service: list only what the tag adds.
    const services = native
      ? selectServices(config, { profile: p }).services
      : selectServices(config, { services: all.filter((n) => config.services[n].profiles.includes(p)) }).services;
    for (const s of services) covered.add(s);
    return { id: `profile:${p}`, label: p, ...(p === profile ? { description: 'active' } : {}), services };
  });
  const rest = all.filter((n) => !covered.has(n));
  if (rest.length) groups.push({ id: 'profile:', label: groups.length ? 'No profile' : 'All services', services: rest });
  return groups;
}

function byState({ config, selected, statuses }: GroupInput): ServiceGroup[] {
  const stateOf = new Map(statuses.map((s) => [s.name, s.state]));
  const base = selected.length ? selected : Object.keys(config.services);
  const others = Object.keys(config.services).filter((n) => !base.includes(n) && (stateOf.get(n) ?? 'stopped') !== 'stopped');
  const names = [...base, ...others];
  return STATE_BUCKETS.map((b) => {
    const services = names.filter((n) => stateInfo(stateOf.get(n) ?? 'stopped').group === b.id);
    return { id: `state:${b.id}`, label: b.label, description: String(services.length), services };
  }).filter((g) => g.services.length > 0);
}
