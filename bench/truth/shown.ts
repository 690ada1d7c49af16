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
  } catch {
    return { at, live: false };
  }
  const status = parseLiveStatus(text);
  if (!status) return { at, live: false };
  return { at, live: alive(status.supervisor.pid, status.supervisor.startTime), status };
}
