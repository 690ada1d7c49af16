import type { StateTransition } from '../engine/state';
import { isServiceState } from '../status/serviceStates';
import type { LastRun, LastRunMetrics, LastRunService, LastRunServiceMetrics } from './LastRun';

/** A parsed last-run record, and what had to be dropped from it (for a note in the report). */
export interface LastRunRecord {
  run?: LastRun;
  notes: string[];
}

/** A number `new Date()` can show (JSON gives 1e400 as Infinity; -1e20 throws "Invalid time value"). */
export const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 8.64e15;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isState = isServiceState;

/**
 * `.stackpilot/last-run.json` as the report can use it, whatever the file holds (hand-edited, an
 * older shape): no run when it is not a v1 record; otherwise every part that is not what `up`
 * writes is dropped and named in `notes`, so nothing downstream meets a string where it wants a
 * number or an undefined where it wants a list.
 */
export function readLastRunRecord(value: unknown): LastRunRecord {
  const notes: string[] = [];
  if (
    !isObj(value) ||
    value.version !== 1 ||
    typeof value.stack !== 'string' ||
    !isTime(value.startedAt) ||
    !Array.isArray(value.services)
  ) {
    return {
      notes: [
        'not a Stackpilot v1 run record (version, stack, startedAt or services missing or wrong): the report shows the services as they are now',
      ],
    };
  }
  const drop = (what: string) => notes.push(`ignored ${what}`);
  const strings = (v: unknown, what: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) return (drop(what), []);
    const ok = v.filter((x): x is string => typeof x === 'string');
    if (ok.length < v.length) drop(`${v.length - ok.length} malformed entr${v.length - ok.length === 1 ? 'y' : 'ies'} in ${what}`);
    return ok;
  };
  const services = value.services.flatMap((s, i) => {
    const r = lastRunService(s, drop);
    if (!r) drop(`services[${i}] (no name or transitions)`);
    return r ? [r] : [];
  });
  const run: LastRun = {
    version: 1,
    stack: value.stack,
    startedAt: value.startedAt,
    services,
    profile: typeof value.profile === 'string' ? value.profile : null,
    selected: strings(value.selected, 'selected'),
    failures: strings(value.failures, 'failures'),
    mode: value.mode === 'wait' || value.mode === 'supervise' ? value.mode : (drop(`mode ${JSON.stringify(value.mode)}`), 'wait'),
    updatedAt: isTime(value.updatedAt) ? value.updatedAt : value.startedAt,
  };
  if (value.endedAt !== undefined) {
    if (isTime(value.endedAt) && value.endedAt >= value.startedAt) run.endedAt = value.endedAt;
    else drop('endedAt (not a time after startedAt)');
  }
  if (typeof value.ok === 'boolean') run.ok = value.ok;
  if (value.metrics !== undefined) {
    const metrics = lastRunMetrics(value.metrics, drop);
    if (metrics) run.metrics = metrics;
  }
  return { run, notes };
}

function lastRunService(s: unknown, drop: (what: string) => void): LastRunService | undefined {
  if (!isObj(s) || typeof s.name !== 'string' || !Array.isArray(s.transitions)) return undefined;
  const transitions = s.transitions.filter((t): t is StateTransition => isObj(t) && isState(t.from) && isState(t.to) && isTime(t.at));
  if (transitions.length < s.transitions.length) drop(`${s.transitions.length - transitions.length} malformed transition(s) of ${s.name}`);
  const state = isState(s.state) ? s.state : (transitions.at(-1)?.to ?? 'stopped');
  if (!isState(s.state)) drop(`the state of ${s.name}`);
  return {
    name: s.name,
    kind: s.kind === 'docker' ? 'docker' : 'process',
    state,
    transitions,
    restarts: isNum(s.restarts) && s.restarts >= 0 ? s.restarts : 0,
    ...(typeof s.reason === 'string' ? { reason: s.reason } : {}),
  };
}

/** The monitor's snapshot, as far as the report reads it: a malformed part is dropped, not trusted. */
function lastRunMetrics(m: unknown, drop: (what: string) => void): LastRunMetrics | undefined {
  if (!isObj(m) || !Array.isArray(m.services)) {
    drop('metrics (not a metrics snapshot): uptime, probe, CPU and memory figures come from the transitions or are left out');
    return undefined;
  }
  const services: LastRunServiceMetrics[] = [];
  let bad = 0;
  for (const s of m.services as unknown[]) {
    if (!isObj(s) || typeof s.name !== 'string') {
      bad++;
      continue;
    }
    const out: LastRunServiceMetrics = { name: s.name };
    const partBad = (part: string) => drop(`metrics of ${s.name}: ${part}`);
    for (const k of ['restarts', 'cpuPercent', 'memoryBytes'] as const) {
      if (isNum(s[k])) out[k] = s[k];
      else if (s[k] !== undefined) partBad(k);
    }
    const u = s.uptime;
    if (
      isObj(u) &&
      isNum(u.upMs) &&
      isNum(u.downMs) &&
      (u.sinceStartPercent === undefined || isNum(u.sinceStartPercent)) &&
      (u.target === undefined || isNum(u.target))
    ) {
      out.uptime = {
        upMs: u.upMs,
        downMs: u.downMs,
        ...(isNum(u.sinceStartPercent) ? { sinceStartPercent: u.sinceStartPercent } : {}),
        ...(isNum(u.target) ? { target: u.target } : {}),
      };
    } else if (u !== undefined) partBad('uptime');
    const lat = isObj(s.probe) ? s.probe.latency : undefined;
    if (isObj(lat) && isNum(lat.count) && (['p50', 'p95', 'p99'] as const).every((p) => lat[p] === undefined || isNum(lat[p]))) {
      out.probe = { latency: { count: lat.count, ...pick(lat, 'p50'), ...pick(lat, 'p95'), ...pick(lat, 'p99') } };
    } else if (s.probe !== undefined) partBad('probe latency');
    services.push(out);
  }
  if (bad > 0) drop(`${bad} malformed service entr${bad === 1 ? 'y' : 'ies'} in metrics`);
  return { services };
}

const pick = (o: Record<string, unknown>, k: 'p50' | 'p95' | 'p99') => (isNum(o[k]) ? { [k]: o[k] } : {});

/** A parsed last-run file, or undefined when it is not one (old, corrupt, hand-edited); see `readLastRunRecord`. */
export function parseLastRun(value: unknown): LastRun | undefined {
  return readLastRunRecord(value).run;
}
