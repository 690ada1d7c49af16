import { existsSync } from 'node:fs';
import type { MetricsStore } from '../../core/metrics/MetricsStore';
import { isEnded } from '../../core/status/serviceStates';
import type { Collector } from './CollectorLoop';
import type { MonitoredEngine } from './CollectorLoop';
import { dockerStatsCollector } from './dockerStats';
import { HostSampler } from './HostSampler';
import { ProcessTreeSampler } from './ProcessTreeSampler';

/** Where Docker keeps its data by default: the disk worth watching when it exists. */
const DOCKER_DATA = '/var/lib/docker';

/**
 * The Node collectors: process-tree CPU/RSS of every running process service, Docker stats (CPU %,
 * memory) of every running docker service, and host CPU,
 * load, memory and free disk (`monitoring.diskPath`, else Docker's data folder, else the stack root).
 */
export function defaultCollectors(store: MetricsStore, engine: MonitoredEngine, diskPath?: string, root?: string): Collector[] {
  const trees = new ProcessTreeSampler();
  const host = new HostSampler(diskPath ?? (existsSync(DOCKER_DATA) ? DOCKER_DATA : (root ?? process.cwd())));
  return [
    {
      name: 'process-tree',
      async collect(now) {
        const targets = engine
          .status()
          .filter((s) => s.kind === 'process' && s.pid !== undefined && !isEnded(s.state))
          .map((s) => ({ service: s.name, pid: s.pid! }));
        const samples = trees.sample(targets, now);
        for (const [service, s] of samples)
          store.sampleService(service, now, { rssBytes: s.rssBytes, ...(s.cpuPercent !== undefined ? { cpuPercent: s.cpuPercent } : {}) });
      },
    },
    dockerStatsCollector(store, engine),
    {
      name: 'host',
      async collect(now) {
        store.sampleHost(now, await host.sample());
      },
    },
  ];
}
