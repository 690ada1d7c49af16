import { readdir, readFile } from 'node:fs/promises';

/** Linux reports CPU time in clock ticks of 1/100 s on every mainstream architecture (USER_HZ). */
export const CLK_TCK = 100;
export const PAGE_SIZE = 4096;

export interface ProcEntry {
  pid: number;
  ppid: number;
  pgrp: number;
  /** utime + stime, clock ticks. */
  ticks: number;
  rssBytes: number;
  startTime: string;
  zombie: boolean;
}

/** Parses /proc/<pid>/stat, counting fields from the last `)` (the command may hold spaces and parens). */
export function parseStat(text: string): ProcEntry | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const f = text.slice(close + 2).trim().split(/\s+/);
  if (f.length < 22) return undefined;
  // f[0] is field 3, so field n is f[n - 3]: ppid 4, pgrp 5, utime 14, stime 15, starttime 22, rss 24.
  return {
    pid: Number(text.slice(0, text.indexOf(' '))),
    ppid: Number(f[1]),
    pgrp: Number(f[2]),
    ticks: Number(f[11]) + Number(f[12]),
    startTime: f[19],
    rssBytes: Number(f[21]) * PAGE_SIZE,
    zombie: f[0] === 'Z' || f[0] === 'X',
  };
}

export async function readStat(pid: number): Promise<ProcEntry | undefined> {
  try {
    const e = parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
    return e && !e.zombie ? e : undefined;
  } catch {
    return undefined;
  }
}

/** Every live process (one /proc walk). */
export async function scanProc(): Promise<Map<number, ProcEntry>> {
  const out = new Map<number, ProcEntry>();
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return out;
  }
  const pids = names.filter((n) => /^\d+$/.test(n)).map(Number);
  const stats = await Promise.all(pids.map(readStat));
  for (const s of stats) if (s) out.set(s.pid, s);
  return out;
}

/**
 * The pids of a service's process tree: the root, its descendants (by parent pid) and members of
 * its process group (children that re-parented to init after their parent died stay counted).
 */
export function treeOf(root: number, pgid: number | undefined, all: ReadonlyMap<number, ProcEntry>): number[] {
  const children = new Map<number, number[]>();
  for (const e of all.values()) {
    const list = children.get(e.ppid);
    if (list) list.push(e.pid);
    else children.set(e.ppid, [e.pid]);
  }
  const out = new Set<number>();
  const walk = (pid: number) => {
    if (out.has(pid) || !all.has(pid)) return;
    out.add(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  const group = pgid ?? root;
  for (const e of all.values()) if (e.pgrp === group && !out.has(e.pid)) walk(e.pid);
  return [...out];
}
