/**
 * `npm run bench:monitor` (tsx bench/monitor.ts): 20 process services watched at 1 s resolution
 * for BENCH_SECONDS (60): the supervisor's CPU (% of one core: engine + monitor + collectors), its
 * RSS, and the latency from a crash (SIGKILL from outside) to service-down firing.
 * Targets: < 2% of one core, < 80 MB RSS, crash to firing < 1 s.
 * BENCH_PROMETHEUS=1 also serves the Prometheus endpoint and scrapes it every second (time and size
 * per scrape, its CPU and RSS included above); BENCH_WEBHOOK=1 also posts alerts to a local
 * receiver (crash to webhook received).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
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
  let y = 'name: bench-monitor\n';
  if (process.env.BENCH_WEBHOOK) y += 'monitoring:\n  webhooks: [{ name: bench, urlEnv: BENCH_HOOK_URL, format: slack, events: [firing] }]\n';
  y += 'services:\n';
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
  const received: { at: number; text: string }[] = [];
  const receiver = process.env.BENCH_WEBHOOK
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
  const monitor = createMonitor(engine, loaded.config, {
    clock,
    ...(process.env.BENCH_PROMETHEUS ? { prometheus: { port: 0 } } : {}),
    ...(receiver ? { env: { BENCH_HOOK_URL: `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook` } } : {}),
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
    const promUrl = await monitor.prometheus;
    const scrapes: { ms: number; bytes: number }[] = [];
    for (let s = 0; s < seconds; s++) {
      await sleep(1000);
      if (promUrl) {
        const a = performance.now();
        const body = await (await fetch(promUrl)).text();
        scrapes.push({ ms: performance.now() - a, bytes: body.length });
      }
      maxRss = Math.max(maxRss, process.memoryUsage().rss);
    }
    const tickMs = ticks ? tickCpuUs / ticks / 1000 : 0;
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const cpuPct = (100 * (cpu.user + cpu.system) / 1000) / wallMs;
    const latencies: number[] = [];
    const hookLatencies: number[] = [];
    for (const name of ['s3', 's11', 's17']) {
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
    const snap = monitor.snapshot().metrics;
    console.log(`services: ${SERVICES} ${busybox ? 'busybox httpd, tcp probe every 1 s' : 'sleep (no probe)'}; watched ${seconds} s at 1 s resolution`);
    console.log(`supervisor CPU: ${cpuPct.toFixed(2)}% of one core (target < 2%)`);
    console.log(`monitor tick: ${tickMs.toFixed(2)} ms CPU per 1 s tick (${(tickMs / 10).toFixed(2)}% of one core) over ${ticks} ticks`);
    console.log(`supervisor RSS: ${(maxRss / 2 ** 20).toFixed(1)} MB max (target < 80 MB)`);
    console.log(`crash -> firing: ${latencies.map((l) => `${l} ms`).join(', ') || 'not measured'} (target < 1000 ms)`);
    if (promUrl) {
      const ms = scrapes.map((x) => x.ms).sort((a, b) => a - b);
      console.log(`Prometheus: ${scrapes.length} scrapes included above, ${ms[Math.floor(ms.length / 2)]?.toFixed(1)} ms median / ${ms.at(-1)?.toFixed(1)} ms max, ${scrapes.at(-1)?.bytes} bytes each`);
    }
    if (receiver) console.log(`crash -> webhook received: ${hookLatencies.map((l) => `${l} ms`).join(', ') || 'not measured'}`);
    console.log(`sampled: ${snap.services.filter((s) => s.memoryBytes !== undefined).length}/${SERVICES} services with RSS; slow collector runs: ${JSON.stringify(snap.slowCollectors)}`);
  } finally {
    await monitor.drain();
    monitor.dispose();
    receiver?.closeAllConnections();
    receiver?.close();
    await engine.down();
    engine.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exitCode = 1;
});
