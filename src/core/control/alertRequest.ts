/**
 * Acknowledge and silence requests from another process (`stackpilot acknowledge|silence`, a window
 * without the lock), applied by the supervisor to its own monitor, which owns the alert state. Only
 * an alert the monitor knows is touched: acknowledge a firing one, silence a firing or pending one
 * (by its rule and service, as the editor does). Pure: the monitor comes in as a port.
 */
import type { AlertView, Silence } from '../alerts/model';
import type { ControlReply, ControlRequest } from './controlRequest';

/** The part of the supervisor's monitor these requests use. */
export interface AlertControl {
  snapshot(): { alerts: AlertView[] };
  acknowledge(key: string): boolean;
  silence(match: { ruleId?: string; service?: string }, durationMs: number, comment?: string): Silence;
}

const quote = (s: string) => JSON.stringify(s.slice(0, 64));

/** A silence's length in words: `1 hour`, `15 minutes`, `7 days`. */
export function describeSilence(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, word] of units) if (ms % size === 0 && ms >= size) return `${ms / size} ${word}${ms === size ? '' : 's'}`;
  return `${Math.round(ms / 1000)} s`;
}

/**
 * Applies an `acknowledge` or `silence` request; `now` and `clock` only word the reply. A reply
 * never echoes more of a refused key than 64 characters.
 */
export function applyAlertRequest(
  req: ControlRequest,
  monitor: AlertControl,
  now: number,
  clock: (ms: number) => string,
): { reply: ControlReply; changed: boolean; line?: string } {
  const key = req.args?.alert ?? '';
  const alerts = monitor.snapshot().alerts;
  const a = alerts.find((x) => x.key === key);
  const firing = alerts.filter((x) => x.state === 'firing').map((x) => x.key);
  const refuse = (why: string) => ({ reply: { ok: false as const, error: why }, changed: false });
  const active = req.op === 'silence' ? a && (a.state === 'firing' || a.state === 'pending') : a?.state === 'firing';
  if (!a || !active)
    return refuse(
      `no ${req.op === 'silence' ? 'active' : 'firing'} alert ${quote(key)}${firing.length ? ` (firing: ${firing.join(', ')})` : ' (none is firing)'}`,
    );
  if (req.op === 'acknowledge') {
    if (a.acknowledged) return { reply: { ok: true, message: `alert ${a.key} was already acknowledged`, services: [] }, changed: false };
    if (!monitor.acknowledge(a.key)) return refuse(`alert ${a.key} could not be acknowledged (it is not firing any more)`);
    return {
      reply: { ok: true, message: `acknowledged alert ${a.key}`, services: [] },
      changed: true,
      line: `alert ${a.key} acknowledged by ${req.from}`,
    };
  }
  const ms = req.args?.durationMs ?? 0;
  monitor.silence({ ruleId: a.ruleId, ...(a.service !== undefined ? { service: a.service } : {}) }, ms, `silenced by ${req.from}`);
  const until = clock(now + ms);
  return {
    reply: { ok: true, message: `silenced alert ${a.key} for ${describeSilence(ms)} (until ${until})`, services: [] },
    changed: true,
    line: `alert ${a.key} silenced for ${describeSilence(ms)} (until ${until}) by ${req.from}`,
  };
}
