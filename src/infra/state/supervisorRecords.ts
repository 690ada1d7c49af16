import { mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import { readRunFile } from './readRunFile';
import { join } from 'node:path';
import type { SupervisorRecord } from '../../core/engine/supervisorOf';
import { isSameProcess, readProcStat } from '../process/procStat';

/** One file per supervisor, `<runDir>/supervisors/<pid>.json`: two `up`s never write the same file. */
const folder = (runDir: string) => join(runDir, 'supervisors');

/**
 * Records this process as the supervisor of `services` until the returned release runs (call it
 * when supervision ends). A supervisor that died without releasing leaves a file that no longer
 * counts: its pid is gone or belongs to another process (the start time differs); it is removed
 * the next time someone claims.
 */
export async function claimSupervision(runDir: string, services: string[], now = Date.now()): Promise<() => Promise<void>> {
  const dir = folder(runDir);
  await mkdir(dir, { recursive: true });
  for (const stale of await readSupervisors(runDir))
    if (!(await isAlive(stale))) await unlink(join(dir, `${stale.pid}.json`)).catch(() => undefined);
  const startTime = (await readProcStat(process.pid))?.startTime;
  const record: SupervisorRecord = { pid: process.pid, ...(startTime ? { startTime } : {}), services, since: now };
  const file = join(dir, `${process.pid}.json`);
  await writeFile(file, JSON.stringify(record) + '\n', { mode: 0o600 });
  return () => unlink(file).catch(() => undefined);
}

/** Every supervisor file in the run folder, alive or not (unreadable ones are skipped). */
export async function readSupervisors(runDir: string): Promise<SupervisorRecord[]> {
  const names = await readdir(folder(runDir)).catch(() => [] as string[]);
  const out: SupervisorRecord[] = [];
  for (const n of names.filter((x) => /^\d+\.json$/.test(x))) {
    try {
      // Never through a link, a FIFO (which hung the window's resume) or a device: `.stackpilot/` may come with the repository.
      const text = readRunFile(join(folder(runDir), n), { maxBytes: 64 * 1024 });
      if (text === undefined) continue;
      const r = JSON.parse(text) as Partial<SupervisorRecord>;
      if (Number.isInteger(r.pid) && Array.isArray(r.services))
        out.push({
          pid: r.pid!,
          services: r.services.filter((s): s is string => typeof s === 'string'),
          since: Number(r.since) || 0,
          ...(typeof r.startTime === 'string' ? { startTime: r.startTime } : {}),
        });
    } catch {
      // Being written or removed right now, or not ours: not a supervisor we can tell about.
    }
  }
  return out;
}

/** The recorded supervisors that still run: the same pid with the same start time (without /proc, a pid that exists). */
export async function liveSupervisors(runDir: string): Promise<SupervisorRecord[]> {
  const all = await readSupervisors(runDir);
  const alive = await Promise.all(all.map(isAlive));
  return all.filter((_, i) => alive[i]);
}

async function isAlive(r: SupervisorRecord): Promise<boolean> {
  if (r.startTime !== undefined) return isSameProcess(r.pid, r.startTime);
  try {
    process.kill(r.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
