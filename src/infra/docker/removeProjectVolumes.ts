import { callDocker } from './callDocker';
import { DockerClient } from './DockerClient';
import { LABEL } from './labels';

/**
 * `down --volumes`: removes the named volumes Stackpilot created for `project` (labelled
 * dev.stackpilot.project), after their containers are gone. Never called otherwise: named volumes
 * hold what the user stored. Returns the names removed.
 */
export async function removeProjectVolumes(project: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  return new DockerClient(env).use(undefined, async (docker) => {
    const { Volumes } = await callDocker('volume ls', (abortSignal) =>
      docker.listVolumes({ filters: { label: [`${LABEL.project}=${project}`] }, abortSignal }),
    );
    const names = (Volumes ?? []).map((v) => v.Name);
    for (const name of names) await callDocker('volume rm', (abortSignal) => docker.getVolume(name).remove({ abortSignal }));
    return names;
  });
}
