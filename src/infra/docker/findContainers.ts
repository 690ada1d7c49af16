import type Dockerode from 'dockerode';
import type { DockerService } from '../../core/config/model';
import { callDocker } from './callDocker';
import { LABEL } from './labels';

/** True when the labels say this container is the service's: ours, or docker compose's for its project. */
export function ownedBy(labels: Record<string, string>, project: string, svc: DockerService): boolean {
  if (labels[LABEL.project] === project) return labels[LABEL.service] === svc.name;
  return !!svc.composeProject && labels[LABEL.composeProject] === svc.composeProject && labels[LABEL.composeService] === svc.name;
}

/** Containers (any state) of this service: Stackpilot's, and for compose-imported services compose's. */
export async function findContainers(
  docker: Dockerode,
  project: string,
  svc: DockerService,
  signal: AbortSignal,
): Promise<Dockerode.ContainerInfo[]> {
  const list = (label: string[]) =>
    callDocker('ps', (abortSignal) => docker.listContainers({ all: true, filters: { label }, abortSignal }), { signal });
  const ours = await list([`${LABEL.project}=${project}`, `${LABEL.service}=${svc.name}`]);
  if (!svc.composeProject) return ours;
  const compose = await list([`${LABEL.composeProject}=${svc.composeProject}`, `${LABEL.composeService}=${svc.name}`]);
  return [...ours, ...compose.filter((c) => !ours.some((o) => o.Id === c.Id))];
}
