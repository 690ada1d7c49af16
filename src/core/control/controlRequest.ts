/**
 * The requests another process (`stackpilot down|stop|restart`, another editor window) sends to the
 * live supervisor of a stack over its control channel, and the replies. Pure: the wire format is
 * one JSON object per line, bounded in size and checked field by field before anything acts on it.
 */

/**
 * What another process may ask the supervisor to do: stop the stack, stop or restart services,
 * acknowledge or silence one of its alerts (it owns the alert state; every viewer then shows it),
 * or send its recent metrics (a window without the lock, while its dashboard is visible).
 */
export type ControlOp = 'down' | 'stop' | 'restart' | 'acknowledge' | 'silence' | 'metrics';

/** Ops that act on services (one at a time, in order); the others only read or touch alert state and are answered at once. */
export const SERVICE_OPS: ReadonlySet<ControlOp> = new Set<ControlOp>(['down', 'stop', 'restart']);

/** The shortest and longest silence a request may ask for (the editor offers 15 min to 1 day). */
export const MIN_SILENCE_MS = 1000;
export const MAX_SILENCE_MS = 7 * 24 * 60 * 60_000;
/** An alert key is `ruleId` or `ruleId/service`: bounded, printable. */
const MAX_ALERT_KEY = 512;
/** The chart windows a metrics request may ask for (the dashboard's: 5 min, 15 min, 1 h). */
export const METRICS_WINDOWS_MS: readonly number[] = [5 * 60_000, 15 * 60_000, 60 * 60_000];

/** The operands of acknowledge, silence and metrics. */
export interface ControlArgs {
  /** acknowledge, silence: the alert's key (`service-down/api`). */
  alert?: string;
  /** silence: for how long, ms. */
  durationMs?: number;
  /** metrics: the chart window, ms (one of METRICS_WINDOWS_MS). */
  windowMs?: number;
  /** metrics: the end of the points the caller already has (epoch ms); absent or 0: the whole window. */
  since?: number;
}

export interface ControlRequest {
  version: 1;
  /** The capability read from the supervisor's 0600 endpoint file: proof the sender is the same user. */
  token: string;
  op: ControlOp;
  /** For stop and restart: the services (at least one); for down: none (the whole stack). */
  services: string[];
  /** Who asks, for the supervisor's log line (as claimed by the sender: never used to decide anything). */
  from: string;
  /** acknowledge, silence, metrics: their operands (checked by op). */
  args?: ControlArgs;
  /**
   * When the sender stops waiting for the request to be taken (ms since the epoch): a supervisor
   * that was paused finds it in its socket later and must not act on it, since its sender has
   * already told the user that nothing was done.
   */
  notAfter?: number;
}

export interface ControlServiceResult {
  name: string;
  state: string;
  reason: string | null;
}

export type ControlReply =
  | {
      ok: true;
      message: string;
      services: ControlServiceResult[];
      /** metrics: the supervisor's recent metrics (parsed and bounded by parseMetricsPayload). */
      metrics?: unknown;
    }
  | { ok: false; error: string };

/** Sent at once on a valid request, before acting: the supervisor is alive and took it. */
export const ACCEPTED = { accepted: true } as const;

/** A request line is small; anything longer is not one. */
export const MAX_REQUEST_BYTES = 16 * 1024;
/** A reply names every service once: bounded too. */
export const MAX_REPLY_BYTES = 1024 * 1024;
/** A metrics reply carries up to 300 points per series of every service: larger, still bounded. */
export const MAX_METRICS_REPLY_BYTES = 16 * 1024 * 1024;
const MAX_SERVICES = 256;
const OPS = new Set<ControlOp>(['down', 'stop', 'restart', 'acknowledge', 'silence', 'metrics']);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses one request line; `known` are the supervisor's service names (unknown ones are refused, by name). */
export function parseControlRequest(line: string, known: ReadonlySet<string>): { request: ControlRequest } | { error: string } {
  if (line.length > MAX_REQUEST_BYTES) return { error: `request over ${MAX_REQUEST_BYTES} bytes` };
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { error: 'request is not JSON' };
  }
  if (!isObj(v)) return { error: 'request is not an object' };
  if (v.version !== 1) return { error: 'unsupported request version' };
  if (typeof v.token !== 'string' || !/^[0-9a-f]{64}$/.test(v.token)) return { error: 'request without a valid token' };
  if (!OPS.has(v.op as ControlOp)) return { error: `unknown operation ${JSON.stringify(String(v.op).slice(0, 32))}` };
  const op = v.op as ControlOp;
  const raw = v.services ?? [];
  if (!Array.isArray(raw) || raw.length > MAX_SERVICES || raw.some((s) => typeof s !== 'string' || s.length === 0 || s.length > 256))
    return { error: 'services must be a list of service names' };
  const services = [...new Set(raw as string[])];
  const needsServices = op === 'stop' || op === 'restart';
  if (!needsServices && services.length) return { error: `${op} takes no services${op === 'down' ? ' (stop takes them)' : ''}` };
  if (needsServices && !services.length) return { error: `${op} needs at least one service` };
  const unknown = services.filter((s) => !known.has(s));
  if (unknown.length)
    return { error: `no service named ${unknown.map((s) => JSON.stringify(s.slice(0, 64))).join(', ')} in the supervised stack` };
  const args = parseArgs(op, v.args);
  if ('error' in args) return args;
  const from = typeof v.from === 'string' ? v.from.replace(/[^\x20-\x7e]/g, '?').slice(0, 120) : 'another process';
  const notAfter = v.notAfter;
  if (notAfter !== undefined && (typeof notAfter !== 'number' || !Number.isSafeInteger(notAfter) || notAfter < 0))
    return { error: 'notAfter must be a time in ms' };
  return {
    request: {
      version: 1,
      token: v.token,
      op,
      services,
      from,
      ...(args.args ? { args: args.args } : {}),
      ...(notAfter !== undefined ? { notAfter } : {}),
    },
  };
}

/** The operands an op takes, each checked; an op that takes none refuses any. */
function parseArgs(op: ControlOp, raw: unknown): { args?: ControlArgs } | { error: string } {
  if (SERVICE_OPS.has(op)) return raw === undefined ? {} : { error: `${op} takes no arguments` };
  if (!isObj(raw)) return { error: `${op} needs its arguments` };
  const allowed = op === 'metrics' ? ['windowMs', 'since'] : op === 'silence' ? ['alert', 'durationMs'] : ['alert'];
  const extra = Object.keys(raw).filter((k) => !allowed.includes(k));
  if (extra.length) return { error: `${op} takes no ${JSON.stringify(extra[0]!.slice(0, 32))}` };
  if (op === 'metrics') {
    if (!METRICS_WINDOWS_MS.includes(raw.windowMs as number)) return { error: 'metrics needs windowMs of 5, 15 or 60 minutes' };
    const since = raw.since ?? 0;
    if (typeof since !== 'number' || !Number.isSafeInteger(since) || since < 0) return { error: 'metrics: since must be a time in ms' };
    return { args: { windowMs: raw.windowMs as number, since } };
  }
  const key = raw.alert;
  if (typeof key !== 'string' || !key.length || key.length > MAX_ALERT_KEY || /[\x00-\x1f\x7f]/.test(key))
    return { error: `${op} needs the alert's key (e.g. service-down/api)` };
  if (op === 'acknowledge') return { args: { alert: key } };
  const ms = raw.durationMs;
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < MIN_SILENCE_MS || ms > MAX_SILENCE_MS)
    return { error: 'silence needs a duration from 1 s to 7 days' };
  return { args: { alert: key, durationMs: ms } };
}

/** Parses the supervisor's reply line (the client's side: the supervisor is trusted no more than the file it came from). */
export function parseControlReply(line: string, maxBytes = MAX_REPLY_BYTES): ControlReply | undefined {
  if (line.length > maxBytes) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObj(v)) return undefined;
  const text = (x: unknown, max = 2000) => (typeof x === 'string' ? x.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?').slice(0, max) : undefined);
  if (v.ok === false) return { ok: false, error: text(v.error) ?? 'refused' };
  if (v.ok !== true || !Array.isArray(v.services)) return undefined;
  const services: ControlServiceResult[] = [];
  for (const s of v.services.slice(0, MAX_SERVICES)) {
    if (!isObj(s) || typeof s.name !== 'string' || typeof s.state !== 'string') return undefined;
    services.push({ name: text(s.name, 128)!, state: text(s.state, 32)!, reason: text(s.reason) ?? null });
  }
  return { ok: true, message: text(v.message) ?? '', services, ...(v.metrics !== undefined ? { metrics: v.metrics } : {}) };
}

/** True for the one line the supervisor sends before it acts. */
export function isAccepted(line: string): boolean {
  try {
    const v: unknown = JSON.parse(line);
    return isObj(v) && v.accepted === true;
  } catch {
    return false;
  }
}
