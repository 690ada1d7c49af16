/**
 * The measured process of `npm run bench:monitor`: bench/monitor.ts bundles this file with esbuild
 * (as the extension and the CLI are shipped) and forks it, so what is measured is the supervisor
 * alone (engine + monitor + collectors), not tsx or the benchmark's own bookkeeping.
 * Talks to the parent over IPC: `window-start`, then `window-end` (CPU time consumed over the window,
 * sampled RSS), then `done` (crash -> firing latencies). BENCH_NO_MONITOR=1: the engine alone.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import type { AlertEvent } from '../src/core/alerts/model';
import { createStackEngine, loadStackFromDisk } from '../src/infra/createStackEngine';
import type { Monitor } from '../src/infra/metrics/createMonitor';
import { publishLiveStatus } from '../src/infra/state/liveStatusFile';

export type SupervisorMessage =
  | { type: 'window-start' }
  | {
      type: 'window-end';
      cpuUserUs: number;
      cpuSystemUs: number;
      wallMs: number;
      /** hrtime (µs, the clock of --cpu-prof) of the window, to cut a profile to it. */ hrUs: [number, number];
      memory: NodeJS.MemoryUsage;
      tickCpuUs: number;
      ticks: number;
      /** Garbage collection over the window (perf_hooks 'gc' entries): pauses on the main thread. */
      gcMs: number;
      gcs: number;
      /** Files Node has loaded beside the bundle (the separately bundled dockerode, axios, prom-client would show here). */
      loaded: string[];
      scrapes: { ms: number; bytes: number }[];
    }
  | { type: 'done'; latencies: number[]; hookLatencies: number[]; sampled: number; slowCollectors: Record<string, number> }
  | { type: 'error'; message: string };

const SERVICES = 20;
/** BENCH_INTERVAL (1s): the probe interval; Stackpilot's default is 5s. */
const interval = process.env.BENCH_INTERVAL || '1s';
const seconds = Number(process.env.BENCH_SECONDS || 60);
const withMonitor = !process.env.BENCH_NO_MONITOR;
const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => fs.existsSync(p));
// RSS is sampled by the parent from /proc/<pid>/status, so nothing here adds to what is measured.
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const send = (m: SupervisorMessage) =>
  new Promise<void>((r) => (process.send ? process.send(m, () => r()) : (console.log(JSON.stringify(m)), r())));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function stackYaml(): Promise<string> {
  let y = 'name: bench-monitor\n';
  if (process.env.BENCH_WEBHOOK)
    y += 'monitoring:\n  webhooks: [{ name: bench, urlEnv: BENCH_HOOK_URL, format: slack, events: [firing] }]\n';
  y += 'services:\n';
  for (let i = 0; i < SERVICES; i++) {
    const port = await freePort();
    // busybox httpd starts in ~1 ms and idles: what is measured is the supervisor, not the services.
    y += busybox
      ? `  s${i}:\n    argv: ["${busybox}", "httpd", "-f", "-p", "127.0.0.1:${port}", "-h", "/tmp"]\n    health: { tcp: "127.0.0.1:${port}", interval: ${interval} }\n    restart: { policy: on-failure }\n`
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
  const received: { at: number; text: string }[] = [];
  const receiver =
    withMonitor && process.env.BENCH_WEBHOOK
      ? await new Promise<http.Server>((resolve) => {
          const srv = http.createServer((req, res) => {
            let body = '';
            req.on('data', (c: Buffer) => (body += c.toString()));
            req.on('end', () => {
              received.push({ at: Date.now(), text: (JSON.parse(body) as { text: string }).text });
              res.end('ok');
            });
          });
          srv.listen(0, '127.0.0.1', () => resolve(srv));
        })
      : undefined;
  let monitor: Monitor | undefined;
  let published: { dispose(): void } | undefined;
  if (withMonitor) {
    const { createMonitor } = await import('../src/infra/metrics/createMonitor');
    monitor = createMonitor(engine, loaded.config, {
      clock,
      ...(process.env.BENCH_PROMETHEUS ? { prometheus: { port: 0 } } : {}),
      ...(receiver ? { env: { BENCH_HOOK_URL: `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook` } } : {}),
      historyFile: path.join(dir, '.stackpilot', 'alerts.jsonl'),
    });
  }
  // What a supervising `stackpilot up` also does: the live status file `status` reads (BENCH_NO_PUBLISH=1: not).
  if (!process.env.BENCH_NO_PUBLISH)
    published = await publishLiveStatus(path.join(dir, 'status.json'), loaded.config.name, engine, monitor, (m) => console.error(m));
  const fired: AlertEvent[] = [];
  monitor?.onAlert((e) => fired.push(e));
  let stopped: Promise<void> | undefined;
  const cleanup = () => (stopped ??= stop());
  const stop = async () => {
    published?.dispose();
    await monitor?.drain();
    monitor?.dispose();
    receiver?.closeAllConnections();
    receiver?.close();
    await engine.down();
    engine.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // The parent going away (Ctrl-C, a crash) must not leave 20 services behind.
  const bail = () => void cleanup().finally(() => process.exit(1));
  process.once('SIGINT', bail);
  process.once('SIGTERM', bail);
  process.once('disconnect', bail);
  try {
    const up = await engine.up(Object.keys(loaded.config.services), { timeoutMs: 30_000 });
    if (!up.ok) throw new Error(`stack did not come up: ${JSON.stringify(up)}`);
    await sleep(2000); // let the first samples settle
    const promUrl = await monitor?.prometheus;
    const scrapes: { ms: number; bytes: number }[] = [];
    await send({ type: 'window-start' });
    tickCpuUs = 0;
    ticks = 0;
    let gcMs = 0;
    let gcs = 0;
    const gc = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        gcMs += e.duration;
        gcs++;
      }
    });
    gc.observe({ entryTypes: ['gc'] });
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let s = 0; s < seconds; s++) {
      await sleep(1000);
      if (promUrl) {
        const a = performance.now();
        const body = await (await fetch(promUrl)).text();
        scrapes.push({ ms: performance.now() - a, bytes: body.length });
      }
    }
    const cpu = process.cpuUsage(cpu0);
    const t1 = process.hrtime.bigint();
    gc.disconnect();
    const wallMs = Number(t1 - t0) / 1e6;
    await send({
      type: 'window-end',
      cpuUserUs: cpu.user,
      cpuSystemUs: cpu.system,
      wallMs,
      hrUs: [Number(t0 / 1000n), Number(t1 / 1000n)],
      memory: process.memoryUsage(),
      tickCpuUs,
      ticks,
      gcMs,
      gcs,
      loaded: Object.keys(require.cache)
        .filter((f) => f !== __filename)
        .map((f) => path.basename(f)),
      scrapes,
    });
    const latencies: number[] = [];
    const hookLatencies: number[] = [];
    for (const name of monitor ? ['s3', 's11', 's17'] : []) {
      const pid = engine.status().find((x) => x.name === name)?.pid;
      if (!pid) continue;
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 200 && !fired.some((e) => e.alert.key === `service-down/${name}` && e.kind === 'firing'); i++) await sleep(5);
      const e = fired.find((x) => x.alert.key === `service-down/${name}` && x.kind === 'firing');
      if (e) latencies.push(e.at - killedAt);
      if (receiver) {
        for (let i = 0; i < 200 && !received.some((r) => r.text.includes(` ${name}: Service is down`)); i++) await sleep(5);
        const r = received.find((x) => x.text.includes(` ${name}: Service is down`));
        if (r) hookLatencies.push(r.at - killedAt);
      }
      await sleep(1500);
    }
    const snap = monitor?.snapshot().metrics;
    await send({
      type: 'done',
      latencies,
      hookLatencies,
      sampled: snap?.services.filter((s) => s.memoryBytes !== undefined).length ?? 0,
      slowCollectors: snap?.slowCollectors ?? {},
    });
  } finally {
    process.off('SIGINT', bail);
    process.off('SIGTERM', bail);
    process.off('disconnect', bail);
    await cleanup();
  }
}

main().then(
  () => process.disconnect?.(),
  async (e: Error) => {
    await send({ type: 'error', message: e.message });
    process.exitCode = 1;
    process.disconnect?.();
  },
);
