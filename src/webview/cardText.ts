import type { ServiceAction, ServiceCard } from '../shared/protocol';
import { isEnded, isLive, isUp } from '../shared/statePredicates';
import { formatAge } from './formatAge';

/**
 * The buttons a card offers, in order. Start only where nothing runs (stopped, completed, exited,
 * failed, crash-looping); Stop and Restart wherever an instance runs or is on its way, an unhealthy
 * one included (it has a pid, CPU and memory: Start would do nothing). External services are only
 * watched. Pure.
 */
export function cardActions(card: Pick<ServiceCard, 'kind' | 'state' | 'openable'>): ServiceAction[] {
  const ours = card.kind !== 'external';
  const ended = isEnded(card.state);
  return [
    ...(ours ? (ended ? (['start'] as const) : (['stop', 'restart'] as const)) : []),
    ...(ours ? (['logs'] as const) : []),
    ...(card.kind === 'process' ? (['debug'] as const) : []),
    ...(card.openable ? (['open'] as const) : []),
    'definition' as const,
  ];
}

/** `liveness only` means something only for a service that is up and running: not for a job that completed or one that died. */
export function showsLivenessOnly(card: Pick<ServiceCard, 'state' | 'livenessOnly'>): boolean {
  return !!card.livenessOnly && isUp(card.state) && isLive(card.state);
}

/** `healthy for 12 s`: how long in this state as of `now` (the card's text ticks with it); '' when stopped or unknown. */
export function stateAgeText(card: Pick<ServiceCard, 'state' | 'since'>, now: number): string {
  return card.state !== 'stopped' && card.since ? `${card.state} for ${formatAge(now - card.since)}` : '';
}

/**
 * `up 100% of 6 s` while the window is filling (the % is of the time watched so far, never of a
 * whole hour not seen), `up 99.95% of 1 h` once it is full. A share below 100 is never rounded up
 * to 100. '' without a figure.
 */
export function uptimeText(
  card: Pick<ServiceCard, 'uptimePercent' | 'uptimeWindowMs' | 'uptimeFrom' | 'uptimeObservedMs'>,
  now: number,
): string {
  const pct = card.uptimePercent;
  if (pct === undefined) return '';
  const window = card.uptimeWindowMs;
  const seen = card.uptimeFrom !== undefined ? now - card.uptimeFrom : card.uptimeObservedMs;
  const span =
    window !== undefined && (seen === undefined || seen >= window) ? formatWindow(window) : seen !== undefined ? formatAge(seen) : '';
  const shown = pct >= 100 ? '100' : (Math.floor(pct * 100) / 100).toFixed(2);
  return span ? `up ${shown}% of ${span}` : `up ${shown}%`;
}

/** A window's length as set: `1 h`, `15 min`, else as an age. */
function formatWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return formatAge(ms);
}

/** The text of a ticking part of a card (`data-tick` on its span) as of `now`. */
export function tickText(kind: string | undefined, card: ServiceCard, now: number): string | undefined {
  if (kind === 'age') return stateAgeText(card, now);
  if (kind === 'uptime') return uptimeText(card, now);
  return undefined;
}
