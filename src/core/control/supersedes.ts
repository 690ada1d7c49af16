import type { ControlRequest } from './controlRequest';

/**
 * Whether `later` makes an `earlier` request that is queued or under way moot: a `down`, or a `stop`
 * of one of its services, after a `restart` (the later word wins; the restart would start what is
 * about to be stopped, and a restart waiting for a slow service's health held the stop back for as
 * long as its start period). Stops and downs are never moot: they only stop. Pure.
 */
export function supersedes(later: Pick<ControlRequest, 'op' | 'services'>, earlier: Pick<ControlRequest, 'op' | 'services'>): boolean {
  if (earlier.op !== 'restart') return false;
  if (later.op === 'down') return true;
  return later.op === 'stop' && earlier.services.some((s) => later.services.includes(s));
}

/** Who cut a request short, in words: `stop api requested by stackpilot stop (pid 42)`. */
export function describeRequest(r: Pick<ControlRequest, 'op' | 'services' | 'from'>): string {
  return `${[r.op, ...r.services].join(' ')} requested by ${r.from}`;
}
