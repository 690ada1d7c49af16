import { promises as fs } from 'node:fs';
import { supervisorOf } from '../../core/engine/supervisorOf';
import { readProcStat } from '../process/procStat';
import { liveSupervisors } from './supervisorRecords';

/** Parents that only inherit orphans: a service under one of them has no supervisor left. */
const ORPHAN_PARENTS = new Set(['init', 'systemd', 'tini', 'dumb-init', 'docker-init']);

/**
 * Whether a service process still has its supervisor: a live parent (say `stackpilot up` in a
 * terminal) other than the init-like process orphans are handed to. Supervising it from this window
 * too would restart it twice after a crash. Returns the parent, e.g. `node (pid 4242)`; undefined
 * when nothing supervises it or this cannot be told (no /proc).
 */
export async function supervisedElsewhere(pid: number): Promise<string | undefined> {
  try {
    const ppid = (await readProcStat(pid))?.ppid;
    if (ppid === undefined || ppid <= 1 || ppid === process.pid) return undefined;
    const comm = (await fs.readFile(`/proc/${ppid}/comm`, 'utf8')).trim();
    return ORPHAN_PARENTS.has(comm) ? undefined : `${comm} (pid ${ppid})`;
  } catch {
    return undefined;
  }
}

/**
 * Who else supervises this service, if anyone: a live `stackpilot up` that recorded itself as its
 * supervisor in `<runDir>/supervisors/` (the only way to tell for a docker service, which has no
 * pid), else for a process the live parent `supervisedElsewhere` finds.
 */
export async function whoSupervises(s: { name: string; pid?: number }, runDir: string | undefined): Promise<string | undefined> {
  const live = runDir ? await liveSupervisors(runDir).catch(() => []) : [];
  return supervisorOf(s.name, live, (r) => r.pid !== process.pid) ?? (s.pid !== undefined ? await supervisedElsewhere(s.pid) : undefined);
}
