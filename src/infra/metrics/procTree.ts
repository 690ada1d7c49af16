import { readdirSync } from 'node:fs';
import { isDead, parseProcStat, readProcStatSync, type ProcStat } from '../process/procStat';

export { readProcHead } from '../process/procStat';

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
  /** One letter: R running, S sleeping, T stopped (SIGSTOP), Z zombie, ... */
  state: string;
}

/** A process as the metrics see it, from the one /proc/<pid>/stat parser (src/infra/process/procStat.ts). */
export function parseStat(text: string): ProcEntry | undefined {
  const s = parseProcStat(text);
  return s && toEntry(s);
}

function toEntry(s: ProcStat): ProcEntry {
  return {
    pid: s.pid,
    ppid: s.ppid,
    pgrp: s.pgrp,
    ticks: s.utime + s.stime,
    startTime: s.startTime,
    rssBytes: s.rssPages * PAGE_SIZE,
    zombie: isDead(s),
    state: s.state,
  };
}

/** A live (non-zombie) process, read synchronously (see readProcStatSync). */
export function readStat(pid: number): ProcEntry | undefined {
  const s = readProcStatSync(pid);
  return s && !isDead(s) ? toEntry(s) : undefined;
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

/** Children by parent pid and members by process group, built once per /proc walk for all trees. */
export interface ProcIndex {
  all: ReadonlyMap<number, ProcEntry>;
  children: Map<number, number[]>;
  groups: Map<number, number[]>;
}

export function indexProc(all: ReadonlyMap<number, ProcEntry>): ProcIndex {
  const children = new Map<number, number[]>();
  const groups = new Map<number, number[]>();
  const add = (m: Map<number, number[]>, k: number, pid: number) => {
    const list = m.get(k);
    if (list) list.push(pid);
    else m.set(k, [pid]);
  };
  for (const e of all.values()) {
    add(children, e.ppid, e.pid);
    add(groups, e.pgrp, e.pid);
  }
  return { all, children, groups };
}

/**
 * The pids of a service's process tree: the root, its descendants (by parent pid) and members of
 * its process group (children that re-parented to init after their parent died stay counted).
 * Pass an index from `indexProc` when computing several trees over one walk.
 */
export function treeOf(root: number, pgid: number | undefined, all: ReadonlyMap<number, ProcEntry> | ProcIndex): number[] {
  const ix = all instanceof Map ? indexProc(all) : (all as ProcIndex);
  const out = new Set<number>();
  const walk = (pid: number) => {
    if (out.has(pid) || !ix.all.has(pid)) return;
    out.add(pid);
    for (const c of ix.children.get(pid) ?? []) walk(c);
  };
  walk(root);
  for (const pid of ix.groups.get(pgid ?? root) ?? []) if (!out.has(pid)) walk(pid);
  return [...out];
}
