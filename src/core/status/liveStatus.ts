/**
 * The live status a supervising process publishes for every other process (`stackpilot status`,
 * a second window): each service's state, reason, exit, restarts, pid and last probe, and the
 * firing alerts. Pure: building it and parsing it back (bounded and checked: the file is only a
 * claim, read only when the lock's verified holder is the publisher it names).
 */
import type { ServiceState, ServiceStatus } from '../engine/state';
import type { AlertView, Silence } from '../alerts/model';
import { isServiceState } from './serviceStates';

export interface LiveAlert {
  key: string;
  ruleId: string;
  service: string | null;
  severity: string;
  summary: string;
  firingSince: number | null;
  /** As the supervisor shows it (another window counts and colours it the same way). */
  metric?: string;
  threshold?: number;
  acknowledged?: boolean;
  silenced?: boolean;
  /** Until when it is silenced (epoch ms), when it is. */
  silencedUntil?: number;
  inhibitedBy?: string[];
}

export interface LiveStatus {
  version: 1;
  stack: string;
  /** The publisher: the process holding the stack's lock (pid + start time from /proc). */
  supervisor: { pid: number; startTime: string };
  /** Epoch ms of this write. Rewritten at least every `heartbeatMs` even when nothing changed. */
  updatedAt: number;
  /**
   * How often the publisher rewrites the file at the latest (its heartbeat): a reader that sees no
   * write for much longer knows the supervisor stopped answering (paused, hung). Absent in files of
   * publishers that made no such promise: those are never judged stale by age.
   */
  heartbeatMs?: number;
  /**
   * The supervisor's run: the profile it started (null: the stack's default) and the services it
   * selected. What `stackpilot status` names, not the reader's own default. Absent in files of
   * publishers that did not say (or before the run is recorded).
   */
  run?: LiveRun;
  /** The services as the supervisor sees them (without their transition history). */
  services: ServiceStatus[];
  alerts: LiveAlert[];
}

export interface LiveRun {
  profile: string | null;
  selected: string[];
}

export function liveStatusOf(
  stack: string,
  supervisor: LiveStatus['supervisor'],
  statuses: readonly ServiceStatus[],
  alerts: readonly AlertView[],
  now: number,
  heartbeatMs?: number,
  silences: readonly Silence[] = [],
  run?: LiveRun,
): LiveStatus {
  const until = new Map(silences.map((s) => [s.id, s.until]));
  return {
    version: 1,
    stack,
    supervisor,
    updatedAt: now,
    ...(heartbeatMs !== undefined ? { heartbeatMs } : {}),
    ...(run ? { run: { profile: run.profile, selected: [...run.selected] } } : {}),
    services: statuses.map((s) => ({ ...s, transitions: [] })),
    alerts: alerts
      .filter((a) => a.state === 'firing')
      .map((a) => ({
        key: a.key,
        ruleId: a.ruleId,
        service: a.service ?? null,
        severity: a.severity,
        summary: a.summary,
        firingSince: a.firingSince ?? null,
        metric: a.metric,
        threshold: a.threshold,
        acknowledged: a.acknowledged,
        silenced: !!a.silencedBy,
        ...(a.silencedBy && until.has(a.silencedBy) ? { silencedUntil: until.get(a.silencedBy) } : {}),
        inhibitedBy: a.inhibitedBy,
      })),
  };
}

/** Larger than any real stack's status: a bigger file is not read. */
export const MAX_LIVE_STATUS_BYTES = 4 * 1024 * 1024;
/** More services or alerts than any real stack has: such a file is not a status. */
const MAX_LIVE_SERVICES = 5000;
const MAX_LIVE_ALERTS = 20000;
/** The longest heartbeat a reader believes. */
export const MAX_HEARTBEAT_MS = 60_000;

const KINDS = new Set(['process', 'external', 'docker']);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 4096): string | undefined => (typeof v === 'string' ? v.slice(0, max) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function parseService(v: unknown): ServiceStatus | undefined {
  if (!isObj(v) || typeof v.name !== 'string' || !isServiceState(v.state) || !KINDS.has(v.kind as string)) return undefined;
  const pid = num(v.pid);
  const reason = str(v.reason);
  const instanceId = str(v.instanceId, 128);
  const probe =
    isObj(v.lastProbe) && typeof v.lastProbe.ok === 'boolean' && num(v.lastProbe.at) !== undefined
      ? { ok: v.lastProbe.ok, latencyMs: num(v.lastProbe.latencyMs) ?? 0, detail: str(v.lastProbe.detail) ?? '', at: num(v.lastProbe.at)! }
      : undefined;
  const fails = isObj(v.probeFailures) ? { count: num(v.probeFailures.count), of: num(v.probeFailures.of) } : undefined;
  const probeFailures =
    fails && Number.isSafeInteger(fails.count) && Number.isSafeInteger(fails.of) && fails.count! >= 0 && fails.of! >= 1
      ? { count: fails.count!, of: fails.of! }
      : undefined;
  const exit =
    isObj(v.lastExit) && num(v.lastExit.at) !== undefined
      ? {
          code: num(v.lastExit.code) ?? null,
          signal: str(v.lastExit.signal, 32) ?? null,
          at: num(v.lastExit.at)!,
          ...(v.lastExit.oomKilled === true ? { oomKilled: true } : {}),
        }
      : undefined;
  return {
    name: v.name.slice(0, 256),
    kind: v.kind as ServiceStatus['kind'],
    state: v.state as ServiceState,
    since: num(v.since) ?? 0,
    waitingOn: Array.isArray(v.waitingOn) ? v.waitingOn.filter((w): w is string => typeof w === 'string').slice(0, 256) : [],
    restarts: num(v.restarts) ?? 0,
    adopted: v.adopted === true,
    transitions: [],
    ...(reason !== undefined ? { reason } : {}),
    ...(pid !== undefined && Number.isSafeInteger(pid) && pid > 0 ? { pid } : {}),
    ...(instanceId !== undefined ? { instanceId } : {}),
    ...(probe ? { lastProbe: probe } : {}),
    ...(probeFailures ? { probeFailures } : {}),
    ...(exit ? { lastExit: exit } : {}),
  };
}

function parseAlert(v: unknown): LiveAlert | undefined {
  if (!isObj(v) || typeof v.key !== 'string' || typeof v.ruleId !== 'string') return undefined;
  return {
    key: v.key.slice(0, 512),
    ruleId: v.ruleId.slice(0, 256),
    service: str(v.service, 256) ?? null,
    severity: str(v.severity, 32) ?? 'warning',
    summary: str(v.summary) ?? '',
    firingSince: num(v.firingSince) ?? null,
    ...(str(v.metric, 64) !== undefined ? { metric: str(v.metric, 64) } : {}),
    ...(num(v.threshold) !== undefined ? { threshold: num(v.threshold) } : {}),
    ...(typeof v.acknowledged === 'boolean' ? { acknowledged: v.acknowledged } : {}),
    ...(typeof v.silenced === 'boolean' ? { silenced: v.silenced } : {}),
    ...(v.silenced === true && num(v.silencedUntil) !== undefined ? { silencedUntil: num(v.silencedUntil) } : {}),
    ...(Array.isArray(v.inhibitedBy)
      ? {
          inhibitedBy: v.inhibitedBy
            .filter((x): x is string => typeof x === 'string')
            .slice(0, 64)
            .map((x) => x.slice(0, 256)),
        }
      : {}),
  };
}

/** The run's profile and selection, bounded; undefined when not one. */
function parseRun(v: unknown): LiveRun | undefined {
  if (!isObj(v) || !Array.isArray(v.selected) || v.selected.length > MAX_LIVE_SERVICES) return undefined;
  if (v.profile !== null && typeof v.profile !== 'string') return undefined;
  const selected = v.selected.filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, 256));
  return { profile: v.profile === null ? null : v.profile.slice(0, 256), selected };
}

/** The published status, or undefined when the text is not one (too big, not JSON, wrong shape). */
export function parseLiveStatus(text: string): LiveStatus | undefined {
  if (text.length > MAX_LIVE_STATUS_BYTES) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (
    !isObj(v) ||
    v.version !== 1 ||
    typeof v.stack !== 'string' ||
    !isObj(v.supervisor) ||
    !Array.isArray(v.services) ||
    !Array.isArray(v.alerts)
  )
    return undefined;
  const pid = num(v.supervisor.pid);
  const startTime = v.supervisor.startTime;
  if (pid === undefined || !Number.isSafeInteger(pid) || pid <= 0 || typeof startTime !== 'string' || !/^\d{1,20}$/.test(startTime))
    return undefined;
  if (v.services.length > MAX_LIVE_SERVICES || v.alerts.length > MAX_LIVE_ALERTS) return undefined;
  const services = v.services.map(parseService);
  if (services.some((s) => !s)) return undefined;
  const heartbeatMs = num(v.heartbeatMs);
  const run = parseRun(v.run);
  return {
    version: 1,
    stack: v.stack.slice(0, 256),
    supervisor: { pid, startTime },
    updatedAt: num(v.updatedAt) ?? 0,
    // Clamped: a file claiming a heartbeat of a day must not keep a dead view "fresh" for a day.
    ...(heartbeatMs !== undefined && heartbeatMs > 0 ? { heartbeatMs: Math.min(Math.max(heartbeatMs, 100), MAX_HEARTBEAT_MS) } : {}),
    ...(run ? { run } : {}),
    services: services as ServiceStatus[],
    alerts: v.alerts.map(parseAlert).filter((a): a is LiveAlert => !!a),
  };
}
