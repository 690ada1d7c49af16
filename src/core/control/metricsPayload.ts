/**
 * The supervisor's metrics as a window without the lock fetches them over the control channel
 * while its dashboard is visible: the cards' figures and the charts' series (the same series the
 * supervisor's own dashboard draws). The first fetch of a window carries it whole, bucketed to at
 * most 300 points per series; later ones the 1 s points closed since the last. Nothing is computed
 * or written when nobody asks. Pure: building it from the monitor's store and parsing it back
 * (bounded and checked: the reply is no more trusted than the file it came from).
 */
import type { CardMetricsSnapshot, ServiceCardMetrics } from '../metrics/snapshot';
import { closedUntil, newPoints, seriesSet, type SeriesSource } from '../status/seriesModel';
import { MAX_SERIES_POINTS, SERIES_METRICS, type SeriesData, type ServiceSeries } from '../../shared/protocol';
import { METRICS_WINDOWS_MS } from './controlRequest';

export interface MetricsPayload {
  /** The supervisor's clock when it answered. */
  at: number;
  windowMs: number;
  /** True: every series over [from, until), bucketed to `stepMs`; false: the 1 s points in [from, until). */
  full: boolean;
  stepMs: number;
  from: number;
  until: number;
  cards: ServiceCardMetrics[];
  series: Record<string, ServiceSeries>;
}

/** An incremental fetch spans at most this much; a caller further behind gets the whole window again. */
const MAX_INCREMENT_MS = 5 * 60_000;
/** Points a series may carry in a reply: a whole window's buckets, or an increment's 1 s points. */
const MAX_POINTS = Math.max(MAX_SERIES_POINTS, MAX_INCREMENT_MS / 1000);
const MAX_GAPS = 1000;
const MAX_CARDS = 5000;

/** Three decimals are more than any chart shows: a smaller reply. */
const trim = (x: number) => Math.round(x * 1000) / 1000;
function trimmed(series: Record<string, ServiceSeries>): Record<string, ServiceSeries> {
  const out: Record<string, ServiceSeries> = {};
  for (const [name, s] of Object.entries(series)) {
    const t: ServiceSeries = {};
    for (const m of SERIES_METRICS) {
      const d = s[m];
      if (d) t[m] = { t: d.t, v: d.v.map(trim), ...(d.gaps ? { gaps: d.gaps } : {}) };
    }
    out[name] = t;
  }
  return out;
}

function cardOf(m: ServiceCardMetrics): ServiceCardMetrics {
  return {
    name: m.name,
    ...(m.cpuPercent !== undefined ? { cpuPercent: trim(m.cpuPercent) } : {}),
    ...(m.memoryBytes !== undefined ? { memoryBytes: m.memoryBytes } : {}),
    ...(m.memoryLimitBytes !== undefined ? { memoryLimitBytes: m.memoryLimitBytes } : {}),
    ...(m.uptime
      ? {
          uptime: {
            ...(m.uptime.windowPercent !== undefined ? { windowPercent: m.uptime.windowPercent } : {}),
            windowMs: m.uptime.windowMs,
            windowObservedMs: m.uptime.windowObservedMs,
            windowGrowing: m.uptime.windowGrowing,
          },
        }
      : {}),
  };
}

/** What the supervisor answers to `metrics` (window, since) from its monitor's store. */
export function metricsPayload(
  source: SeriesSource & { snapshot(now: number): CardMetricsSnapshot },
  names: readonly string[],
  windowMs: number,
  since: number,
  now: number,
): MetricsPayload {
  const cards = source.snapshot(now).services.map(cardOf);
  const until = closedUntil(now);
  if (since > 0 && since <= until && until - since <= Math.min(MAX_INCREMENT_MS, windowMs)) {
    const p = newPoints(source, names, since, now);
    return { at: now, windowMs, full: false, stepMs: 1000, from: since, until: p.until, cards, series: trimmed(p.points) };
  }
  const set = seriesSet(source, names, windowMs, now);
  return {
    at: now,
    windowMs,
    full: true,
    stepMs: set.stepMs,
    from: set.until - windowMs,
    until: set.until,
    cards,
    series: trimmed(set.services),
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const nonNegative = (v: unknown): number | undefined => (finite(v) && v >= 0 ? v : undefined);

function parseSeries(v: unknown, from: number, until: number): SeriesData | undefined {
  if (!isObj(v) || !Array.isArray(v.t) || !Array.isArray(v.v) || v.t.length !== v.v.length || v.t.length > MAX_POINTS) return undefined;
  const t = v.t as unknown[];
  const vals = v.v as unknown[];
  for (let i = 0; i < t.length; i++) {
    const ti = t[i];
    if (!finite(ti) || !finite(vals[i]) || ti < from || ti >= until || (i > 0 && ti <= (t[i - 1] as number))) return undefined;
  }
  let gaps: number[] | undefined;
  if (v.gaps !== undefined) {
    if (!Array.isArray(v.gaps) || v.gaps.length > MAX_GAPS || !v.gaps.every(finite)) return undefined;
    gaps = (v.gaps as number[]).filter((g) => g >= from && g < until);
  }
  return { t: t as number[], v: vals as number[], ...(gaps?.length ? { gaps } : {}) };
}

function parseCard(v: unknown, known: ReadonlySet<string>): ServiceCardMetrics | undefined {
  if (!isObj(v) || typeof v.name !== 'string' || !known.has(v.name)) return undefined;
  const cpu = nonNegative(v.cpuPercent);
  const mem = nonNegative(v.memoryBytes);
  const limit = nonNegative(v.memoryLimitBytes);
  const u = isObj(v.uptime) ? v.uptime : undefined;
  const pct = u ? nonNegative(u.windowPercent) : undefined;
  const windowMs = u ? nonNegative(u.windowMs) : undefined;
  const observed = u ? nonNegative(u.windowObservedMs) : undefined;
  return {
    name: v.name,
    ...(cpu !== undefined ? { cpuPercent: cpu } : {}),
    ...(mem !== undefined ? { memoryBytes: mem } : {}),
    ...(limit !== undefined && limit > 0 ? { memoryLimitBytes: limit } : {}),
    ...(u && windowMs !== undefined && windowMs > 0 && observed !== undefined
      ? {
          uptime: {
            ...(pct !== undefined && pct <= 100 ? { windowPercent: pct } : {}),
            windowMs,
            windowObservedMs: observed,
            windowGrowing: u.windowGrowing === true,
          },
        }
      : {}),
  };
}

/**
 * A metrics reply as the window that asked reads it, or undefined when it is not one. Only the
 * services of `known` (this window's stack) are kept; every number is checked, every list bounded,
 * points must lie in the span the reply claims, in order.
 */
export function parseMetricsPayload(v: unknown, known: ReadonlySet<string>): MetricsPayload | undefined {
  if (!isObj(v) || !isObj(v.series) || !Array.isArray(v.cards) || v.cards.length > MAX_CARDS) return undefined;
  const { at, windowMs, stepMs, from, until } = v;
  if (!finite(at) || !finite(from) || !finite(until) || from > until || !finite(stepMs) || stepMs < 1000) return undefined;
  if (!METRICS_WINDOWS_MS.includes(windowMs as number) || until - from > (windowMs as number) || typeof v.full !== 'boolean')
    return undefined;
  const series: Record<string, ServiceSeries> = {};
  for (const [name, raw] of Object.entries(v.series)) {
    if (!known.has(name)) continue;
    if (!isObj(raw)) return undefined;
    const s: ServiceSeries = {};
    for (const m of SERIES_METRICS) {
      if (raw[m] === undefined) continue;
      // A bucket starts at a multiple of its width: the first may start before `from`.
      const d = parseSeries(raw[m], from - stepMs, until);
      if (!d) return undefined;
      s[m] = d;
    }
    series[name] = s;
  }
  const cards = v.cards.map((c) => parseCard(c, known)).filter((c): c is ServiceCardMetrics => !!c);
  return { at, windowMs: windowMs as number, full: v.full, stepMs, from, until, cards, series };
}
