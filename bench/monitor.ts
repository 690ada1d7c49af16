/**
 * `npm run bench:monitor` (tsx bench/monitor.ts): 20 process services watched at 1 s resolution
 * for BENCH_SECONDS (60): the supervisor's CPU (% of one core: engine + monitor + collectors), its
 * RSS, and the latency from a crash (SIGKILL from outside) to service-down firing.
 * Targets: < 2% of one core, < 80 MB RSS, crash to firing < 1 s.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AlertEvent } from '../src/core/alerts/model';
import { createStackEngine, loadStackFromDisk } from '../src/infra/createStackEngine';
import { createMonitor } from '../src/infra/metrics/createMonitor';

const SERVICES = 20;
const seconds = Number(process.env.BENCH_SECONDS || 60);
const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => fs.existsSync(p));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function stackYaml(): Promise<string> {
  let y = 'name: bench-monitor\nservices:\n';
  for (let i = 0; i < SERVICES; i++) {
    const port = await freePort();
    // busybox httpd starts in ~1 ms and idles: what is measured is the supervisor, not the services.
    y += busybox
      ? `  s${i}:\n    argv: ["${busybox}", "httpd", "-f", "-p", "127.0.0.1:${port}", "-h", "/tmp"]\n    health: { tcp: "127.0.0.1:${port}", interval: 1s }\n    restart: { policy: on-failure }\n`
      : `  s${i}:\n    argv: ["sleep", "3600"]\n    restart: { policy: on-failure }\n`;
  }
  return y;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-bench-monitor-'));
  fs.writeFileSync(path.join(dir, 'stackpilot.yaml'), await stackYaml());
  const loaded = await loadStackFromDisk({ root: dir, configPath: 'stackpilot.yaml', profile: undefined, env: process.env });
  if (!loaded.config) throw new Error(JSON.stringify(loaded.diagnostics));
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };
  const engine = createStackEngine(loaded.config, { output: quiet });
  // BENCH_NO_MONITOR=1: the engine alone, to see what the monitor adds.
  // Times the monitor's own 1 s tick (collectors' synchronous part + rule evaluation).
  let tickCpuUs = 0;
  let ticks = 0;
  const clock = {
    now: () => Date.now(),
    setTimeout(fn: () => void, ms: number) {
      const t = setTimeout(() => {
        const c0 = process.cpuUsage();
        fn();
        const c = process.cpuUsage(c0);
        tickCpuUs += c.user + c.system;
        ticks++;
      }, ms);
      return { dispose: () => clearTimeout(t) };
    },
  };
  const monitor = createMonitor(engine, loaded.config, {
    clock,
    historyFile: path.join(dir, '.stackpilot', 'alerts.jsonl'),
    ...(process.env.BENCH_NO_MONITOR ? { collectors: () => [] } : {}),
  });
  const fired: AlertEvent[] = [];
  monitor.onAlert((e) => fired.push(e));
  try {
    const up = await engine.up(Object.keys(loaded.config.services), { timeoutMs: 30_000 });
    if (!up.ok) throw new Error(`stack did not come up: ${JSON.stringify(up)}`);
    await sleep(2000); // let the first samples settle
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    let maxRss = 0;
    for (let s = 0; s < seconds; s++) {
      await sleep(1000);
      maxRss = Math.max(maxRss, process.memoryUsage().rss);
    }
    const tickMs = ticks ? tickCpuUs / ticks / 1000 : 0;
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const cpuPct = (100 * (cpu.user + cpu.system) / 1000) / wallMs;
    const latencies: number[] = [];
    for (const name of ['s3', 's11', 's17']) {
      const pid = engine.status().find((x) => x.name === name)?.pid;
      if (!pid) continue;
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 200 && !fired.some((e) => e.alert.key === `service-down/${name}` && e.kind === 'firing'); i++) await sleep(5);
      const e = fired.find((x) => x.alert.key === `service-down/${name}` && x.kind === 'firing');
      if (e) latencies.push(e.at - killedAt);
      await sleep(1500);
    }
    const snap = monitor.snapshot().metrics;
    console.log(`services: ${SERVICES} ${busybox ? 'busybox httpd, tcp probe every 1 s' : 'sleep (no probe)'}; watched ${seconds} s at 1 s resolution`);
    console.log(`supervisor CPU: ${cpuPct.toFixed(2)}% of one core (target < 2%)`);
    console.log(`monitor tick: ${tickMs.toFixed(2)} ms CPU per 1 s tick (${(tickMs / 10).toFixed(2)}% of one core) over ${ticks} ticks`);
    console.log(`supervisor RSS: ${(maxRss / 2 ** 20).toFixed(1)} MB max (target < 80 MB)`);
    console.log(`crash -> firing: ${latencies.map((l) => `${l} ms`).join(', ') || 'not measured'} (target < 1000 ms)`);
    console.log(`sampled: ${snap.services.filter((s) => s.memoryBytes !== undefined).length}/${SERVICES} services with RSS; slow collector runs: ${JSON.stringify(snap.slowCollectors)}`);
  } finally {
    monitor.dispose();
    await engine.down();
    engine.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exitCode = 1;
});
