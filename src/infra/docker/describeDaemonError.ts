import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describeEndpoint, type DockerEndpoint } from './resolveDockerEndpoint';

/** Why the Docker engine cannot be used, in words a person can act on. */
export type DaemonProblem = 'not-installed' | 'not-running' | 'permission-denied' | 'unreachable' | 'bad-config';

export class DockerUnavailableError extends Error {
  /** A daemon that is not there may come back (core's isEngineUnavailable); a malformed DOCKER_HOST will not. */
  readonly engineUnavailable: boolean;

  constructor(
    readonly problem: DaemonProblem,
    message: string,
  ) {
    super(message);
    this.engineUnavailable = problem !== 'bad-config';
  }
}

function onPath(cmd: string, path: string | undefined): boolean {
  return (path ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Maps a failed connection (ping) to one of the cases: not installed, not running, permission denied, unreachable. */
export function describeDaemonError(err: unknown, ep: DockerEndpoint, path = process.env.PATH): DockerUnavailableError {
  const e = err as NodeJS.ErrnoException;
  const where = `${describeEndpoint(ep)} (from ${ep.source})`;
  const code = e.code ?? /\b(E[A-Z]+)\b/.exec(e.message ?? '')?.[1];
  if (ep.kind === 'unix') {
    if (code === 'ENOENT') {
      if (!onPath('dockerd', path) && !onPath('docker', path))
        return new DockerUnavailableError(
          'not-installed',
          `Docker is not installed: no docker or dockerd on PATH and no socket at ${ep.socketPath}. Install Docker (Debian: apt-get install docker.io), or point DOCKER_HOST at a remote engine.`,
        );
      return new DockerUnavailableError(
        'not-running',
        `the Docker daemon is not running: no socket at ${where}. Start it (systemctl start docker, or dockerd).`,
      );
    }
    if (code === 'ECONNREFUSED')
      return new DockerUnavailableError(
        'not-running',
        `the Docker daemon is not running: ${where} refuses connections (a stale socket). Start it (systemctl start docker, or dockerd).`,
      );
    if (code === 'EACCES' || code === 'EPERM')
      return new DockerUnavailableError(
        'permission-denied',
        `permission denied on the Docker socket ${where}: add your user to the docker group (sudo usermod -aG docker $USER, then log in again).`,
      );
  }
  const why = code ?? e.message ?? String(err);
  const fix =
    ep.source === 'DOCKER_HOST'
      ? 'check DOCKER_HOST'
      : ep.source.startsWith('Docker context') || ep.source.includes('context')
        ? 'check the Docker context (docker context ls)'
        : 'is the engine running?';
  // A TLS engine drops a plain-HTTP request without an answer.
  const tlsHint =
    ep.kind === 'tcp' && !ep.tls && (code === 'ECONNRESET' || /socket hang up/.test(e.message ?? ''))
      ? ' (an engine that wants TLS? set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH)'
      : '';
  return new DockerUnavailableError('unreachable', `cannot reach the Docker engine at ${where}: ${why}${tlsHint}; ${fix}.`);
}
