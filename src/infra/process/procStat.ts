import { readdir, readFile } from 'node:fs/promises';

/** The fields of /proc/<pid>/stat Stackpilot uses. */
export interface ProcStat {
  pid: number;
  /** One letter: R running, S sleeping, Z zombie, ... */
  state: string;
  ppid: number;
  pgrp: number;
  /** Field 22: start time in clock ticks since boot. Together with the pid it names one process. */
  startTime: string;
}

/**
 * Parses /proc/<pid>/stat text. The command name (field 2) is in parentheses and may itself hold
 * spaces and parentheses, so fields are counted from the last `)`.
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number(text.slice(0, text.indexOf(' ')));
  const f = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // f[0] is field 3 (state), so field n is f[n - 3].
  if (f.length < 20) return undefined;
  return { pid, state: f[0], ppid: Number(f[1]), pgrp: Number(f[2]), startTime: f[19] };
}

export async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Zombies have exited; only their parent's wait() is missing (PID 1 in some containers never reaps). */
export const isDead = (s: ProcStat): boolean => s.state === 'Z' || s.state === 'X';

/** True when `pid` is alive and still the process that started at `startTime` (not a reused pid). */
export async function isSameProcess(pid: number, startTime: string): Promise<boolean> {
  const s = await readProcStat(pid);
  return s !== undefined && !isDead(s) && s.startTime === startTime;
}

/**
 * Live (non-zombie) members of process group `pgid`. Without /proc (not Linux) only whether the
 * group exists is known: then `[pgid]` stands for "some member is left".
 */
export async function groupMembers(pgid: number): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const out: number[] = [];
  await Promise.all(
    names
      .filter((n) => /^\d+$/.test(n))
      .map(async (n) => {
        const s = await readProcStat(Number(n));
        if (s && s.pgrp === pgid && !isDead(s)) out.push(s.pid);
      }),
  );
  return out;
}
