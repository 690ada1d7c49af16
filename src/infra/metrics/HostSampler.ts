import { statfs, readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import type { HostSample } from '../../core/metrics/snapshot';

/** Host CPU % (from /proc/stat deltas), 1-min load, MemAvailable / MemTotal, free disk of a path. */
export class HostSampler {
  private prevCpu?: { total: number; idle: number };

  constructor(private readonly diskPath?: string) {}

  async sample(): Promise<HostSample> {
    const [cpu, mem, disk] = await Promise.all([this.cpu(), memInfo(), diskFree(this.diskPath)]);
    return { load1: loadavg()[0], ...cpu, ...mem, ...disk };
  }

  private async cpu(): Promise<{ cpuPercent?: number }> {
    const text = await readFile('/proc/stat', 'utf8').catch(() => '');
    const m = /^cpu\s+(.*)$/m.exec(text);
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

async function memInfo(): Promise<{ memAvailableMb?: number; memTotalMb?: number }> {
  const text = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const kb = (k: string) => {
    const m = new RegExp(`^${k}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
    return m ? Number(m[1]) / 1024 : undefined;
  };
  const memAvailableMb = kb('MemAvailable');
  const memTotalMb = kb('MemTotal');
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
