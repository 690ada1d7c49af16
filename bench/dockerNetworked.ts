/**
 * Part of `npm run bench:docker`: examples/compose-pg-redis (PostgreSQL, Redis and a Node.js API that
 * queries both by service name, on the project network, with a named volume) started by Stackpilot
 * and by Debian's docker-compose v1, alternating, on the same engine and the same file (without the
 * top-level `name:`, which v1 rejects; the project name comes from -p / COMPOSE_PROJECT_NAME).
 * Each run starts from an empty volume (initdb included) and ends with everything removed. Measured:
 * time to all healthy, and each service's reachability by name from inside the api container and the
 * api's published port from this machine, which must be the same under both.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { request } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { createStackEngine, loadStackFromDisk } from '../src/infra/createStackEngine';
import { removeProjectVolumes } from '../src/infra/docker/removeProjectVolumes';

const IMAGES = ['stackpilot-test/postgres:1', 'stackpilot-test/redis:1', 'stackpilot-test/node:1'];
const SERVICES = ['postgres', 'redis', 'api'];
const quiet = { debug() {}, info() {}, warn: (m: string) => console.error(m), error: (m: string) => console.error(m) };

type Reach = Record<string, boolean>;

/** From inside the api container: a TCP connect to each service by name; from here: GET /health on the published port. */
async function reachability(apiContainer: string, port: number): Promise<Reach> {
  const script =
    "const n=require('net');const [h,p]=process.argv[1].split(':');const s=n.connect(+p,h,()=>{s.end();process.exit(0)});s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(2),3000)";
  const out: Reach = {};
  for (const target of ['postgres:5432', 'redis:6379', 'api:3000']) {
    out[`${target} by name`] =
      spawnSync('docker', ['exec', apiContainer, 'node', '-e', script, target], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  }
  out[`127.0.0.1:${port}/health`] = await new Promise<boolean>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', agent: false, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
  return out;
}

async function stackpilotRun(dir: string, project: string, port: number): Promise<{ ms: number; reach: Reach }> {
  const env = { ...process.env, COMPOSE_PROJECT_NAME: project, API_PORT: String(port) };
  const loaded = await loadStackFromDisk({ root: dir, configPath: 'stackpilot.yaml', env });
  if (!loaded.config) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  const engine = createStackEngine(loaded.config, { runDir: path.join(dir, '.stackpilot'), output: quiet });
  try {
    const t0 = performance.now();
    const r = await engine.up(SERVICES);
    const ms = performance.now() - t0;
    if (!r.ok) throw new Error(`stackpilot: ${r.failures.join('; ')}`);
    const api = engine.status().find((s) => s.name === 'api')!.instanceId!;
    return { ms, reach: await reachability(api, port) };
  } finally {
    await engine.down();
    engine.dispose();
    await removeProjectVolumes(project);
    fs.rmSync(path.join(dir, '.stackpilot'), { recursive: true, force: true });
  }
}

async function composeRun(dir: string, project: string, port: number): Promise<{ ms: number; reach: Reach }> {
  const env = { ...process.env, API_PORT: String(port) };
  const dc = (...args: string[]) =>
    spawnSync('docker-compose', ['-p', project, ...args], { cwd: dir, encoding: 'utf8', timeout: 180_000, env });
  try {
    const t0 = performance.now();
    const up = dc('up', '-d');
    if (up.status !== 0) throw new Error(`docker-compose up failed: ${up.stderr}`);
    const ids = dc('ps', '-q').stdout.split('\n').filter(Boolean);
    for (const end = t0 + 180_000; ;) {
      const states = execFileSync('docker', ['inspect', '--format', '{{.State.Health.Status}}', ...ids], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean);
      if (states.length === SERVICES.length && states.every((s) => s === 'healthy')) break;
      if (performance.now() > end) throw new Error(`docker-compose: not all healthy in 3 min: ${states.join(', ')}`);
      spawnSync('sleep', ['0.05']);
    }
    const ms = performance.now() - t0;
    const api = dc('ps', '-q', 'api').stdout.trim();
    return { ms, reach: await reachability(api, port) };
  } finally {
    dc('down', '-v', '-t', '5');
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the comparison; returns false when a target is missed (or the images are missing: then it says how to build them). */
export async function networkedBench(runs: number, port: number): Promise<boolean> {
  for (const image of IMAGES) {
    if (spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status !== 0) {
      console.log(`networked stack: skipped (${image} missing: run scripts/test-env.sh)`);
      return false;
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-bench-net-'));
  fs.cpSync(path.resolve(__dirname, '../examples/compose-pg-redis'), dir, { recursive: true });
  const file = path.join(dir, 'compose.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^name:.*$/m, ''));
  fs.chmodSync(dir, 0o755); // the api container reads ./api as its own user
  const sp: number[] = [];
  const dc: number[] = [];
  let same = true;
  const base = `spnet${process.pid}`;
  try {
    console.log(
      `bench:docker (networked) — PostgreSQL + Redis + Node.js api by service name, named volume, healthchecks every 5s; ${runs} alternating runs, each from an empty volume`,
    );
    for (let i = 0; i < runs; i++) {
      const a = await stackpilotRun(dir, `${base}sp`, port);
      const b = await composeRun(dir, `${base}dc`, port);
      sp.push(a.ms);
      dc.push(b.ms);
      const agree = JSON.stringify(a.reach) === JSON.stringify(b.reach) && Object.values(a.reach).every(Boolean);
      same &&= agree;
      console.log(
        `  run ${i + 1}: stackpilot ${a.ms.toFixed(0)} ms, docker-compose ${b.ms.toFixed(0)} ms; reachability ${agree ? 'same, all reached' : `DIFFERS: stackpilot ${JSON.stringify(a.reach)} vs docker-compose ${JSON.stringify(b.reach)}`}`,
      );
    }
    const ratio = median(sp) / median(dc);
    console.log(
      `networked time-to-all-healthy (median): stackpilot ${median(sp).toFixed(0)} ms, docker-compose v1 ${median(dc).toFixed(0)} ms: ratio ${ratio.toFixed(2)}x (target <= 0.5x: ${ratio <= 0.5 ? 'met' : 'MISSED'}); reachability ${same ? 'the same under both' : 'DIFFERS'}`,
    );
    return ratio <= 0.5 && same;
  } finally {
    spawnSync('docker-compose', ['-p', `${base}dc`, 'down', '-v', '-t', '1'], { cwd: dir, stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  networkedBench(Number(process.env.BENCH_RUNS || 3), Number(process.env.BENCH_NET_PORT || 18450)).then(
    (ok) => {
      if (!ok) process.exitCode = 1;
    },
    (err: Error) => {
      console.error(err.message);
      process.exitCode = 1;
    },
  );
}
