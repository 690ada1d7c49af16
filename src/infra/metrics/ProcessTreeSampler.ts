import { CLK_TCK, indexProc, readStat, scanProc, treeOf, type ProcEntry } from './procTree';

export interface TreeTarget {
  service: string;
  pid: number;
  pgid?: number;
}

export interface TreeSample {
  /** Percent of one core, summed over the tree (2 busy cores = 200). Undefined on the first sample. */
  cpuPercent?: number;
  rssBytes: number;
  pids: number[];
}

/**
 * CPU % and RSS of each service's whole process tree from /proc. A full /proc walk (to find new
 * children) runs every `rescanEvery` samples or when a tree is unknown; in between only the known
 * members' stat files are read, which keeps a 1 s cadence cheap.
 */
export class ProcessTreeSampler {
  private readonly members = new Map<string, { root: number; pids: number[] }>();
  private readonly prev = new Map<string, { at: number; ticks: Map<string, number> }>();
  private calls = 0;

  constructor(private readonly rescanEvery = 10) {}

  sample(targets: readonly TreeTarget[], now: number): Map<string, TreeSample> {
    const full = this.calls++ % this.rescanEvery === 0 || targets.some((t) => this.members.get(t.service)?.root !== t.pid);
    let entries: Map<number, ProcEntry>;
    if (full) {
      entries = scanProc();
      const ix = indexProc(entries);
      for (const t of targets) this.members.set(t.service, { root: t.pid, pids: treeOf(t.pid, t.pgid, ix) });
    } else {
      const pids = [...new Set(targets.flatMap((t) => this.members.get(t.service)?.pids ?? []))];
      const stats = pids.map(readStat);
      entries = new Map(stats.filter((s): s is ProcEntry => s !== undefined).map((s) => [s.pid, s]));
    }
    const out = new Map<string, TreeSample>();
    for (const t of targets) {
      const pids = (this.members.get(t.service)?.pids ?? []).filter((p) => entries.has(p));
      const ticks = new Map(pids.map((p) => [`${p}:${entries.get(p)!.startTime}`, entries.get(p)!.ticks]));
      const rssBytes = pids.reduce((a, p) => a + entries.get(p)!.rssBytes, 0);
      const before = this.prev.get(t.service);
      this.prev.set(t.service, { at: now, ticks });
      let cpuPercent: number | undefined;
      if (before && now > before.at) {
        // Only processes seen both times count: an exited child must not make the delta negative.
        let delta = 0;
        for (const [k, v] of ticks) {
          const b = before.ticks.get(k);
          if (b !== undefined) delta += Math.max(0, v - b);
        }
        cpuPercent = (100 * delta) / CLK_TCK / ((now - before.at) / 1000);
      }
      out.set(t.service, { rssBytes, pids, ...(cpuPercent !== undefined ? { cpuPercent } : {}) });
    }
    for (const s of this.members.keys())
      if (!targets.some((t) => t.service === s)) {
        this.members.delete(s);
        this.prev.delete(s);
      }
    return out;
  }
}
