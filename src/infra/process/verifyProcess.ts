import { readdirSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { readStat } from '../metrics/procTree';
import { isDead, readProcStat } from './procStat';
import { SERVICE_MARKER, STACK_MARKER } from './processMarkers';

/** What a record claims about a process, checked against /proc before anything is signalled. */
export interface ProcessClaim {
  pid: number;
  startTime: string;
  stackId: string;
  /** When given, STACKPILOT_SERVICE must name it too. */
  service?: string;
}

export type Verdict = { ok: true; pgid: number } | { ok: false; reason: string };

let ownPgrp: number | undefined;
async function ourGroup(): Promise<number | undefined> {
  ownPgrp ??= (await readProcStat(process.pid))?.pgrp;
  return ownPgrp;
}

/** The variables of /proc/<pid>/environ (NUL-separated); undefined when unreadable (not ours, gone). */
export async function readEnviron(pid: number): Promise<Map<string, string> | undefined> {
  let text: string;
  try {
    // UTF-8, as the variables were written (a service named `数据库` carries STACKPILOT_SERVICE=数据库).
    text = await readFile(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return undefined;
  }
  const env = new Map<string, string>();
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

/**
 * Whether the process a record names is verifiably one Stackpilot started for this stack: alive
 * with the recorded start time, owned by our uid, carrying the stack's (and service's) markers in
 * its environment. The process group to signal comes from /proc (never from the record); it must
 * be > 1, not our own, and led by a process that passes the same checks. Pure reads: nothing is signalled.
 */
export async function verifyProcess(claim: ProcessClaim): Promise<Verdict> {
  const { pid, startTime } = claim;
  if (!Number.isSafeInteger(pid) || pid <= 1)
    return { ok: false, reason: `pid ${String(pid)} is not a process Stackpilot could have started` };
  if (pid === process.pid) return { ok: false, reason: `pid ${pid} is this process` };
  const s = await readProcStat(pid);
  if (!s || isDead(s)) return { ok: false, reason: `pid ${pid} is not running` };
  if (s.startTime !== startTime) return { ok: false, reason: `pid ${pid} started at another time (a reused pid)` };
  const mine = await checkOwnerAndMarkers(pid, claim);
  if (mine) return { ok: false, reason: mine };
  const pgid = s.pgrp;
  if (!Number.isSafeInteger(pgid) || pgid <= 1)
    return { ok: false, reason: `pid ${pid} is in process group ${pgid}, which is never signalled` };
  if (pgid === (await ourGroup())) return { ok: false, reason: `pid ${pid} is in Stackpilot's own process group` };
  if (pgid !== pid) {
    const leader = await readProcStat(pgid);
    const bad = !leader || isDead(leader) ? `its group leader ${pgid} is gone` : await checkOwnerAndMarkers(pgid, claim);
    if (bad) return { ok: false, reason: `pid ${pid} is in process group ${pgid} and ${bad}` };
  }
  return { ok: true, pgid };
}

/** Undefined when `pid` is owned by our uid and carries the claim's markers; else why not. */
async function checkOwnerAndMarkers(pid: number, claim: ProcessClaim): Promise<string | undefined> {
  const uid = process.getuid?.();
  if (uid !== undefined) {
    const owner = await stat(`/proc/${pid}`).then(
      (st) => st.uid,
      () => undefined,
    );
    if (owner !== uid) return `pid ${pid} belongs to another user`;
  }
  const env = await readEnviron(pid);
  if (!env) return `the environment of pid ${pid} cannot be read`;
  if (env.get(STACK_MARKER) !== claim.stackId) return `pid ${pid} does not carry this stack's ${STACK_MARKER} marker`;
  if (claim.service !== undefined && env.get(SERVICE_MARKER) !== claim.service)
    return `pid ${pid} does not carry ${SERVICE_MARKER}=${claim.service}`;
  return undefined;
}

/** A live process group leader carrying this stack's markers, found by scanning /proc. */
export interface MarkedProcess {
  pid: number;
  startTime: string;
  service: string;
}

/**
 * Every live process group leader of our uid whose environment names this stack: what a
 * supervisor killed between spawn and writing its record left behind, found without any record.
 * The walk over every process reads /proc synchronously (the monitor's shared-buffer stat reader,
 * then a group leader's environ searched for the marker as bytes): it runs before every fresh `up`,
 * and an async read per process cost 30-50 ms of CPU for 150 processes; candidates are then
 * verified in full like any record.
 */
export async function findMarkedProcesses(stackId: string): Promise<MarkedProcess[]> {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const marker = Buffer.from(`${STACK_MARKER}=${stackId}\0`, 'latin1');
  const candidates: { pid: number; startTime: string }[] = [];
  for (const n of names) {
    const c = n.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const pid = Number(n);
    if (pid <= 1 || pid === process.pid) continue;
    const s = readStat(pid);
    if (!s || s.pgrp !== pid) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${pid}/environ`);
    } catch {
      continue; // another user's, or gone
    }
    // A prefilter only: a candidate's environment is parsed and checked exactly by verifyProcess.
    if (environ.includes(marker)) candidates.push({ pid, startTime: s.startTime });
  }
  const found: MarkedProcess[] = [];
  for (const { pid, startTime } of candidates) {
    const service = (await readEnviron(pid))?.get(SERVICE_MARKER);
    if (service === undefined) continue;
    const v = await verifyProcess({ pid, startTime, stackId, service });
    if (v.ok) found.push({ pid, startTime, service });
  }
  return found.sort((a, b) => a.pid - b.pid);
}
