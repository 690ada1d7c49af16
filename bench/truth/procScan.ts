/**
 * Ground truth for process services, found without asking Stackpilot: every process in /proc that
 * carries the stack's markers (STACKPILOT_STACK / STACKPILOT_SERVICE in its environment), with its
 * state letter from /proc/<pid>/stat (T = stopped by a signal, Z = exited, not reaped).
 * The environment is read once per process (pid + start time), so a scan every 100 ms is cheap.
 */
import * as fs from 'node:fs';
import { parseProcStat } from '../../src/infra/process/procStat';

export interface MarkedProcess {
  pid: number;
  startTime: string;
  state: string;
  service: string;
  /** The service's own program (service.js), not something it or a probe started. */
  main: boolean;
}

interface Known {
  startTime: string;
  service: string | null;
  main: boolean;
  /** When first seen: a process caught between fork and exec still has its parent's environment. */
  seenAt: number;
}

const RECHECK_MS = 2000;

export class ProcScan {
  private readonly known = new Map<number, Known>();

  constructor(private readonly stackId: string) {}

  scan(): MarkedProcess[] {
    const out: MarkedProcess[] = [];
    const seen = new Set<number>();
    for (const name of fs.readdirSync('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) continue;
      let stat;
      try {
        stat = parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        continue; // gone meanwhile
      }
      if (!stat) continue;
      seen.add(pid);
      let k = this.known.get(pid);
      if (!k || k.startTime !== stat.startTime || (k.service === null && Date.now() - k.seenAt < RECHECK_MS)) {
        k = this.classify(pid, stat.startTime, k && k.startTime === stat.startTime ? k.seenAt : Date.now());
        this.known.set(pid, k);
      }
      if (k.service !== null) out.push({ pid, startTime: stat.startTime, state: stat.state, service: k.service, main: k.main });
    }
    for (const pid of this.known.keys()) if (!seen.has(pid)) this.known.delete(pid);
    return out;
  }

  private classify(pid: number, startTime: string, seenAt: number): Known {
    try {
      const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (!env.includes(`STACKPILOT_STACK=${this.stackId}`)) return { startTime, service: null, main: false, seenAt };
      const service = env.find((e) => e.startsWith('STACKPILOT_SERVICE='))?.slice('STACKPILOT_SERVICE='.length) ?? '?';
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return { startTime, service, main: argv.includes('service.js'), seenAt };
    } catch {
      // A process that has just exec'd or exited: look again next time.
      return { startTime: '', service: null, main: false, seenAt };
    }
  }
}
