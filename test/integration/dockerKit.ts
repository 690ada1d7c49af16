import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { serviceBase } from './testKit';
import type { DockerService, ServiceSpec, StackConfig } from '../../src/core/config/model';

export const IMAGE = 'stackpilot-test/busybox:1';

/** Answers when /var/run/docker.sock does (GET /_ping), within a second. */
export function dockerAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: '/var/run/docker.sock', path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** Skips the suite with a reason when the engine or the test image is missing. */
export function requireDocker(ctx: Mocha.Context, done: (err?: Error) => void): void {
  void dockerAnswers().then((ok) => {
    if (!ok) {
      console.log('    (skipped: /var/run/docker.sock does not answer; run scripts/test-env.sh)');
      ctx.skip();
    }
    try {
      execFileSync('docker', ['image', 'inspect', IMAGE], { stdio: 'ignore' });
    } catch {
      console.log(`    (skipped: test image ${IMAGE} missing; run scripts/test-env.sh)`);
      ctx.skip();
    }
    done();
  }, done);
}

/** busybox httpd on 127.0.0.1:port serving /www/health (host network: no bridge here). */
export function httpdSpec(name: string, port: number, over: Partial<DockerService> = {}): DockerService {
  const test = ['CMD-SHELL', `wget -q -O- http://127.0.0.1:${port}/health`];
  return {
    ...serviceBase(name),
    kind: 'docker',
    environment: { GREETING: `hello from ${name}` },
    // An init process forwards SIGTERM (httpd as PID 1 would ignore it and wait out the grace period).
    extensions: { compose: { init: true } },
    image: IMAGE,
    command: ['sh', '-c', `echo "$GREETING"; mkdir -p /www && echo ok >/www/health && exec httpd -f -p 127.0.0.1:${port} -h /www`],
    volumes: [],
    networkMode: 'host',
    labels: {},
    // A generous timeout: one `docker exec` alone took over 2 s with the 2 cores busy, and a check that
    // fails (wget exiting non-zero) fails at once whatever the timeout.
    composeHealthcheck: { test, interval: 1000, timeout: 10_000, retries: 3 },
    health: { probe: { kind: 'exec', command: test[1], in: 'container' }, interval: 1000, timeout: 10_000, retries: 3, startPeriod: 0 },
    ...over,
  };
}

export function stackOf(name: string, root: string, services: ServiceSpec[]): StackConfig {
  return { name, root, files: [], services: Object.fromEntries(services.map((s) => [s.name, s])), profiles: {}, extensions: {} };
}

/** A project name no other test (or engineer) uses. */
export function uniqueProject(): string {
  return `sp-it-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The docker CLI on the local engine, whatever DOCKER_* a test set for Stackpilot (never a proxy in this process: execFileSync would block it). */
export function dockerCli(args: string[]): string {
  const env = { ...process.env };
  for (const k of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS_VERIFY', 'DOCKER_TLS', 'DOCKER_CERT_PATH']) delete env[k];
  return execFileSync('docker', args, { encoding: 'utf8', env, timeout: 30_000 });
}

/** Ids of containers labelled with this project (any state). */
export function containersOf(project: string): string[] {
  const out = dockerCli(['ps', '-aq', '--filter', `label=dev.stackpilot.project=${project}`]);
  return out.split('\n').filter(Boolean);
}

/** Last-resort cleanup: force-remove everything labelled with the project (containers, then volumes and networks). */
export function removeProject(project: string): void {
  const ids = containersOf(project);
  if (ids.length) dockerCli(['rm', '-f', ...ids]);
  const vols = dockerCli(['volume', 'ls', '-q', '--filter', `label=dev.stackpilot.project=${project}`])
    .split('\n')
    .filter(Boolean);
  if (vols.length) dockerCli(['volume', 'rm', '-f', ...vols]);
  const nets = dockerCli(['network', 'ls', '-q', '--filter', `label=dev.stackpilot.project=${project}`])
    .split('\n')
    .filter(Boolean);
  if (nets.length) dockerCli(['network', 'rm', ...nets]);
}

/** Names of the networks labelled with this project. */
export function networksOf(project: string): string[] {
  return dockerCli(['network', 'ls', '--format', '{{.Name}}', '--filter', `label=dev.stackpilot.project=${project}`])
    .split('\n')
    .filter(Boolean)
    .sort();
}

export function inspectState(id: string): { Running: boolean; ExitCode: number } {
  return JSON.parse(dockerCli(['inspect', '--format', '{{json .State}}', id])) as { Running: boolean; ExitCode: number };
}
