/**
 * The mixed stack `npm run bench:truth` supervises: five process services (http, http, tcp, exec
 * and no probe) and three Docker services (redis, the node image, busybox), each with a Docker
 * healthcheck, on loopback ports (host network: this engine has no default bridge to rely on).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Check = 'http' | 'tcp' | 'line' | 'redis' | 'none';

export interface BenchService {
  name: string;
  kind: 'process' | 'docker';
  port?: number;
  /** How the bench itself checks that it answers (ground truth), independent of Stackpilot's probe. */
  check: Check;
  /** What the probe policy may take to notice a change of health: interval × retries + timeout (ms). */
  allowanceMs: number;
}

// Probe policy of the process services: every 1 s, 2 failures in a row, 1 s timeout. The
// containers' healthchecks get 3 s: each is a `docker exec`, which alone takes 0.75-1.4 s on this
// machine under load (README, bench:exec-probe).
const RETRIES = 2;
const PROCESS_ALLOWANCE_MS = 1000 * RETRIES + 1000;
const DOCKER_ALLOWANCE_MS = 2000 * RETRIES + 3000;
const policy = `interval: 1s, timeout: 1s, retries: ${RETRIES}`;
// Faults come every few seconds for minutes: the crash-loop rule must not end the run early.
const restart = '{ policy: always, crashLoopCount: 100, crashLoopWindow: 60s }';

export function benchServices(ports: number[]): BenchService[] {
  const [web, api, cache, queue, redis, app, edge] = ports;
  const p = (name: string, port: number | undefined, check: Check): BenchService => ({
    name,
    kind: 'process',
    ...(port ? { port } : {}),
    check,
    allowanceMs: PROCESS_ALLOWANCE_MS,
  });
  const d = (name: string, port: number, check: Check): BenchService => ({
    name,
    kind: 'docker',
    port,
    check,
    allowanceMs: DOCKER_ALLOWANCE_MS,
  });
  return [
    p('web', web, 'http'),
    p('api', api, 'http'),
    p('cache', cache, 'tcp'),
    p('queue', queue, 'line'),
    p('worker', undefined, 'none'),
    d('redis', redis, 'redis'),
    d('app', app, 'http'),
    d('edge', edge, 'http'),
  ];
}

// Every image has /bin/busybox, not every one its applets (printf, grep) as links.
const httpCheck = (port: number) =>
  `busybox printf 'GET /health HTTP/1.0\\r\\n\\r\\n' | busybox nc -w 1 127.0.0.1 ${port} | busybox grep -q 200`;

/** Writes stackpilot.yaml, docker-compose.yml, service.js and the control folder into `dir`. */
export function writeStack(dir: string, project: string, services: BenchService[], node: string): void {
  const by = Object.fromEntries(services.map((s) => [s.name, s]));
  const ctrl = path.join(dir, 'ctl');
  fs.mkdirSync(ctrl, { recursive: true });
  fs.copyFileSync(path.join(__dirname, 'service.js'), path.join(dir, 'service.js'));
  const proc = (name: string, kind: string, health: string | undefined) =>
    `  ${name}:\n    argv: [${JSON.stringify(node)}, service.js]\n` +
    `    env: { KIND: ${kind}, PORT: "${by[name].port ?? 0}", NAME: ${name}, CTRL: ${JSON.stringify(ctrl)} }\n` +
    (health ? `    health: ${health}\n` : '') +
    `    restart: ${restart}\n    stopGracePeriod: 2s\n`;
  fs.writeFileSync(
    path.join(dir, 'stackpilot.yaml'),
    `name: ${project}\ncompose: [docker-compose.yml]\nservices:\n` +
      proc('web', 'http', `{ http: "http://127.0.0.1:${by.web.port}/health", ${policy} }`) +
      proc('api', 'http', `{ http: "http://127.0.0.1:${by.api.port}/health", ${policy} }`) +
      proc('cache', 'tcp', `{ tcp: "127.0.0.1:${by.cache.port}", ${policy} }`) +
      proc('queue', 'line', `{ exec: "echo PING | busybox nc -w 1 127.0.0.1 ${by.queue.port} | grep -q PONG", ${policy} }`) +
      proc('worker', 'none', undefined),
  );
  const hc = (shell: string) =>
    `    healthcheck: { test: ["CMD-SHELL", ${JSON.stringify(shell)}], interval: 2s, timeout: 3s, retries: ${RETRIES} }\n`;
  const common = `    network_mode: host\n    init: true\n    stop_grace_period: 2s\n    x-stackpilot: { restart: ${restart} }\n`;
  fs.writeFileSync(
    path.join(dir, 'docker-compose.yml'),
    `services:\n` +
      `  redis:\n    image: stackpilot-test/redis:1\n` +
      `    command: [redis-server, --port, "${by.redis.port}", --bind, 127.0.0.1, --save, "", --appendonly, "no"]\n` +
      common +
      hc(`redis-cli -p ${by.redis.port} ping | busybox grep -q PONG`) +
      `  app:\n    image: stackpilot-test/node:1\n    command: [node, /app/service.js]\n` +
      `    environment: { KIND: http, PORT: "${by.app.port}", NAME: app, CTRL: /app/ctl }\n` +
      `    volumes: ["./:/app:ro"]\n    mem_limit: 96m\n` +
      common +
      hc(`${httpCheck(by.app.port!)}`) +
      `  edge:\n    image: stackpilot-test/busybox:1\n` +
      `    command: [sh, -c, "mkdir -p /www && echo ok >/www/health && exec httpd -f -p 127.0.0.1:${by.edge.port} -h /www"]\n` +
      common +
      hc(`${httpCheck(by.edge.port!)}`),
  );
}
