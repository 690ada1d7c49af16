import { closeSync, openSync, readSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

/**
 * The fields of /proc/<pid>/stat Stackpilot uses; the one parser of that file (the process
 * runner, the ownership checks, the lock, the metrics' process trees and the supervised-elsewhere
 * check all read it through here). See proc_pid_stat(5).
 */
export interface ProcStat {
  pid: number;
  /** Field 2, without its parentheses: the executable's name as the process set it (any bytes but NUL). */
  comm: string;
  /** One letter: R running, S sleeping, T stopped, Z zombie, ... */
  state: string;
  ppid: number;
  pgrp: number;
  /** Fields 14 and 15: CPU time in user and kernel mode, clock ticks. */
  utime: number;
  stime: number;
  /** Field 22: start time in clock ticks since boot. Together with the pid it names one process. */
  startTime: string;
  /** Field 24: resident set size, pages. */
  rssPages: number;
}

/** Space, tab, newline, carriage return: what separates the fields after the command name. */
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;
const INTEGER = /^-?\d+$/;

/**
 * Parses /proc/<pid>/stat text; undefined for anything that is not a whole stat line. The command
 * name (field 2) is in parentheses and may itself hold spaces, parentheses and newlines
 * (`prctl(PR_SET_NAME)` takes any bytes), so the fields are counted from the last `)`: no field
 * after it can hold one. Walks the spaces to the 22 fields it needs instead of splitting the whole
 * line (~50 strings): the metrics read this for every member of every tree each second.
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pidText = text.slice(0, open);
  if (!INTEGER.test(pidText)) return undefined;
  // f[0] is field 3, so field n is f[n - 3]: ppid 4, pgrp 5, utime 14, stime 15, starttime 22, rss 24.
  const f: string[] = [];
  let i = close + 1;
  while (f.length < 22) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
    f.push(text.slice(start, i));
  }
  if (f.length < 22 || !/^[A-Za-z]$/.test(f[0])) return undefined;
  for (const n of [1, 2, 11, 12, 19, 21]) if (!INTEGER.test(f[n])) return undefined;
  return {
    pid: Number(pidText),
    comm: text.slice(open + 2, close),
    state: f[0],
    ppid: Number(f[1]),
    pgrp: Number(f[2]),
    utime: Number(f[11]),
    stime: Number(f[12]),
    startTime: f[19],
    rssPages: Number(f[21]),
  };
}

export async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

const buf = Buffer.alloc(4096);

/**
 * The same, read synchronously into a shared buffer, for the metrics' walks of /proc. procfs is
 * generated in memory, never waits on a disk, and a read takes microseconds: cheaper than a
 * promise round trip per file (a full walk of ~100 processes went from ~11 ms to ~1 ms of CPU).
 */
export function readProcStatSync(pid: number): ProcStat | undefined {
  return parseProcStat(readHead(`/proc/${pid}/stat`, 'utf8'));
}

/**
 * The first 4 KiB of a procfs file (e.g. the `cpu` line of /proc/stat, the top of /proc/meminfo),
 * read synchronously into the shared buffer; '' when it cannot be read.
 */
export function readProcHead(path: string): string {
  return readHead(path, 'latin1');
}

function readHead(path: string, encoding: BufferEncoding): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return buf.toString(encoding, 0, readSync(fd, buf, 0, buf.length, 0));
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
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
  const all = await liveProcesses();
  if (all) return all.filter((s) => s.pgrp === pgid).map((s) => s.pid);
  try {
    process.kill(-pgid, 0);
    return [pgid];
  } catch {
    return [];
  }
}

/** Every live (non-zombie) process, from one walk of /proc; undefined where there is no /proc (not Linux). */
export async function liveProcesses(): Promise<ProcStat[] | undefined> {
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return undefined;
  }
  const all = await Promise.all(names.filter((n) => /^\d+$/.test(n)).map((n) => readProcStat(Number(n))));
  return all.filter((s): s is ProcStat => s !== undefined && !isDead(s));
}
