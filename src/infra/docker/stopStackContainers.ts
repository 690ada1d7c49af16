import { callDocker } from './callDocker';
import { connectDocker, currentEndpoint } from './connectDocker';
import { removeContainer } from './DockerHandle';
import { LABEL } from './labels';
import { removeProjectNetworks } from './removeProjectNetworks';

/** What became of one container: stopped (it ran) or only removed (it had ended, with its code). */
export interface ContainerStop {
  service: string;
  container: string;
  /** `running` when it was stopped now; else the state it was found in (`exited`, `created`). */
  was: string;
  /** Its exit code when it had ended by itself before. */
  exitCode?: number;
  removed: boolean;
  error?: string;
}

/**
 * Stops and removes the containers of `services` that carry both this stack's id and its project
 * label (what Stackpilot created for this stack: a compose container it only used is never
 * touched), as `down` does; an ended one is removed too. Then, when asked (the supervisor owned
 * the whole stack), the project networks this stack created, once no container uses them.
 */
export async function stopStackContainers(
  stackId: string,
  project: string,
  services: { service: string; graceMs: number }[],
  opts: { networks?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<{ containers: ContainerStop[]; networks: string[]; kept: string[] }> {
  if (!services.length) return { containers: [], networks: [], kept: [] };
  const docker = connectDocker(currentEndpoint(opts.env ?? process.env));
  const grace = new Map(services.map((s) => [s.service, s.graceMs]));
  const found = await callDocker('ps', (abortSignal) =>
    docker.listContainers({ all: true, filters: { label: [`${LABEL.stack}=${stackId}`, `${LABEL.project}=${project}`] }, abortSignal }),
  );
  const containers: ContainerStop[] = [];
  await Promise.all(
    found.map(async (info) => {
      const service = info.Labels[LABEL.service];
      // Checked again here: the filter is the engine's answer, the labels are what must hold.
      if (info.Labels[LABEL.stack] !== stackId || info.Labels[LABEL.project] !== project || service === undefined) return;
      const graceMs = grace.get(service);
      if (graceMs === undefined) return;
      const c = docker.getContainer(info.Id);
      const name = (info.Names?.[0] ?? info.Id.slice(0, 12)).replace(/^\//, '');
      const live = info.State === 'running' || info.State === 'paused' || info.State === 'restarting';
      const r: ContainerStop = { service, container: name, was: live ? 'running' : info.State, removed: false };
      if (!live) {
        const code = /^Exited \((\d+)\)/.exec(info.Status ?? '')?.[1];
        if (code !== undefined) r.exitCode = Number(code);
      }
      try {
        if (live)
          await callDocker('stop', (abortSignal) => c.stop({ t: Math.ceil(graceMs / 1000), abortSignal }), {
            timeoutMs: graceMs + 30_000,
          }).catch((err: { statusCode?: number }) => {
            if (err.statusCode !== 304 && err.statusCode !== 404) throw err;
          });
        await removeContainer(c);
        r.removed = true;
      } catch (err) {
        r.error = (err as Error).message;
      }
      containers.push(r);
    }),
  );
  containers.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
  if (!opts.networks || containers.some((c) => !c.removed)) return { containers, networks: [], kept: [] };
  // Only networks carrying this stack's own id (as in Restricted Mode): the project name alone is text anyone can write.
  const nets = await removeProjectNetworks(docker, project, { stackId, restricted: true });
  return { containers, networks: nets.removed, kept: nets.kept };
}
