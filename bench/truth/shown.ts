/**
 * What Stackpilot shows every other process: the live status file of the supervisor holding the
 * stack, trusted only while its publisher (pid + start time from /proc) is alive.
 */
import * as fs from 'node:fs';
import { parseLiveStatus, type LiveStatus } from '../../src/core/status/liveStatus';
import { parseProcStat } from '../../src/infra/process/procStat';

export interface Shown {
  at: number;
  /** The publisher is alive and the file is its: what `stackpilot status` would print. */
  live: boolean;
  status?: LiveStatus;
  /** Why it is not live: no file, not a status, or its publisher is gone. */
  why?: string;
}

function alive(pid: number, startTime: string): boolean {
  try {
    const s = parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return !!s && s.startTime === startTime && s.state !== 'Z' && s.state !== 'X';
  } catch {
    return false;
  }
}

export function readShown(file: string): Shown {
  const at = Date.now();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { at, live: false, why: (err as NodeJS.ErrnoException).code ?? 'unreadable' };
  }
  const status = parseLiveStatus(text);
  if (!status) return { at, live: false, why: `not a live status: ${text.slice(0, 2000)}` };
  const live = alive(status.supervisor.pid, status.supervisor.startTime);
  return { at, live, status, ...(live ? {} : { why: `publisher pid ${status.supervisor.pid} is gone` }) };
}
