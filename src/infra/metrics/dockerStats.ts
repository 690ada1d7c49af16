import type Dockerode from 'dockerode';
import type { MetricsStore } from '../../core/metrics/MetricsStore';
import { isLive } from '../../core/status/serviceStates';
import type { ContainerStatsStream } from '../docker/ContainerStatsStream';
import type { DockerClient } from '../docker/DockerClient';
import type { Collector } from './CollectorLoop';
import type { MonitoredEngine } from './CollectorLoop';

/** A reading older than this is not reported (the daemon pushes one a second). */
const STALE_MS = 5000;
/** Without a tick for this long the monitor is gone: every stream is closed. */
const IDLE_MS = 10_000;

/** What the collector needs of one container's stats stream. */
export type StatsFollower = Pick<ContainerStatsStream, 'latest' | 'ended' | 'dispose'>;

/** Seams for tests; the defaults load dockerode lazily and follow the real `/stats` stream. */
export interface DockerStatsDeps {
  connect?: () => Promise<Dockerode>;
  follow?: (docker: Dockerode, containerId: string) => StatsFollower;
  idleMs?: number;
}

/**
 * CPU % and memory of every running docker service, as /proc gives them for process services: one
 * `/stats` stream per container (the daemon pushes a reading every second; nothing is polled), and
 * each tick stores the latest reading. A tick never waits on Docker: streams are opened in the
 * background, a missing or stale reading is simply not stored. dockerode is loaded only once a
 * docker service runs. Memory is docker's "used" figure (usage minus inactive page cache).
 */
export function dockerStatsCollector(
  store: MetricsStore,
  engine: MonitoredEngine,
  env: NodeJS.ProcessEnv = process.env,
  deps: DockerStatsDeps = {},
): Collector {
  const streams = new Map<string, StatsFollower>();
  /** Streams being opened, each with its own token: only the open that is still wanted may add its stream. */
  const opening = new Map<string, symbol>();
  let client: DockerClient | undefined;
  let idle: NodeJS.Timeout | undefined;
  const connect =
    deps.connect ??
    (() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily: this pulls in dockerode
      const { DockerClient: Client } = require('../docker/DockerClient') as typeof import('../docker/DockerClient');
      client ??= new Client(env);
      return client.connected();
    });
  const follow =
    deps.follow ??
    ((docker: Dockerode, id: string) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily with dockerode
      const { ContainerStatsStream: Stream } = require('../docker/ContainerStatsStream') as typeof import('../docker/ContainerStatsStream');
      return new Stream(docker.getContainer(id));
    });
  // Opens still under way are abandoned too: one that connects after this must not add a stream
  // that nothing would close (no tick comes to notice it).
  const closeAll = () => {
    for (const s of streams.values()) s.dispose();
    streams.clear();
    opening.clear();
  };
  const open = (id: string) => {
    const token = Symbol(id);
    opening.set(id, token);
    void connect()
      .then(
        (docker) => {
          if (opening.get(id) === token) streams.set(id, follow(docker, id));
        },
        () => undefined,
      )
      .finally(() => {
        if (opening.get(id) === token) opening.delete(id);
      });
  };
  return {
    name: 'docker-stats',
    async collect(now) {
      clearTimeout(idle);
      const targets = engine.status().filter((s) => s.kind === 'docker' && s.instanceId !== undefined && isLive(s.state));
      const live = new Set(targets.map((t) => t.instanceId!));
      for (const [id, s] of streams) {
        if (!live.has(id) || s.ended) {
          s.dispose();
          streams.delete(id);
        }
      }
      for (const id of [...opening.keys()]) if (!live.has(id)) opening.delete(id);
      for (const t of targets) {
        const s = streams.get(t.instanceId!);
        if (!s) {
          if (!opening.has(t.instanceId!)) open(t.instanceId!);
          continue;
        }
        const r = s.latest;
        if (!r || Date.now() - r.at > STALE_MS) continue;
        store.sampleService(t.name, now, {
          ...(r.cpuPercent !== undefined ? { cpuPercent: r.cpuPercent } : {}),
          ...(r.memoryBytes !== undefined ? { rssBytes: r.memoryBytes } : {}),
        });
      }
      if (streams.size > 0 || opening.size > 0) {
        idle = setTimeout(closeAll, deps.idleMs ?? IDLE_MS);
        idle.unref();
      }
    },
  };
}
