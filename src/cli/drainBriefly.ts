import type { Monitor } from '../infra/metrics/createMonitor';
import type { Output } from './Output';

/**
 * Before a supervising `up` exits: lets webhook notifications still in flight go out, but waits at
 * most `limitMs` (retries honour Retry-After up to 60 s, and Ctrl-C must not hang for minutes) and
 * stops waiting at once on a further interrupt. The caller disposes the monitor afterwards, which
 * cancels what is left.
 */
export async function drainBriefly(
  monitor: Monitor,
  out: Output,
  onInterrupt: (fn: () => void) => () => void,
  limitMs = 3000,
): Promise<void> {
  const pending = () => monitor.notifiers.webhooks.reduce((n, w) => n + w.pending, 0);
  const n = pending();
  if (n > 0) out.line(out.paint('gray', `delivering ${n} webhook notification${n === 1 ? '' : 's'}… (Ctrl-C to skip)`));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unhook: (() => void) | undefined;
  try {
    await Promise.race([
      monitor.drain(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs))),
      new Promise<void>((resolve) => (unhook = onInterrupt(resolve))),
    ]);
  } finally {
    clearTimeout(timer);
    unhook?.();
  }
  const left = pending();
  if (left > 0)
    out.line(
      out.paint('yellow', `${left} webhook notification${left === 1 ? '' : 's'} not delivered (receiver slow or asking to retry later)`),
    );
}
