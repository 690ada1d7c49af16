import type { ChangeRestart } from '../shared/protocol';
import { formatMs } from './formatMs';

/** "src/app.ts changed → up again in 640 ms", "… → failed after 1.20 s", "… → restarting for 300 ms". */
export function changeRestartText(r: ChangeRestart, now: number): string {
  const outcome =
    r.readyAt !== undefined
      ? `up again in ${formatMs(r.readyAt - r.at)}`
      : r.failedAt !== undefined
        ? `failed after ${formatMs(r.failedAt - r.at)}`
        : `restarting for ${formatMs(Math.max(0, now - r.at))}`;
  return `${r.reason} → ${outcome}`;
}

/** Each service's restarts for changes, for the badge on its Gantt row. */
export function restartsByService(rs: readonly ChangeRestart[]): Map<string, ChangeRestart[]> {
  const m = new Map<string, ChangeRestart[]>();
  for (const r of rs) m.set(r.service, [...(m.get(r.service) ?? []), r]);
  return m;
}
