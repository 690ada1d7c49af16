/** The `docker exec` that opens a shell in a service's container. Pure: the caller runs it in a terminal. */
import type { ServiceSpec } from '../config/model';
import type { ServiceStatus } from '../engine/state';
import { isLive } from '../status/serviceStates';

/** What the docker CLI reads to pick its engine, as the engine adapter does (passed through unchanged). */
export const DOCKER_ENV_KEYS = [
  'DOCKER_HOST',
  'DOCKER_CONTEXT',
  'DOCKER_CONFIG',
  'DOCKER_TLS_VERIFY',
  'DOCKER_TLS',
  'DOCKER_CERT_PATH',
  'DOCKER_API_VERSION',
] as const;

export interface ShellCommand {
  file: 'docker';
  args: string[];
  /** Only the docker variables that are set. */
  env: Record<string, string>;
  /** Terminal title. */
  title: string;
}

/** bash when the image has it, else sh (busybox and alpine images have only sh). */
const SHELL = 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi';

/**
 * `docker exec -it -- <container> sh -c ...` (`--`: a container_name starting with `-` is not an option) for a docker service whose container runs now, by the
 * container id the engine knows (else the fixed container_name). Throws, in words, when there is
 * nothing to open a shell in.
 */
export function containerShell(
  name: string,
  spec: ServiceSpec | undefined,
  status: ServiceStatus | undefined,
  env: Record<string, string | undefined>,
): ShellCommand {
  if (!spec) throw new Error(`no service named ${name}`);
  if (spec.kind !== 'docker') throw new Error(`${spec.name} is a ${spec.kind} service, not a container: there is no shell to open`);
  if (!status || !isLive(status.state))
    throw new Error(`${spec.name} is ${status?.state ?? 'stopped'}: start it to open a shell in its container`);
  const container = status.instanceId ?? spec.containerName;
  if (!container) throw new Error(`the container of ${spec.name} is not known yet: try again once it has started`);
  const picked: Record<string, string> = {};
  for (const k of DOCKER_ENV_KEYS) if (env[k] !== undefined && env[k] !== '') picked[k] = env[k]!;
  return {
    file: 'docker',
    args: ['exec', '-it', '--', container, 'sh', '-c', SHELL],
    env: picked,
    title: `${spec.name} (container shell)`,
  };
}
