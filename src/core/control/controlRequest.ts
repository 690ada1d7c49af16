/**
 * The requests another process (`stackpilot down|stop|restart`, another editor window) sends to the
 * live supervisor of a stack over its control channel, and the replies. Pure: the wire format is
 * one JSON object per line, bounded in size and checked field by field before anything acts on it.
 */

/** What another process may ask the supervisor to do. */
export type ControlOp = 'down' | 'stop' | 'restart';

export interface ControlRequest {
  version: 1;
  /** The capability read from the supervisor's 0600 endpoint file: proof the sender is the same user. */
  token: string;
  op: ControlOp;
  /** For stop and restart: the services (at least one); for down: none (the whole stack). */
  services: string[];
  /** Who asks, for the supervisor's log line (as claimed by the sender: never used to decide anything). */
  from: string;
}

export interface ControlServiceResult {
  name: string;
  state: string;
  reason: string | null;
}

export type ControlReply = { ok: true; message: string; services: ControlServiceResult[] } | { ok: false; error: string };

/** Sent at once on a valid request, before acting: the supervisor is alive and took it. */
export const ACCEPTED = { accepted: true } as const;

/** A request line is small; anything longer is not one. */
export const MAX_REQUEST_BYTES = 16 * 1024;
/** A reply names every service once: bounded too. */
export const MAX_REPLY_BYTES = 1024 * 1024;
const MAX_SERVICES = 256;
const OPS = new Set<ControlOp>(['down', 'stop', 'restart']);

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
  if (op === 'down' && services.length) return { error: 'down takes no services (stop takes them)' };
  if (op !== 'down' && !services.length) return { error: `${op} needs at least one service` };
  const unknown = services.filter((s) => !known.has(s));
  if (unknown.length)
    return { error: `no service named ${unknown.map((s) => JSON.stringify(s.slice(0, 64))).join(', ')} in the supervised stack` };
  const from = typeof v.from === 'string' ? v.from.replace(/[^\x20-\x7e]/g, '?').slice(0, 120) : 'another process';
  return { request: { version: 1, token: v.token, op, services, from } };
}

/** Parses the supervisor's reply line (the client's side: the supervisor is trusted no more than the file it came from). */
export function parseControlReply(line: string): ControlReply | undefined {
  if (line.length > MAX_REPLY_BYTES) return undefined;
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
  return { ok: true, message: text(v.message) ?? '', services };
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
