/**
 * `npm run bench:dashboard` (tsx bench/dashboard.ts): the dashboard webview under load.
 * 50 services each report once a second (a probe with its latency, a CPU and memory sample, now
 * and then a state change) for BENCH_SECONDS (60). The host side is the extension's own code
 * (DashboardFeed: dashboardModel, diffCards, the series model, the 50 ms coalescing) over a real
 * MetricsStore; the webview is the built bundle (dist/webview/dashboard.js + its CSS) in the real
 * page (dashboardPage: same HTML, same CSP) in Debian's Chromium, with acquireVsCodeApi emulated.
 * Printed: event-to-screen latency (from the moment a service's event happened to the webview's
 * `rendered` ack, sent after the next animation frame following the DOM update) p50/p95/max, the
 * webview's CPU (CDP Performance TaskDuration / wall time) and JS heap.
 * Target: p95 < 150 ms (issue 20). BENCH_SECONDS=10 for a quick trial; BENCH_SCREENSHOT=file.png keeps a picture.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { ServiceSpec, StackConfig } from '../src/core/config/model';
import type { ServiceState, ServiceStatus } from '../src/core/engine/state';
import { MetricsStore } from '../src/core/metrics/MetricsStore';
import { emptySnapshot, type StackSnapshot } from '../src/core/status/StackSnapshot';
import type { HostMessage, RenderedAck, WebviewMessage } from '../src/shared/protocol';
import { DashboardFeed } from '../src/core/status/DashboardFeed';
import { dashboardPage } from '../src/vscode/dashboard/dashboardPage';

const SERVICES = 50;
const seconds = Number(process.env.BENCH_SECONDS || 60);
const root = path.resolve(__dirname, '..');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : Number.NaN;
}

/** A layered stack: 5 roots (databases, caches), each later service needs one or two earlier ones. */
function stack(): { config: StackConfig; statuses: ServiceStatus[] } {
  const services: Record<string, ServiceSpec> = {};
  const statuses: ServiceStatus[] = [];
  const t0 = Date.now() - 5_000;
  const readyAt = new Map<string, number>();
  for (let i = 0; i < SERVICES; i++) {
    const name = i < 5 ? `store-${i}` : `svc-${String(i).padStart(2, '0')}`;
    const deps = i < 5 ? [] : [...new Set([Object.keys(services)[Math.floor(i / 2)], Object.keys(services)[i - 1 - (i % 3)]])];
    services[name] = {
      name,
      kind: 'process',
      dependsOn: deps.map((d) => ({ service: d, condition: 'healthy', required: true })),
      health: { probe: { kind: 'http', url: `http://127.0.0.1:${20000 + i}/health` } },
      ports: [{ port: 20000 + i, protocol: 'tcp', host: '127.0.0.1' }],
    } as unknown as ServiceSpec;
    const start = Math.max(t0, ...deps.map((d) => readyAt.get(d) ?? t0));
    const ready = start + 40 + ((i * 37) % 200);
    readyAt.set(name, ready);
    const transitions = [
      { from: 'stopped' as ServiceState, to: (deps.length ? 'waiting' : 'starting') as ServiceState, at: t0 },
      ...(deps.length ? [{ from: 'waiting' as ServiceState, to: 'starting' as ServiceState, at: start }] : []),
      { from: 'starting' as ServiceState, to: 'healthy' as ServiceState, at: ready },
    ];
    statuses.push({
      name,
      kind: 'process',
      state: 'healthy',
      since: ready,
      waitingOn: [],
      restarts: 0,
      pid: 10_000 + i,
      adopted: false,
      transitions,
    });
  }
  return { config: { name: 'bench-50', root, files: [], services, profiles: {}, extensions: {} }, statuses };
}

async function serve(): Promise<{ url: string; close: () => void }> {
  const nonce = 'YmVuY2gtZGFzaGJvYXJkLW5vbmNl';
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        dashboardPage({
          nonce,
          cspSource: `http://${req.headers.host}`,
          script: '/dist/webview/dashboard.js',
          styles: ['/dist/webview/dashboard.css', '/media/dashboard.css'],
          measureRender: true,
        }),
      );
      return;
    }
    const file = path.join(root, path.normalize(url).replace(/^\/+/, ''));
    if (!file.startsWith(path.join(root, 'dist')) && !file.startsWith(path.join(root, 'media'))) return void res.writeHead(404).end();
    fs.readFile(file, (err, body) => {
      if (err) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

/** VS Code's webview theme variables (Dark Modern's values), which the webview's CSS reads. */
const THEME_VARS: Record<string, string> = {
  '--vscode-font-family': 'system-ui, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-foreground': '#cccccc',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-widget-border': '#313131',
  '--vscode-sideBar-background': '#181818',
  '--vscode-badge-background': '#616161',
  '--vscode-badge-foreground': '#f8f8f8',
  '--vscode-testing-iconPassed': '#73c991',
  '--vscode-errorForeground': '#f85149',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-disabledForeground': '#8c8c8c',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
};

async function main(): Promise<void> {
  for (const f of ['dist/webview/dashboard.js', 'dist/webview/dashboard.css'])
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: npm run build`);
  const { config, statuses } = stack();
  const names = Object.keys(config.services);
  const store = new MetricsStore(names, {}, Date.now());
  for (const s of statuses)
    store.handle({ type: 'state', service: s.name, transition: s.transitions[s.transitions.length - 1], status: s });
  let snapshot: StackSnapshot = { ...emptySnapshot, config, selected: names, profile: 'bench', statuses, active: true };

  const server = await serve();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const rendered = new Map<number, number>();
    let ready: (() => void) | undefined;
    const isReady = new Promise<void>((r) => (ready = r));
    const host: { feed?: DashboardFeed } = {};
    await page.exposeFunction('__stackpilotToHost', (msg: WebviewMessage | RenderedAck) => {
      if (msg.type === 'ready') ready?.();
      else if (msg.type === 'rendered') rendered.set(msg.sentAt, msg.renderedAt);
      else if (msg.type === 'window') host.feed?.setWindow(msg.windowMs);
    });
    // acquireVsCodeApi as VS Code provides it; theme variables on <html style> and a class on <body>
    // as VS Code sets them (an init script and the CSSOM: neither is blocked by the page's CSP).
    await page.addInitScript({
      content: `(() => {
        let state;
        window.acquireVsCodeApi = () => ({ postMessage: (m) => void window.__stackpilotToHost(m), getState: () => state, setState: (s) => { state = s; } });
        const vars = ${JSON.stringify(THEME_VARS)};
        document.addEventListener('DOMContentLoaded', () => {
          for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
          document.body.classList.add('vscode-dark');
        });
      })();`,
    });
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => console.error(`webview error: ${e.message}`));
    await page.goto(server.url);
    await Promise.race([isReady, sleep(15_000).then(() => Promise.reject(new Error('the webview never said ready')))]);

    // Host -> webview like VS Code's postMessage: structured-cloned into the page, a 'message' event.
    const sends: { sentAt: number; bytes: number }[] = [];
    const flushMs: number[] = [];
    const post = (msg: HostMessage) => {
      sends.push({ sentAt: msg.sentAt, bytes: JSON.stringify(msg).length });
      void page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, origin: string): void }).postMessage(m, '*'), msg);
    };
    const feed = (host.feed = new DashboardFeed(
      {
        snapshot: () => snapshot,
        metrics: () => store,
        history: () => ({
          starts: () => [
            { at: 1, totalMs: 1900 },
            { at: 2, totalMs: 2150 },
            { at: 3, totalMs: 2040 },
          ],
          timings: () => ({}),
        }),
      },
      post,
    ));
    const realFlush = feed.flush.bind(feed);
    feed.flush = () => {
      const t = performance.now();
      realFlush();
      flushMs.push(performance.now() - t);
    };
    feed.ready();
    await page
      .locator('.card')
      .nth(SERVICES - 1)
      .waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metric = async (name: string) =>
      ((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.find((m) => m.name === name)
        ?.value ?? 0;
    // BENCH_PROFILE=1: the webview's hottest functions (CDP sampling profiler), to see where its CPU goes.
    if (process.env.BENCH_PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
      await browser.startTracing(page, { categories: ['devtools.timeline'] });
    }
    const task0 = await metric('TaskDuration');
    const wall0 = Date.now();

    // 50 services at 1 Hz, spread over the second; every 7 s one service goes unhealthy, then back.
    const events: number[] = [];
    const heap: number[] = [];
    const end = Date.now() + seconds * 1000;
    const byName = new Map(statuses.map((s) => [s.name, s]));
    let tick = 0;
    while (Date.now() < end) {
      const i = tick % SERVICES;
      const name = names[i];
      const now = Date.now();
      const sec = Math.floor(tick / SERVICES);
      const latency = 2 + (i % 7) + 3 * Math.abs(Math.sin((sec + i) / 5)) + Math.random();
      const st = byName.get(name)!;
      const flip = i === sec % SERVICES && sec % 7 === 0;
      let next: ServiceStatus = {
        ...st,
        lastProbe: { ok: !flip, latencyMs: latency, at: now, detail: `GET /health -> ${flip ? 503 : 200} after ${latency.toFixed(0)} ms` },
      };
      if (flip || st.state === 'unhealthy') {
        const to: ServiceState = st.state === 'healthy' ? 'unhealthy' : 'healthy';
        const transition = { from: st.state, to, at: now };
        next = { ...next, state: to, since: now, transitions: [...st.transitions, transition] };
        store.handle({ type: 'state', service: name, transition, status: next });
      }
      byName.set(name, next);
      store.handle({ type: 'probe', service: name, result: next.lastProbe! });
      store.sampleService(name, now, {
        cpuPercent: 1 + (i % 10) + 4 * Math.random(),
        rssBytes: (40 + i + 5 * Math.sin(sec / 10)) * 1024 * 1024,
      });
      snapshot = { ...snapshot, statuses: names.map((n) => byName.get(n)!) };
      events.push(now);
      feed.schedule(); // what StackController.onDidChange does
      tick++;
      if (tick % (SERVICES * 5) === 0) heap.push(await metric('JSHeapUsedSize'));
      await sleep(Math.max(0, wall0 + (tick * 1000) / SERVICES - Date.now()));
    }
    await sleep(1000);
    const task1 = await metric('TaskDuration');
    const wall1 = Date.now();
    heap.push(await metric('JSHeapUsedSize'));
    if (process.env.BENCH_PROFILE) {
      type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number };
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: Node[] } };
      const self = new Map<string, number>();
      for (const n of profile.nodes) {
        const k = `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber}`;
        self.set(k, (self.get(k) ?? 0) + n.hitCount);
      }
      // Where the main thread's time went, by trace event (style, layout, paint, script...).
      const trace = JSON.parse((await browser.stopTracing()).toString()) as {
        traceEvents: { name: string; ph: string; dur?: number; tid: number }[];
      };
      const byName = new Map<string, number>();
      for (const e of trace.traceEvents) if (e.ph === 'X' && e.dur) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
      console.log('webview trace (ms, inclusive):');
      for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`  ${v.toFixed(0).padStart(7)} ${k}`);
      const total = [...self.values()].reduce((a, b) => a + b, 0);
      console.log('webview profile (self samples):');
      for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${((100 * v) / total).toFixed(1)}% ${k}`);
    }
    if (process.env.BENCH_SCREENSHOT) await page.screenshot({ path: process.env.BENCH_SCREENSHOT, fullPage: true });

    // Each event is on screen with the first message sent after it.
    const sentTimes = sends.map((s) => s.sentAt).sort((a, b) => a - b);
    const latencies: number[] = [];
    let missing = 0;
    for (const e of events) {
      const sentAt = sentTimes.find((s) => s >= e);
      const shown = sentAt === undefined ? undefined : rendered.get(sentAt);
      if (shown === undefined) missing++;
      else latencies.push(shown - e);
    }
    const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
    console.log(
      `dashboard bench: ${SERVICES} services x 1 Hz for ${seconds} s = ${events.length} events, ${sends.length} messages (${(sends.length / seconds).toFixed(1)}/s, mean ${(sends.reduce((a, s) => a + s.bytes, 0) / sends.length / 1024).toFixed(1)} KB)`,
    );
    console.log(
      `event-to-screen latency: p50 ${quantile(latencies, 0.5).toFixed(0)} ms, p95 ${quantile(latencies, 0.95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms (target p95 < 150 ms)${missing ? `; ${missing} events never acknowledged` : ''}`,
    );
    console.log(
      `webview CPU: ${((100 * (task1 - task0)) / ((wall1 - wall0) / 1000)).toFixed(1)}% of one core (CDP TaskDuration over ${((wall1 - wall0) / 1000).toFixed(0)} s)`,
    );
    console.log(
      `webview JS heap: ${mb(heap[heap.length - 1])} MB at the end, max ${mb(Math.max(...heap))} MB, min ${mb(Math.min(...heap))} MB`,
    );
    console.log(
      `host flush (model + diff + series): p50 ${quantile(flushMs, 0.5).toFixed(2)} ms, p95 ${quantile(flushMs, 0.95).toFixed(2)} ms`,
    );
    console.log(`CSP violations: ${cspViolations.length}${cspViolations.length ? `\n  ${cspViolations.slice(0, 5).join('\n  ')}` : ''}`);
    feed.dispose();
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
