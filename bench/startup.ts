/**
 * `npm run bench:startup`: time-to-all-healthy of a 14-service DAG of real processes with known
 * readiness delays, started three ways by the same engine and probes:
 *   - Stackpilot: event-driven (each service starts the moment its dependencies are healthy),
 *   - sequential: one service at a time in dependency order,
 *   - level-by-level: every service of a level together, the next level when all are healthy
 *     (how batch schedulers and `depends_on`-by-wave tools behave),
 * against the critical-path lower bound (the longest chain of readiness delays).
 * Prints the numbers and ratios; target: Stackpilot <= 1.10 x critical path + 250 ms.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DependencyGraph } from '../src/core/graph/DependencyGraph';
import { planStart } from '../src/core/graph/criticalPath';
import { createStackEngine, loadStackFromDisk } from '../src/infra/createStackEngine';

// Each service: a shell that sleeps its readiness delay, then execs busybox httpd serving /health.
// Both start in ~1 ms, so what is measured is the orchestrator, not Node's boot time.
const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => fs.existsSync(p));
const runs = Number(process.env.BENCH_RUNS || 3);

// name -> [readiness delay ms, dependencies]
const dag: Record<string, [number, string[]]> = {
  db: [900, []], cache: [150, []], queue: [300, []], search: [1200, []],
  migrate: [200, ['db']], auth: [250, ['db', 'cache']], catalog: [400, ['db', 'search']],
  orders: [300, ['migrate', 'queue']], payments: [350, ['auth', 'queue']], inventory: [150, ['catalog']],
  api: [300, ['auth', 'orders', 'payments']], worker: [100, ['queue', 'orders']], gateway: [150, ['api', 'inventory']],
  web: [200, ['gateway']],
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function writeStack(dir: string): Promise<void> {
  fs.mkdirSync(path.join(dir, 'www'));
  fs.writeFileSync(path.join(dir, 'www', 'health'), 'ok\n');
  const lines = ['name: bench-dag', 'services:'];
  for (const [name, [delay, deps]] of Object.entries(dag)) {
    const port = await freePort();
    const run = `sleep ${(delay / 1000).toFixed(3)}; exec ${busybox} httpd -f -p 127.0.0.1:${port} -h ${JSON.stringify(path.join(dir, 'www'))}`;
    lines.push(`  ${name}:`, `    argv: [/bin/sh, -c, ${JSON.stringify(run)}]`);
    lines.push(`    health: { http: "http://127.0.0.1:${port}/health", interval: 5s, timeout: 1s, retries: 3 }`);
    if (deps.length) lines.push(`    dependsOn: { ${deps.map((d) => `${d}: healthy`).join(', ')} }`);
  }
  fs.writeFileSync(path.join(dir, 'stackpilot.yaml'), `${lines.join('\n')}\n`);
}

type Strategy = (engine: ReturnType<typeof createStackEngine>, order: string[], levels: string[][]) => Promise<void>;

const strategies: Record<string, Strategy> = {
  stackpilot: async (engine, order) => check(await engine.up(order)),
  sequential: async (engine, order) => {
    for (const s of order) check(await engine.up([s]));
  },
  'level-by-level': async (engine, _order, levels) => {
    for (const level of levels) check(await engine.up(level));
  },
};

function check(r: { ok: boolean; failures: string[] }): void {
  if (!r.ok) throw new Error(`start failed: ${r.failures.join('; ')}`);
}

function levelsOf(order: string[]): string[][] {
  const depth = new Map<string, number>();
  for (const s of order) depth.set(s, Math.max(-1, ...dag[s][1].map((d) => depth.get(d)!)) + 1);
  const levels: string[][] = [];
  for (const s of order) (levels[depth.get(s)!] ??= []).push(s);
  return levels;
}

async function main(): Promise<void> {
  if (!busybox) throw new Error('busybox is missing: run scripts/test-env.sh (Debian package busybox-static)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-bench-'));
  try {
    await writeStack(dir);
    const loaded = await loadStackFromDisk({ root: dir, configPath: 'stackpilot.yaml', env: process.env });
    if (!loaded.config) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const graph = new DependencyGraph(Object.fromEntries(Object.entries(dag).map(([n, [, d]]) => [n, d])));
    const order = graph.topologicalOrder();
    const levels = levelsOf(order);
    const cp = planStart(order, (s) => dag[s][1], Object.fromEntries(Object.entries(dag).map(([n, [d]]) => [n, d])));
    console.log(`bench:startup — ${order.length} process services, ${levels.length} levels, ${runs} runs each (median)`);
    console.log(`critical path ${cp.criticalPath.join(' -> ')}: ${cp.criticalPathMs} ms (lower bound)`);
    const results: Record<string, number> = {};
    for (const [name, strategy] of Object.entries(strategies)) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const engine = createStackEngine(loaded.config, { runDir: path.join(dir, '.stackpilot'), output: { debug() {}, info() {}, warn: (m) => console.error(m), error: (m) => console.error(m) } });
        const t0 = performance.now();
        try {
          await strategy(engine, order, levels);
          times.push(performance.now() - t0);
        } finally {
          await engine.down();
          engine.dispose();
        }
      }
      times.sort((a, b) => a - b);
      results[name] = times[Math.floor(times.length / 2)];
      console.log(`  ${name.padEnd(15)} ${results[name].toFixed(0).padStart(6)} ms   ${(results[name] / cp.criticalPathMs).toFixed(2)}x critical path   (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`);
    }
    const target = 1.1 * cp.criticalPathMs + 250;
    const sp = results.stackpilot;
    console.log(`stackpilot vs sequential: ${(results.sequential / sp).toFixed(2)}x faster; vs level-by-level: ${(results['level-by-level'] / sp).toFixed(2)}x faster`);
    console.log(`target <= 1.10 x ${cp.criticalPathMs} + 250 = ${target.toFixed(0)} ms: ${sp <= target ? 'met' : 'MISSED'} (${sp.toFixed(0)} ms, overhead ${(sp - cp.criticalPathMs).toFixed(0)} ms)`);
    if (sp > target) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
