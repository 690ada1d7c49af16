import type { AlertHistoryEntry } from '../alerts/AlertHistory';
import type { ServiceState, ServiceStatus } from '../engine/state';
import { beginsStart, isDown, isEnded, isOff, isUp, statusDetail } from '../status/serviceStates';
import type { LastRun } from './LastRun';
import { isTime } from './readLastRunRecord';
import { observedSinceRun } from './observedSinceRun';
import { serviceUptime } from './serviceUptime';
import { isoTime } from '../../shared/isoTime';

export interface StartupRow {
  service: string;
  /** Offsets from the run's start, ms. */
  queuedMs: number;
  startedMs: number | null;
  readyMs: number | null;
  failedMs: number | null;
}

export interface ReportService {
  name: string;
  kind: string;
  /** As observed when the report was made. */
  state: ServiceState;
  /** As recorded when the run ended (Ctrl-C on a supervising `up`); null while it runs or after `up --wait`. */
  stateAtEnd: ServiceState | null;
  since: string;
  detail: string;
  pid: number | null;
  restarts: number;
  uptime: { percent: number | null; upMs: number; downMs: number; source: 'monitor' | 'transitions'; target: number | null };
  probe: { p50: number | null; p95: number | null; p99: number | null; count: number } | null;
  cpuPercent: number | null;
  memoryBytes: number | null;
}

export interface ReportAlert {
  key: string;
  ruleId: string;
  service: string | null;
  severity: string;
  summary: string;
  fired: number;
  firingMs: number;
  state: 'firing' | 'resolved' | 'pending';
  lastAt: string;
}

/** The JSON `stackpilot report` writes; the HTML page shows the same. */
export interface RunReport {
  version: 1;
  generatedAt: string;
  stack: string;
  profile: string | null;
  run: {
    startedAt: string;
    endedAt: string | null;
    mode: LastRun['mode'];
    ok: boolean | null;
    failures: string[];
    allReadyMs: number | null;
  } | null;
  /** Counts over the services the run selected (its profile and their dependencies); all of them without a recorded run. */
  summary: { services: number; up: number; down: number; firing: number; alertTransitions: number };
  services: ReportService[];
  /** Services of the stack that the run did not select (another profile), as they are now: not counted above. */
  notInRun: { name: string; kind: string; state: ServiceState }[];
  startup: StartupRow[];
  alerts: {
    byAlert: ReportAlert[];
    transitions: (AlertHistoryEntry & { time: string })[];
    skippedLines: number;
    firstSkipped: string | null;
  };
  /** Parts of the inputs that were malformed and left out. */
  notes: string[];
}

export interface ReportInput {
  stack: string;
  profile: string | null;
  now: number;
  /** Services as they are now (observed). */
  statuses: readonly ServiceStatus[];
  lastRun?: LastRun;
  history: readonly AlertHistoryEntry[];
  skippedHistoryLines: number;
  /** Where the first skipped history line is, e.g. `.stackpilot/alerts.jsonl:3: \`at\` is not a time`. */
  firstSkippedHistoryLine?: string;
  /** What was wrong with the inputs and left out (a hand-edited or older last-run file). */
  notes?: readonly string[];
}

/** Health, uptime, alerts and the start-up timeline of the last run. Pure. */
export function buildReport(input: ReportInput): RunReport {
  const run = input.lastRun;
  const from = run?.startedAt ?? Number.NEGATIVE_INFINITY;
  const end = run?.endedAt ?? input.now;
  // Entries whose time `Date` cannot show are unreadable, like a corrupt line (the reader drops them too).
  const readable = input.history.filter((h) => isTime(h.at));
  const history = readable.filter((h) => h.at >= from && h.at <= end);
  const skippedLines = input.skippedHistoryLines + input.history.length - readable.length;
  // A report describes the run: what its profile selected. An old or hand-edited record without a
  // selection leaves every service in (as before the run recorded it).
  const inRun = run && run.selected.length > 0 ? new Set(run.selected) : undefined;
  const selected = inRun ? input.statuses.filter((s) => inRun.has(s.name)) : input.statuses;
  const others = inRun ? input.statuses.filter((s) => !inRun.has(s.name)) : [];
  const startup = run ? startupRows(run).filter((r) => !inRun || inRun.has(r.service)) : [];
  const readies = startup.map((r) => r.readyMs);
  const allReadyMs = startup.length > 0 && readies.every((r) => r !== null) ? Math.max(...(readies as number[])) : null;
  const services = selected.map((s) => reportService(s, run, end));
  const byAlert = summarizeAlerts(history, end);
  // A finished run is reported as it was when it ended, not as the stopped stack it left behind.
  const states = services.map((s) => s.stateAtEnd ?? s.state);
  return {
    version: 1,
    generatedAt: isoTime(input.now),
    stack: input.stack,
    // The run's profile, not the one this command was given (or defaulted to).
    profile: run ? run.profile : input.profile,
    run: run
      ? {
          startedAt: isoTime(run.startedAt),
          endedAt: run.endedAt !== undefined ? isoTime(run.endedAt) : null,
          mode: run.mode,
          ok: run.ok ?? null,
          failures: run.failures,
          allReadyMs,
        }
      : null,
    summary: {
      services: services.length,
      up: states.filter((s) => isUp(s)).length,
      down: states.filter((s) => isDown(s)).length,
      firing: byAlert.filter((a) => a.state === 'firing').length,
      alertTransitions: history.length,
    },
    services,
    notInRun: others.map((s) => ({ name: s.name, kind: s.kind, state: s.state })),
    startup,
    alerts: {
      byAlert,
      transitions: history.map((h) => ({ ...h, time: isoTime(h.at) })),
      skippedLines,
      firstSkipped: input.firstSkippedHistoryLine ?? (skippedLines > 0 ? 'an entry with an unreadable time' : null),
    },
    notes: [...(input.notes ?? [])],
  };
}

function reportService(s: ServiceStatus, run: LastRun | undefined, end: number): ReportService {
  const m = run?.metrics?.services.find((x) => x.name === s.name);
  const recorded = run?.services.find((x) => x.name === s.name);
  // A stop recorded by `stackpilot stop`: that is when it began, not now.
  const stoppedAt =
    run?.endedAt === undefined && recorded?.state === 'stopped' && s.state === 'stopped' ? recorded.transitions.at(-1)?.at : undefined;
  // Killed or stopped after the run's last record, while nothing watched: counted from there.
  const unseen = observedSinceRun(s, recorded, run);
  const since = unseen?.since ?? stoppedAt ?? s.since;
  // Down now (exited, failed, restarting): down until the end, counted from when it went down; only
  // a service stopped on purpose stops counting at its stop.
  const fromTransitions = serviceUptime(
    unseen?.transitions ?? recorded?.transitions ?? [],
    !isOff(s.state) || run?.endedAt !== undefined || unseen ? end : Math.min(end, since),
  );
  const mu = m?.uptime;
  const uptime: ReportService['uptime'] =
    mu && mu.sinceStartPercent !== undefined && run?.endedAt !== undefined
      ? { percent: mu.sinceStartPercent, upMs: mu.upMs, downMs: mu.downMs, source: 'monitor', target: mu.target ?? null }
      : { ...fromTransitions, source: 'transitions', target: mu?.target ?? null };
  const lat = m?.probe?.latency;
  return {
    name: s.name,
    kind: s.kind,
    state: s.state,
    stateAtEnd: run?.endedAt !== undefined && recorded ? recorded.state : null,
    since: isoTime(since),
    detail: unseen?.note ? [statusDetail(s), unseen.note].filter(Boolean).join(' · ') : statusDetail(s),
    pid: s.pid ?? null,
    restarts: Math.max(s.restarts, recorded?.restarts ?? 0, m?.restarts ?? 0),
    uptime,
    probe: lat && lat.count > 0 ? { p50: lat.p50 ?? null, p95: lat.p95 ?? null, p99: lat.p99 ?? null, count: lat.count } : null,
    cpuPercent: m?.cpuPercent ?? null,
    memoryBytes: m?.memoryBytes ?? null,
  };
}

/** The first start attempt of each service in the run: queued (left `stopped`), started, ready or failed. */
function startupRows(run: LastRun): StartupRow[] {
  const rows: StartupRow[] = [];
  for (const s of run.services) {
    const tr = s.transitions.filter((t) => t.at >= run.startedAt);
    const i = tr.findIndex((t) => beginsStart(t));
    if (i < 0) continue;
    const row: StartupRow = { service: s.name, queuedMs: tr[i].at - run.startedAt, startedMs: null, readyMs: null, failedMs: null };
    for (const t of tr.slice(i)) {
      if (row.startedMs === null && t.to !== 'waiting') row.startedMs = t.at - run.startedAt;
      if (isUp(t.to)) {
        row.readyMs = t.at - run.startedAt;
        break;
      }
      if (isEnded(t.to)) {
        row.failedMs = t.at - run.startedAt;
        break;
      }
    }
    rows.push(row);
  }
  return rows.sort((a, b) => a.queuedMs - b.queuedMs || (a.startedMs ?? Infinity) - (b.startedMs ?? Infinity));
}

function summarizeAlerts(history: readonly AlertHistoryEntry[], end: number): ReportAlert[] {
  const by = new Map<string, ReportAlert & { firingSince?: number }>();
  for (const h of history) {
    const a = by.get(h.key) ?? {
      key: h.key,
      ruleId: h.ruleId,
      service: h.service ?? null,
      severity: h.severity,
      summary: h.summary,
      fired: 0,
      firingMs: 0,
      state: 'pending' as const,
      lastAt: isoTime(h.at),
    };
    a.lastAt = isoTime(h.at);
    if (h.kind === 'firing') {
      a.fired++;
      a.firingSince = h.at;
      a.state = 'firing';
      a.severity = h.severity;
    } else if (h.kind === 'escalated') a.severity = h.severity;
    else if (h.kind === 'resolved' || h.kind === 'cancelled') {
      if (a.firingSince !== undefined) a.firingMs += h.at - a.firingSince;
      a.firingSince = undefined;
      a.state = 'resolved';
    } else if (h.kind === 'pending' && a.state !== 'firing') a.state = 'pending';
    by.set(h.key, a);
  }
  return [...by.values()]
    .map(({ firingSince, ...a }) => ({ ...a, firingMs: a.firingMs + (firingSince !== undefined ? end - firingSince : 0) }))
    .filter((a) => a.fired > 0 || a.state === 'pending')
    .sort((a, b) => Number(b.state === 'firing') - Number(a.state === 'firing') || b.firingMs - a.firingMs);
}
