/**
 * The faults `bench:truth` injects, each with the change it must show up as: a predicate on the
 * faulted service's published status that holds once Stackpilot shows the fault.
 */
import * as http from 'node:http';
import type { ServiceStatus } from '../../src/core/engine/state';
import { dockerApi } from './docker';

export type FaultKind =
  | 'kill-process'
  | 'kill-container'
  | 'hang'
  | 'slow'
  | 'oom'
  | 'port-taken'
  | 'supervisor-kill'
  /** The private dockerd stopped (it stops the containers) and started again: each container's death. */
  | 'dockerd-restart'
  /** ...and from the engine answering again until each container is shown up again. */
  | 'dockerd-back';

export interface Fault {
  kind: FaultKind;
  /** The service, or 'supervisor'. */
  target: string;
  t0: number;
  /** Holds once the published status shows the fault (undefined: the supervisor's own fault). */
  shows?: (s: ServiceStatus) => boolean;
  /** Undoes a lasting fault (SIGCONT, fast again, port released) after `holdMs`. */
  undo?: () => Promise<void> | void;
  holdMs?: number;
  detectedAt?: number;
  /** When the supervisor changed the service's state (the published `since`). */
  engineAt?: number;
  shownAs?: string;
}

const DOWNISH = new Set(['stopped', 'waiting', 'exited', 'failed', 'crash-looping', 'completed', 'stopping']);

/** A crash is shown once the service is down, or already back as a new process / container, or its restarts went up. */
export function crashShown(before: ServiceStatus | undefined): (s: ServiceStatus) => boolean {
  return (s) =>
    DOWNISH.has(s.state) ||
    (before !== undefined &&
      (s.restarts > before.restarts || (before.pid !== undefined && s.pid !== before.pid) || s.instanceId !== before.instanceId));
}

export const unhealthyShown = (s: ServiceStatus): boolean => s.state === 'unhealthy';

export const upShown = (s: ServiceStatus): boolean => s.state === 'healthy' || s.state === 'running';

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone: the fault happened anyway
  }
}

export const killContainer = (id: string) => dockerApi('POST', `/containers/${id}/kill?signal=SIGKILL`).catch(() => undefined);

/** Asks the node container to allocate until its memory limit kills it. */
export function askForOom(port: number): Promise<void> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/oom', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve());
      res.on('error', () => resolve());
    });
    req.on('error', () => resolve());
  });
}

/**
 * Holds `port` with an HTTP server answering 200 to everything (the most misleading squatter: a
 * naive probe would call the service healthy). Retries while the killed owner still holds it.
 */
export async function squat(port: number, withinMs = 2000): Promise<http.Server | undefined> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    const server = http.createServer((_req, res) => res.end('ok\n'));
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(true));
    });
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 2));
  }
  return undefined;
}
