/** One sample of a container's resource use, as `docker stats` computes it. */
export interface ContainerSample {
  cpuPercent?: number;
  /** Memory in use without the page cache (usage - inactive_file), as the docker CLI shows it. */
  memoryBytes?: number;
  /** The container's memory limit (the host's memory when unlimited). */
  memoryLimitBytes?: number;
}

interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
  system_cpu_usage?: number;
  online_cpus?: number;
}

export interface RawStats {
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
}

/**
 * CPU % and memory from one entry of the `/containers/{id}/stats` stream (which carries the
 * previous reading in `precpu_stats`): CPU % = container delta / system delta x CPUs x 100, so one
 * busy core shows 100 %. Pure, for the monitoring collectors.
 */
export function containerSample(s: RawStats): ContainerSample {
  const out: ContainerSample = {};
  const cur = s.cpu_stats;
  const pre = s.precpu_stats;
  const cpuDelta = (cur?.cpu_usage?.total_usage ?? 0) - (pre?.cpu_usage?.total_usage ?? 0);
  const sysDelta = (cur?.system_cpu_usage ?? 0) - (pre?.system_cpu_usage ?? 0);
  const cpus = cur?.online_cpus || cur?.cpu_usage?.percpu_usage?.length || 1;
  if (pre?.system_cpu_usage && sysDelta > 0 && cpuDelta >= 0) out.cpuPercent = (cpuDelta / sysDelta) * cpus * 100;
  const m = s.memory_stats;
  if (m?.usage !== undefined) {
    // cgroup v2 names it inactive_file, v1 total_inactive_file.
    const cache = m.stats?.inactive_file ?? m.stats?.total_inactive_file ?? 0;
    out.memoryBytes = Math.max(0, m.usage - (cache < m.usage ? cache : 0));
  }
  if (m?.limit) out.memoryLimitBytes = m.limit;
  return out;
}
