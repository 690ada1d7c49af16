import { callDocker } from './callDocker';
import { DockerClient } from './DockerClient';
import { dockerMessage } from './dockerMessage';
import { LABEL } from './labels';

/**
 * `down`: removes the networks Stackpilot created for `project` (labelled dev.stackpilot.project),
 * after their containers are gone, as `docker compose down` does. External networks and networks
 * of other projects are never touched; one still used by a container (another tool's, or a service
 * left running by `down SERVICE`) stays and is reported. Returns the names removed and those kept.
 */
export async function removeProjectNetworks(
  project: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ removed: string[]; kept: string[] }> {
  return new DockerClient(env).use(undefined, async (docker) => {
    const nets = await callDocker('network ls', (abortSignal) =>
      docker.listNetworks({ filters: { label: [`${LABEL.project}=${project}`] }, abortSignal }),
    );
    const removed: string[] = [];
    const kept: string[] = [];
    for (const n of nets) {
      if (n.Labels?.[LABEL.project] !== project) continue;
      try {
        await callDocker('network rm', (abortSignal) => docker.getNetwork(n.Id).remove({ abortSignal }));
        removed.push(n.Name);
      } catch (err) {
        const code = (err as { statusCode?: number }).statusCode;
        if (code === 404) continue;
        kept.push(`${n.Name} (${dockerMessage(err)})`);
      }
    }
    return { removed, kept };
  });
}
