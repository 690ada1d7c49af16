/**
 * One read of the Docker engine for the dashboard: /version over the client's connection. When the
 * call fails the client pings the engine again and throws the classified reason (not running, not
 * installed, permission denied, unreachable, bad config: describeDaemonError), which is shown as is.
 */
import type Dockerode from 'dockerode';
import { callDocker } from './callDocker';
import type { DockerClient } from './DockerClient';
import { DockerUnavailableError } from './describeDaemonError';
import type { DockerEngineState } from '../../shared/protocol';
import type { ReadEngine } from '../../core/status/DockerEngineWatch';

const VERSION_TIMEOUT_MS = 5000;

export function readDockerEngine(client: Pick<DockerClient, 'use'>): ReadEngine {
  return async (signal) => {
    try {
      const v = await client.use(signal, (docker) => {
        // dockerode's version takes { abortSignal } though its typings do not say so.
        const version = docker.version.bind(docker) as unknown as (o: { abortSignal: AbortSignal }) => Promise<Dockerode.DockerVersion>;
        return callDocker('version', (abortSignal) => version({ abortSignal }), { timeoutMs: VERSION_TIMEOUT_MS, signal });
      });
      return { running: true, version: v.Version };
    } catch (err) {
      if (err instanceof DockerUnavailableError)
        return { running: false, problem: err.problem, reason: err.message } satisfies DockerEngineState;
      return { running: false, problem: 'no-answer', reason: (err as Error).message ?? String(err) };
    }
  };
}
