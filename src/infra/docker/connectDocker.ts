import { readFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent } from 'node:https';
import { homedir } from 'node:os';
import type Dockerode from 'dockerode';
import { type DockerEndpoint, resolveDockerEndpoint } from './resolveDockerEndpoint';

/** Reads a file for the resolver: undefined when absent, other errors (permissions) thrown. */
export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** The endpoint this process's environment and ~/.docker point at. Throws DockerConfigError. */
export function currentEndpoint(env: NodeJS.ProcessEnv = process.env): DockerEndpoint {
  return resolveDockerEndpoint({ env, home: homedir(), readFile: readIfExists });
}

/**
 * A dockerode client for the endpoint, always with explicit options: dockerode's own defaults
 * read DOCKER_HOST but not contexts, which is the split vscode-docker regretted. dockerode is
 * required here, lazily: this module is only loaded once a docker service is started.
 */
export function connectDocker(ep: DockerEndpoint, fresh = false): Dockerode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Docker = require('dockerode') as typeof Dockerode;
  // `fresh`: a new connection per call, no keep-alive. For the health ping: a daemon that is shutting
  // down closes its listener first, so a new connection fails at once (the daemon is reported gone)
  // where a kept-alive one still reaches it and gets half-shut-down answers ("failed to update store
  // ... libnetwork"). Not for every call: exec probes of many containers at once stalled that way.
  const perCall = fresh ? { agent: new HttpAgent({ keepAlive: false }) } : {};
  if (ep.kind === 'unix') return new Docker({ socketPath: ep.socketPath, ...perCall } as Dockerode.DockerOptions);
  if (ep.kind === 'ssh')
    return new Docker({
      protocol: 'ssh',
      host: ep.host,
      port: ep.port,
      ...(ep.username ? { username: ep.username } : {}),
    } as Dockerode.DockerOptions);
  if (!ep.tls) return new Docker({ protocol: 'http', host: ep.host, port: ep.port, ...perCall } as Dockerode.DockerOptions);
  const { ca, cert, key, verify } = ep.tls;
  // DOCKER_TLS without _VERIFY: encrypted but the server certificate is not checked, as the CLI does.
  const agent = new Agent({ ca, cert, key, rejectUnauthorized: verify });
  return new Docker({ protocol: 'https', host: ep.host, port: ep.port, agent } as Dockerode.DockerOptions);
}
