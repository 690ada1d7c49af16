import type Dockerode from 'dockerode';
import { callDocker } from './callDocker';
import { dockerMessage } from './dockerMessage';
import { LABEL } from './labels';

export interface NetworkRemoval {
  removed: string[];
  /** Ours but left in place, each with why (`app_back (in use by container other-tool, not of this stack)`). */
  kept: string[];
}

/**
 * A full `down`: removes the networks Stackpilot created for `project`, after their containers are
 * gone, as `docker compose down` does. Created by us means both labels ProjectNetworks sets (the
 * project and the network key); in Restricted Mode also this stack's own id, since a project name
 * is only text in an untrusted file. Never removed: a network declared `external` (`external` holds
 * the engine names), one of another project or tool, and one still joined by a container that is
 * not this project's (running or not: docker would let a stopped one lose its network), which is
 * kept and reported, as is one still used by a service of ours (`down SERVICE` left it running).
 */
export async function removeProjectNetworks(
  docker: Dockerode,
  project: string,
  opts: { external?: ReadonlySet<string>; stackId?: string; restricted?: boolean } = {},
): Promise<NetworkRemoval> {
  const nets = await callDocker('network ls', (abortSignal) =>
    docker.listNetworks({ filters: { label: [`${LABEL.project}=${project}`] }, abortSignal }),
  );
  // Every container, any state: the engine's `network` filter misses one created but never started, whose start would then fail.
  const containers = nets.length ? await callDocker('ps', (abortSignal) => docker.listContainers({ all: true, abortSignal })) : [];
  const removed: string[] = [];
  const kept: string[] = [];
  for (const n of [...nets].sort((x, y) => (x.Name < y.Name ? -1 : 1))) {
    const labels = n.Labels ?? {};
    if (labels[LABEL.project] !== project || labels[LABEL.network] === undefined) continue;
    if (opts.external?.has(n.Name)) continue;
    if (opts.restricted && (labels[LABEL.stack] === undefined || labels[LABEL.stack] !== opts.stackId)) continue;
    const users = containers.filter((c) =>
      Object.entries(c.NetworkSettings?.Networks ?? {}).some(([name, e]) => name === n.Name || e.NetworkID === n.Id),
    );
    const foreign = users.filter((c) => c.Labels?.[LABEL.project] !== project);
    if (foreign.length > 0) {
      kept.push(`${n.Name} (in use by container ${foreign.map(containerName).join(', ')}, not of this stack)`);
      continue;
    }
    if (users.length > 0) {
      kept.push(`${n.Name} (in use by ${users.map((c) => c.Labels?.[LABEL.service] ?? containerName(c)).join(', ')})`);
      continue;
    }
    try {
      await callDocker('network rm', (abortSignal) => docker.getNetwork(n.Id).remove({ abortSignal }));
      removed.push(n.Name);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) continue;
      kept.push(`${n.Name} (${dockerMessage(err)})`);
    }
  }
  return { removed, kept };
}

function containerName(c: Dockerode.ContainerInfo): string {
  return c.Names?.[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12);
}
