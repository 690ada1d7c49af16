import { statfs } from 'node:fs/promises';
import { loadavg } from 'node:os';
import type { HostSample } from '../../core/metrics/snapshot';
import { readProcHead } from './procTree';

const CPU_LINE = /^cpu\s+(.*)$/m;
const MEM_AVAILABLE = /^MemAvailable:\s+(\d+)\s*kB/m;
const MEM_TOTAL = /^MemTotal:\s+(\d+)\s*kB/m;

/**
 * Host CPU % (from /proc/stat deltas), 1-min load, MemAvailable / MemTotal, free disk of a path.
 * /proc files are read synchronously (generated in memory, microseconds: cheaper than a promise and
 * a thread-pool round trip each, see readStat); statfs stays asynchronous, the disk may be remote.
 */
export class HostSampler {
  private prevCpu?: { total: number; idle: number };

  constructor(private readonly diskPath?: string) {}

  async sample(): Promise<HostSample> {
    const cpu = this.cpu();
    const mem = memInfo();
    const disk = await diskFree(this.diskPath);
    return { load1: loadavg()[0], ...cpu, ...mem, ...disk };
  }

  private cpu(): { cpuPercent?: number } {
    // The aggregate `cpu` line is the first one of /proc/stat.
    const m = CPU_LINE.exec(readProcHead('/proc/stat'));
    if (!m) return {};
    const f = m[1].trim().split(/\s+/).slice(0, 8).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    const idle = f[3] + (f[4] ?? 0);
    const prev = this.prevCpu;
    this.prevCpu = { total, idle };
    if (!prev || total <= prev.total) return {};
    return { cpuPercent: (100 * (total - prev.total - (idle - prev.idle))) / (total - prev.total) };
  }
}

function memInfo(): { memAvailableMb?: number; memTotalMb?: number } {
  // MemTotal and MemAvailable are among the first lines, well inside the head read.
  const text = readProcHead('/proc/meminfo');
  const kb = (re: RegExp) => {
    const m = re.exec(text);
    return m ? Number(m[1]) / 1024 : undefined;
  };
  const memAvailableMb = kb(MEM_AVAILABLE);
  const memTotalMb = kb(MEM_TOTAL);
  return { ...(memAvailableMb !== undefined ? { memAvailableMb } : {}), ...(memTotalMb !== undefined ? { memTotalMb } : {}) };
}

async function diskFree(path: string | undefined): Promise<{ diskFreeBytes?: number; diskTotalBytes?: number; diskPath?: string }> {
  if (!path) return {};
  try {
    const s = await statfs(path);
    return { diskFreeBytes: s.bavail * s.bsize, diskTotalBytes: s.blocks * s.bsize, diskPath: path };
  } catch {
    return {};
  }
}
