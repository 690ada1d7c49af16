/**
 * The Gantt model of the last start of a stack, from the engine's timestamped state transitions:
 * per service when it left `stopped` (then waiting on dependencies), when it started, when it was
 * first ready; and the critical path, the chain of services whose readiness gated the next start.
 * Pure.
 */
import type { ServiceStatus } from '../engine/state';
import { beginsStart, isDead, isOff, isUp } from '../status/serviceStates';
import type { StartTimeline, TimelineRow } from '../../shared/protocol';
import { changeRestarts } from './changeRestarts';

/** A dependency counts as the gate of a start when it was ready at most this long after it (clock granularity). */
const GATE_SLACK_MS = 50;
/** A start this soon after the previous group's last ready time still belongs to that start. */
const GROUP_GAP_MS = 1000;

export interface TimelineOptions {
  /** Time-to-all-ready of earlier starts, oldest first. */
  previousMs?: number[];
  /** What earlier per-service durations predict for this selection. */
  plannedMs?: number;
}

/** One start attempt of one service: from leaving `stopped` to ready or failed. */
function attempts(s: ServiceStatus, deps: (name: string) => readonly string[]): Omit<TimelineRow, 'critical'>[] {
  const out: Omit<TimelineRow, 'critical'>[] = [];
  const tr = s.transitions;
  for (let i = 0; i < tr.length; i++) {
    if (!beginsStart(tr[i])) continue;
    // Adopting what an earlier run left running is not a start: it would show as ready in 0 ms.
    if (tr[i].reason?.startsWith('adopted')) continue;
    const row: Omit<TimelineRow, 'critical'> = { service: s.name, dependsOn: [...deps(s.name)], queuedAt: tr[i].at };
    for (let j = i; j < tr.length; j++) {
      const t = tr[j];
      if (j > i && t.from === 'stopped') break; // the next attempt
      if (row.startedAt === undefined && t.to !== 'waiting') row.startedAt = t.at;
      if (isUp(t.to)) {
        row.readyAt = t.at;
        break;
      }
      if (isDead(t.to) || isOff(t.to)) {
        row.failedAt = t.at;
        break;
      }
    }
    out.push(row);
  }
  return out;
}

const end = (r: Omit<TimelineRow, 'critical'>) => r.readyAt ?? r.failedAt ?? Number.POSITIVE_INFINITY;

/**
 * The last start: start attempts are grouped where their [queued, ready] intervals overlap (or
 * follow within GROUP_GAP_MS); the
 * group with the most services wins (ties: the latest), so restarting one service later does not
 * hide the start of the whole stack. Undefined when nothing was started.
 */
export function startTimeline(
  statuses: readonly ServiceStatus[],
  deps: (name: string) => readonly string[],
  opts: TimelineOptions = {},
): StartTimeline | undefined {
  const all = statuses.flatMap((s) => attempts(s, deps)).sort((a, b) => a.queuedAt - b.queuedAt);
  if (!all.length) return undefined;
  const groups: (typeof all)[] = [];
  let reach = Number.NEGATIVE_INFINITY;
  for (const a of all) {
    if (a.queuedAt > reach + GROUP_GAP_MS) groups.push([]);
    groups[groups.length - 1].push(a);
    reach = Math.max(reach, end(a));
  }
  const size = (g: typeof all) => new Set(g.map((r) => r.service)).size;
  const group = groups.reduce((best, g) => (size(g) >= size(best) ? g : best));
  // One row per service: its latest attempt in the group.
  const byService = new Map(group.map((r) => [r.service, r]));
  const rows = [...byService.values()].sort(
    (a, b) => (a.startedAt ?? a.queuedAt) - (b.startedAt ?? b.queuedAt) || a.service.localeCompare(b.service),
  );
  const startedAt = Math.min(...rows.map((r) => r.queuedAt));
  const allReady = rows.every((r) => r.readyAt !== undefined);
  const readyAt = allReady ? Math.max(...rows.map((r) => r.readyAt!)) : undefined;

  const ready = rows.filter((r) => r.readyAt !== undefined);
  const critical: string[] = [];
  let last = ready.reduce<(typeof rows)[number] | undefined>((b, r) => (!b || r.readyAt! > b.readyAt! ? r : b), undefined);
  while (last && !critical.includes(last.service)) {
    critical.unshift(last.service);
    const startAt = last.startedAt ?? last.queuedAt;
    const gates = last.dependsOn
      .map((d) => byService.get(d))
      .filter((d): d is (typeof rows)[number] => d?.readyAt !== undefined && d.readyAt <= startAt + GATE_SLACK_MS);
    last = gates.reduce<(typeof rows)[number] | undefined>((b, d) => (!b || d.readyAt! > b.readyAt! ? d : b), undefined);
  }
  const onPath = new Set(critical);
  const restarts = changeRestarts(statuses);
  const tail = critical.length ? byService.get(critical[critical.length - 1])!.readyAt! : undefined;
  return {
    startedAt,
    ...(readyAt !== undefined ? { readyAt } : {}),
    rows: rows.map((r) => ({ ...r, critical: onPath.has(r.service) })),
    criticalPath: critical,
    ...(tail !== undefined ? { criticalPathMs: tail - startedAt } : {}),
    previousMs: opts.previousMs ?? [],
    ...(opts.plannedMs !== undefined ? { plannedMs: opts.plannedMs } : {}),
    ...(restarts.length ? { changeRestarts: restarts } : {}),
  };
}
