import { callDocker } from './callDocker';
import { connectDocker, currentEndpoint } from './connectDocker';
import { removeContainer } from './DockerHandle';
import { LABEL } from './labels';

/**
 * Stops and removes the containers of `services` that carry both this stack's id and its project
 * label (what Stackpilot created for this stack: a compose container it only used is never
 * touched). Returns the services whose containers were stopped.
 */
export async function stopStackContainers(
  stackId: string,
  project: string,
  services: { service: string; graceMs: number }[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  if (!services.length) return [];
  const docker = connectDocker(currentEndpoint(env));
  const grace = new Map(services.map((s) => [s.service, s.graceMs]));
  const found = await callDocker('ps', (abortSignal) =>
    docker.listContainers({ all: true, filters: { label: [`${LABEL.stack}=${stackId}`, `${LABEL.project}=${project}`] }, abortSignal }),
  );
  const stopped: string[] = [];
  await Promise.all(
    found.map(async (info) => {
      const service = info.Labels[LABEL.service];
      // Checked again here: the filter is the engine's answer, the labels are what must hold.
      if (info.Labels[LABEL.stack] !== stackId || info.Labels[LABEL.project] !== project || service === undefined) return;
      const graceMs = grace.get(service);
      if (graceMs === undefined) return;
      const c = docker.getContainer(info.Id);
      if (info.State === 'running' || info.State === 'paused' || info.State === 'restarting') {
        await callDocker('stop', (abortSignal) => c.stop({ t: Math.ceil(graceMs / 1000), abortSignal }), {
          timeoutMs: graceMs + 10_000,
        }).catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 304 && err.statusCode !== 404) throw err;
        });
        stopped.push(service);
      }
      await removeContainer(c);
    }),
  );
  return stopped.sort();
}
