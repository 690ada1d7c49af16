import * as path from 'node:path';
import type { ServiceStatus } from '../core/engine/state';
import { isUp } from '../core/status/serviceStates';
import { writeFileAtomicSync } from '../infra/state/writeFileAtomicSync';
import { readRunFile } from '../infra/state/readRunFile';

/** Time from `starting` to ready in the last run, per service: what `plan` expects next time. */
export function readyDurations(statuses: readonly ServiceStatus[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) {
    const start = [...s.transitions].reverse().find((t) => t.to === 'starting');
    const ready = start && s.transitions.find((t) => t.at >= start.at && isUp(t.to));
    if (start && ready) out[s.name] = ready.at - start.at;
  }
  return out;
}

export function loadTimings(runDir: string): Record<string, number> {
  try {
    // Never through a link, a FIFO or a device, bounded: `.stackpilot/` may come with the repository.
    const text = readRunFile(path.join(runDir, 'timings.json'), { maxBytes: 1024 * 1024 });
    return text === undefined ? {} : (JSON.parse(text) as Record<string, number>);
  } catch {
    return {};
  }
}

/** Merged into the previous figures (services not started this time keep theirs); atomic write. */
export function saveTimings(runDir: string, fresh: Record<string, number>): void {
  writeFileAtomicSync(path.join(runDir, 'timings.json'), JSON.stringify({ ...loadTimings(runDir), ...fresh }, null, 2));
}
