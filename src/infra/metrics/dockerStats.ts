import type { MetricsStore } from '../../core/metrics/MetricsStore';
import type { ContainerStatsStream } from '../docker/ContainerStatsStream';
import type { DockerClient } from '../docker/DockerClient';
import type { Collector } from './CollectorLoop';
import type { MonitoredEngine } from './createMonitor';

/** A reading older than this is not reported (the daemon pushes one a second). */
const STALE_MS = 5000;
/** Without a tick for this long the monitor is gone: every stream is closed. */
const IDLE_MS = 10_000;

/**
 * CPU % and memory of every running docker service, as /proc gives them for process services: one
 * `/stats` stream per container (the daemon pushes a reading every second; nothing is polled), and
 * each tick stores the latest reading. A tick never waits on Docker: streams are opened in the
 * background, a missing or stale reading is simply not stored. dockerode is loaded only once a
 * docker service runs. Memory is docker's "used" figure (usage minus inactive page cache).
 */
export function dockerStatsCollector(store: MetricsStore, engine: MonitoredEngine, env: NodeJS.ProcessEnv = process.env): Collector {
  const streams = new Map<string, ContainerStatsStream>();
  const opening = new Set<string>();
  let client: DockerClient | undefined;
  let idle: NodeJS.Timeout | undefined;
  const closeAll = () => {
    for (const s of streams.values()) s.dispose();
    streams.clear();
  };
  const open = (id: string) => {
    opening.add(id);
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded lazily: this pulls in dockerode */
    const { DockerClient: Client } = require('../docker/DockerClient') as typeof import('../docker/DockerClient');
    const { ContainerStatsStream: Stream } = require('../docker/ContainerStatsStream') as typeof import('../docker/ContainerStatsStream');
    /* eslint-enable @typescript-eslint/no-require-imports */
    client ??= new Client(env);
    void client
      .connected()
      .then((docker) => {
        if (opening.has(id)) streams.set(id, new Stream(docker.getContainer(id)));
      }, () => undefined)
      .finally(() => opening.delete(id));
  };
  return {
    name: 'docker-stats',
    async collect(now) {
      clearTimeout(idle);
      const targets = engine.status().filter((s) => s.kind === 'docker' && s.instanceId !== undefined && s.state !== 'stopped' && s.state !== 'stopping' && s.state !== 'exited');
      const live = new Set(targets.map((t) => t.instanceId!));
      for (const [id, s] of streams) {
        if (!live.has(id) || s.ended) {
          s.dispose();
          streams.delete(id);
        }
      }
      for (const id of opening) if (!live.has(id)) opening.delete(id);
      for (const t of targets) {
        const s = streams.get(t.instanceId!);
        if (!s) {
          if (!opening.has(t.instanceId!)) open(t.instanceId!);
          continue;
        }
        const r = s.latest;
        if (!r || Date.now() - r.at > STALE_MS) continue;
        store.sampleService(t.name, now, { ...(r.cpuPercent !== undefined ? { cpuPercent: r.cpuPercent } : {}), ...(r.memoryBytes !== undefined ? { rssBytes: r.memoryBytes } : {}) });
      }
      if (streams.size > 0 || opening.size > 0) {
        idle = setTimeout(closeAll, IDLE_MS);
        idle.unref();
      }
    },
  };
}
