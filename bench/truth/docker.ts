/** The few Docker Engine API calls the truth bench makes, straight over the socket (no dockerode: the bench checks Stackpilot, not its client). */
import * as http from 'node:http';

let socketPath = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice(7) : '/var/run/docker.sock';
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** The engine the bench asks from here on (a private dockerd): `unix://…`. */
export function useDockerHost(host: string): void {
  if (!host.startsWith('unix://')) throw new Error(`only unix sockets: ${host}`);
  socketPath = host.slice(7);
}

export function dockerApi<T = unknown>(method: string, path: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path, method, agent, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 300) return reject(new Error(`docker ${method} ${path}: ${res.statusCode} ${body.trim()}`));
        try {
          resolve((body ? JSON.parse(body) : undefined) as T);
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`docker ${method} ${path}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export interface ContainerRow {
  Id: string;
  State: string;
  Labels: Record<string, string>;
}

/** Every container (running or not) labelled with the stack's id. */
export function stackContainers(stackId: string): Promise<ContainerRow[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`dev.stackpilot.stack=${stackId}`] }));
  return dockerApi<ContainerRow[]>('GET', `/containers/json?all=1&filters=${filters}`);
}

/** Only for what the stack left behind (labelled with its id), after the bench has reported it. */
export const removeContainer = (id: string) => dockerApi('DELETE', `/containers/${id}?force=1`).catch(() => undefined);

export function closeDocker(): void {
  agent.destroy();
}

/**
 * The engine's own record of each container death of the stack (`die` events, with the time the
 * engine stamps on them): when an OOM kill really happened, which the bench cannot time itself.
 * The stream is opened again whenever it ends (the engine restarted) until `close`.
 */
export function watchDies(stackId: string, onDie: (service: string, atMs: number, exitCode: string) => void): { close(): void } {
  const filters = encodeURIComponent(JSON.stringify({ label: [`dev.stackpilot.stack=${stackId}`], type: ['container'], event: ['die'] }));
  let closed = false;
  let req: http.ClientRequest | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const again = () => {
    req = undefined;
    if (!closed && !retry) retry = setTimeout(open, 200);
  };
  const open = () => {
    retry = undefined;
    if (closed) return;
    // Only what happens from now on: a reconnect must not replay the deaths it already told.
    const since = Math.floor(Date.now() / 1000);
    const r = http.request({ socketPath, path: `/events?since=${since}&filters=${filters}`, method: 'GET' }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          try {
            const e = JSON.parse(line) as { timeNano: number; Actor: { Attributes: Record<string, string> } };
            onDie(e.Actor.Attributes['dev.stackpilot.service'] ?? '?', e.timeNano / 1e6, e.Actor.Attributes.exitCode ?? '?');
          } catch {
            // a partial or foreign line
          }
        }
      });
      res.on('end', again);
      res.on('error', again);
    });
    r.on('error', again);
    r.end();
    req = r;
  };
  open();
  return {
    close: () => {
      closed = true;
      if (retry) clearTimeout(retry);
      req?.destroy();
    },
  };
}
