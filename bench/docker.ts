/**
 * `npm run bench:docker`: time-to-all-healthy of one compose file (9 busybox-httpd services, a
 * chain and a fan-out, depends_on service_healthy, healthchecks) on the real Docker engine:
 *   - Stackpilot (in process, through DockerRunner; health from exec probes in the containers),
 *   - Debian's docker-compose v1: `up -d`, then `docker inspect` until every container is healthy,
 * alternating runs on the same file and engine. Also: latency from `docker kill` to Stackpilot's state change,
 * and (as root) a daemon restart: the same stack on a private dockerd that is stopped and started
 * again, time from the daemon answering to every service healthy again, with nobody running `up`.
 * Then the networked PostgreSQL/Redis/api stack (bench/dockerNetworked.ts, issue 16).
 * Targets (issue 4): Stackpilot <= 0.5 x docker-compose; kill seen in < 500 ms.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { createStackEngine, loadStackFromDisk } from '../src/infra/createStackEngine';
import { hopTimes, killAndTime, now, timeDockerCalls, watchPorts, type HopTimes, type KillTimes } from './dockerBreakdown';
import { fmt, summarize } from './lib/stats';
import { PrivateDockerd } from '../test/integration/dockerDaemon';
import { networkedBench } from './dockerNetworked';

const runs = Number(process.env.BENCH_RUNS || 3);
const project = `spbench${process.pid}`;
const basePort = Number(process.env.BENCH_PORT || 18400);
// name -> [readiness delay ms, dependencies]
const dag: Record<string, [number, string[]]> = {
  db: [600, []],
  cache: [150, []],
  queue: [300, []],
  migrate: [200, ['db']],
  auth: [250, ['db', 'cache']],
  orders: [300, ['migrate', 'queue']],
  api: [200, ['auth', 'orders']],
  worker: [100, ['orders']],
  web: [150, ['api']],
};

function composeFile(restart = 'no'): string {
  const lines = ['services:'];
  Object.entries(dag).forEach(([name, [delay, deps]], i) => {
    const port = basePort + i;
    lines.push(
      `  ${name}:`,
      '    image: stackpilot-test/busybox:1',
      '    network_mode: host',
      '    init: true',
      '    stop_grace_period: 2s',
      `    restart: "${restart}"`,
    );
    lines.push(
      `    command: ["sh", "-c", "sleep ${(delay / 1000).toFixed(3)}; mkdir -p /www && echo ok >/www/health && exec httpd -f -p 127.0.0.1:${port} -h /www"]`,
    );
    lines.push(
      `    healthcheck: { test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:${port}/health"], interval: 1s, timeout: 5s, retries: 3 }`,
    );
    if (deps.length) lines.push('    depends_on:', ...deps.map((d) => `      ${d}: { condition: service_healthy }`));
  });
  return `${lines.join('\n')}\n`;
}

const quiet = { debug() {}, info() {}, warn: (m: string) => console.error(m), error: (m: string) => console.error(m) };

interface SpRun {
  ms: number;
  kills: KillTimes[];
  hops: Map<string, HopTimes>;
  calls: Map<string, number[]>;
}

async function stackpilotRun(dir: string): Promise<SpRun> {
  const loaded = await loadStackFromDisk({
    root: dir,
    configPath: 'stackpilot.yaml',
    env: { ...process.env, COMPOSE_PROJECT_NAME: project },
  });
  if (!loaded.config) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  const engine = createStackEngine(loaded.config, { runDir: path.join(dir, '.stackpilot'), output: quiet });
  const ports = watchPorts(Object.fromEntries(Object.keys(dag).map((name, i) => [name, basePort + i])));
  try {
    const t0 = now();
    const { result: r, calls } = await timeDockerCalls(() => engine.up(Object.keys(dag)));
    const ms = now() - t0;
    ports.stop();
    if (!r.ok) throw new Error(`stackpilot: ${r.failures.join('; ')}`);
    const hops = hopTimes(engine, t0, ports.ready, dag);
    const docker = new Dockerode();
    const kills: KillTimes[] = [];
    // Every service killed in turn (leaves first, so no kill lands on a service already told its dependency went away).
    for (const name of Object.keys(dag).reverse()) kills.push(await killAndTime(docker, engine, name));
    return { ms, kills, hops, calls };
  } finally {
    ports.stop();
    await engine.down();
    engine.dispose();
  }
}

function composeRun(dir: string): number {
  const dc = (...args: string[]) => spawnSync('docker-compose', ['-p', project, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  const t0 = performance.now();
  const up = dc('up', '-d');
  if (up.status !== 0) throw new Error(`docker-compose up failed: ${up.stderr}`);
  const ids = dc('ps', '-q').stdout.split('\n').filter(Boolean);
  for (;;) {
    const states = execFileSync('docker', ['inspect', '--format', '{{.State.Health.Status}}', ...ids], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    if (states.length === ids.length && states.every((s) => s === 'healthy')) break;
    spawnSync('sleep', ['0.05']);
  }
  const ms = performance.now() - t0;
  dc('down', '-t', '2');
  return ms;
}

/**
 * The stack (restart: on-failure) on a private dockerd; the daemon is stopped (its shutdown stops
 * the containers) and started again: ms from the daemon answering to every service healthy again.
 */
async function daemonRestartRun(): Promise<number | undefined> {
  if (!PrivateDockerd.possible()) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-bench-restart-'));
  const daemon = new PrivateDockerd(fs.mkdtempSync('/tmp/spd-'));
  const saved = process.env.DOCKER_HOST;
  try {
    await daemon.start();
    daemon.loadTestImage();
    process.env.DOCKER_HOST = daemon.host;
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), composeFile('on-failure'));
    const loaded = await loadStackFromDisk({
      root: dir,
      configPath: 'stackpilot.yaml',
      env: { ...process.env, COMPOSE_PROJECT_NAME: `${project}r` },
    });
    if (!loaded.config) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const engine = createStackEngine(loaded.config, { runDir: path.join(dir, '.stackpilot'), output: quiet });
    try {
      const r = await engine.up(Object.keys(dag));
      if (!r.ok) throw new Error(`stackpilot on the private daemon: ${r.failures.join('; ')}`);
      await daemon.stop();
      await daemon.start();
      const t0 = performance.now();
      for (const end = t0 + 60_000; !engine.status().every((s) => s.state === 'healthy'); await new Promise((res) => setTimeout(res, 20))) {
        if (performance.now() > end)
          throw new Error(
            `not all healthy a minute after the daemon restart: ${engine
              .status()
              .map((s) => `${s.name} ${s.state}`)
              .join(', ')}`,
          );
      }
      return performance.now() - t0;
    } finally {
      await engine.down();
      engine.dispose();
    }
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
    await daemon.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const KILL_LABELS = {
  call: 'kill call answered',
  die: "daemon's die stamp",
  events: 'die on a separate /events stream',
  wait: 'a separate wait returned',
  inspect: 'inspect after die answered',
} as const;

/** Where start-up time goes: per hop medians over services and runs, Docker calls by name. */
function printBreakdown(spRuns: SpRun[]): void {
  const hops = spRuns.flatMap((r) => [...r.hops.values()]);
  console.log('  where start-up time goes (median over services and runs):');
  console.log(`    dependency healthy -> our start: ${fmt(summarize(hops.map((h) => h.schedule)))}`);
  console.log(
    `    our start -> port accepting, minus the service's own delay (create/start/process): ${fmt(summarize(hops.map((h) => h.launch)))}`,
  );
  console.log(`    port accepting -> our healthy (probe cadence + exec): ${fmt(summarize(hops.map((h) => h.detect)))}`);
  const calls = new Map<string, number[]>();
  for (const r of spRuns) for (const [what, ms] of r.calls) calls.set(what, [...(calls.get(what) ?? []), ...ms]);
  const perRun = (xs: number[]) => (xs.length / spRuns.length).toFixed(0);
  for (const [what, ms] of [...calls].sort((a, b) => b[1].reduce((x, y) => x + y, 0) - a[1].reduce((x, y) => x + y, 0)).slice(0, 8))
    console.log(`    docker ${what}: ${perRun(ms)} calls per up, ${fmt(summarize(ms))}`);
}

async function main(): Promise<void> {
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status !== 0)
    throw new Error('docker-compose (v1) is missing: run scripts/test-env.sh');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-bench-docker-'));
  fs.writeFileSync(path.join(dir, 'docker-compose.yml'), composeFile());
  const sp: number[] = [];
  const dc: number[] = [];
  const spRuns: SpRun[] = [];
  try {
    console.log(
      `bench:docker — ${Object.keys(dag).length} services (chain + fan-out, service_healthy, healthcheck interval 1s, timeout 5s), ${runs} alternating runs; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
    );
    for (let i = 0; i < runs; i++) {
      const r = await stackpilotRun(dir);
      spRuns.push(r);
      sp.push(r.ms);
      dc.push(composeRun(dir));
      const k = summarize(r.kills.map((x) => x.state));
      console.log(
        `  run ${i + 1}: stackpilot ${sp[i].toFixed(0)} ms (${r.kills.length} kills seen in median ${k.median.toFixed(0)} ms, max ${k.max.toFixed(0)}), docker-compose ${dc[i].toFixed(0)} ms (load ${os.loadavg()[0].toFixed(1)})`,
      );
    }
    const spS = summarize(sp);
    const dcS = summarize(dc);
    const ratio = spS.median / dcS.median;
    console.log(`time-to-all-healthy: stackpilot ${fmt(spS)}; docker-compose v1 ${fmt(dcS)}`);
    console.log(
      `  ratio of medians ${ratio.toFixed(2)}x (per run ${sp.map((x, i) => (x / dc[i]).toFixed(2)).join(', ')}); target <= 0.4x: ${ratio <= 0.4 ? 'met' : 'MISSED'}`,
    );
    printBreakdown(spRuns);
    const kills = spRuns.flatMap((r) => r.kills);
    const ks = summarize(kills.map((k) => k.state));
    console.log(
      `docker kill -> state change: p95 ${ks.p95.toFixed(0)} ms, ${fmt(ks)}; target p95 < 300 ms: ${ks.p95 < 300 ? 'met' : 'MISSED'}`,
    );
    for (const key of ['call', 'die', 'events', 'wait', 'inspect'] as const)
      console.log(`  kill sent -> ${KILL_LABELS[key]}: ${fmt(summarize(kills.map((k) => k[key])))}`);
    const lag = summarize(kills.map((k) => k.state - k.die));
    console.log(`  Stackpilot's own part, daemon's die stamp -> state change: p95 ${lag.p95.toFixed(0)} ms, ${fmt(lag)}`);
    // BENCH_QUICK=1: only the 9-service stack and the kills (no private daemon, no networked stack).
    const quick = !!process.env.BENCH_QUICK;
    const resumed = quick ? undefined : await daemonRestartRun();
    console.log(
      resumed === undefined
        ? `daemon restart: skipped (${quick ? 'BENCH_QUICK' : 'needs root to run a private dockerd'})`
        : `daemon restart -> all ${Object.keys(dag).length} services healthy again, no up: ${resumed.toFixed(0)} ms after the daemon answered (private dockerd, restart: on-failure)`,
    );
    const networked = quick || (await networkedBench(runs, Number(process.env.BENCH_NET_PORT || 18450)));
    if (ratio > 0.4 || ks.p95 >= 300 || !networked) process.exitCode = 1;
  } finally {
    spawnSync('docker-compose', ['-p', project, 'down', '-t', '1'], { cwd: dir, stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exitCode = 1;
});
