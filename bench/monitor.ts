/**
 * `npm run bench:monitor` (tsx bench/monitor.ts): 20 process services watched at 1 s resolution
 * for BENCH_SECONDS (60): the supervisor's CPU (% of one core: engine + monitor + collectors), its
 * RSS, and the latency from a crash (SIGKILL from outside) to service-down firing.
 * Targets (#20): < 1% of one core, < 60 MB RSS; crash to firing < 1 s. It also prints where the
 * memory is (anonymous vs the node executable's shared pages, GC) and, from one more profiled run,
 * where the CPU goes (bench/lib/profileBreakdown.ts); BENCH_NO_BREAKDOWN=1 skips that run.
 *
 * What is measured is what a user runs: bench/monitorSupervisor.ts is bundled with esbuild (as
 * dist/extension.js and dist/cli.js are) and forked as its own Node process, so neither tsx nor this
 * script is counted. CPU is CPU time the supervisor consumed (process.cpuUsage, cross-checked with
 * utime + stime from /proc/<pid>/stat) over wall time: on a loaded machine this stays fair, where
 * wall-clock-derived figures would not. RSS is sampled from /proc/<pid>/status every second of the
 * window (VmRSS), and VmHWM (the peak, start-up included) is shown beside it.
 * The engine alone (no monitor) runs first as the baseline, so the monitor's share is visible.
 *
 * BENCH_INTERVAL=5s: probe every 5 s (Stackpilot's default) instead of every second.
 * BENCH_NO_MONITOR=1: the baseline only. BENCH_NO_BASELINE=1: the monitored run only.
 * BENCH_PROMETHEUS=1 also serves the Prometheus endpoint and scrapes it every second (time and size
 * per scrape, its CPU and RSS included above); BENCH_WEBHOOK=1 also posts alerts to a local
 * receiver (crash to webhook received).
 * BENCH_CPU_PROF=<dir> / BENCH_HEAP_PROF=<dir>: node --cpu-prof / --heap-prof of the supervisor
 * (the bundle is then not minified, so the profile shows real function names).
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { readProcStatSync } from '../src/infra/process/procStat';
import { profileBreakdown } from './lib/profileBreakdown';
import type { SupervisorMessage } from './monitorSupervisor';

const seconds = Number(process.env.BENCH_SECONDS || 60);
const CLK_TCK = 100;
const MB = 2 ** 20;

type Window = Extract<SupervisorMessage, { type: 'window-end' }>;
type Done = Extract<SupervisorMessage, { type: 'done' }>;

interface RunResult {
  window: Window;
  done?: Done;
  /** utime + stime of the child over the window, from /proc (clock ticks -> ms). */
  procCpuMs: number;
  maxVmRssBytes: number;
  vmHwmBytes: number;
  memory: MemoryBreakdown;
  /** The CPU profile written (profiled runs). */
  profile?: string;
}

/** Where the resident memory is, at the end of the window (kB figures of /proc/<pid>/status and smaps). */
interface MemoryBreakdown {
  rssAnonKb: number;
  rssFileKb: number;
  /** Proportional set size: shared pages divided among the processes mapping them. */
  pssKb: number;
  /** Pages of the node executable in memory: code (r-x) and read-only data (r--), shared with every node process. */
  nodeCodeKb: number;
  nodeDataKb: number;
  /** The C heap (malloc: Node's and V8's own structures, libuv). */
  mallocKb: number;
  threads: number;
}

function memoryOf(pid: number): MemoryBreakdown {
  const read = (f: string) => {
    try {
      return fs.readFileSync(`/proc/${pid}/${f}`, 'latin1');
    } catch {
      return '';
    }
  };
  const status = read('status');
  const kb = (text: string, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  let nodeCodeKb = 0;
  let nodeDataKb = 0;
  let mallocKb = 0;
  let mapping = '';
  for (const line of read('smaps').split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) mapping = line;
    else if (line.startsWith('Rss:')) {
      const v = Number(line.split(/\s+/)[1]);
      const [, perms, , , , file] = mapping.split(/\s+/);
      if (file === process.execPath || file?.endsWith('/node')) {
        if (perms.includes('x')) nodeCodeKb += v;
        else if (!perms.includes('w')) nodeDataKb += v;
      } else if (file === '[heap]') mallocKb += v;
    }
  }
  return {
    rssAnonKb: kb(status, 'RssAnon'),
    rssFileKb: kb(status, 'RssFile'),
    pssKb: kb(read('smaps_rollup'), 'Pss'),
    nodeCodeKb,
    nodeDataKb,
    mallocKb,
    threads: kb(status, 'Threads'),
  };
}

/** Bundled apart by esbuild.js and required only when used: dockerode (a Docker service), axios (http probes, webhooks), prom-client (Prometheus). */
const APART = ['dockerode', 'axios', 'prom-client'];

/** The same bundling as esbuild.js: node20 cjs, native modules external, the APART modules in bundles of their own beside it. */
async function bundle(dir: string, readable: boolean): Promise<string> {
  const dockerodeApart: Plugin = {
    name: 'dockerode-apart',
    setup(b) {
      b.onResolve({ filter: /^(dockerode|axios|prom-client)$/ }, (a) => ({ path: `./${a.path}.js`, external: true }));
    },
  };
  const outfile = path.join(dir, 'supervisor.js');
  for (const name of APART)
    await build({
      stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: path.join(__dirname, '..'), loader: 'js' },
      outfile: path.join(dir, `${name}.js`),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify: true,
      logLevel: 'warning',
      legalComments: 'none',
      external: ['cpu-features', '*.node'],
    });
  await build({
    entryPoints: [path.join(__dirname, 'monitorSupervisor.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: !readable,
    sourcemap: readable,
    logLevel: 'warning',
    legalComments: 'none',
    external: ['cpu-features', '*.node'],
    plugins: [dockerodeApart],
  });
  return outfile;
}

function procStatus(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function procCpuTicks(pid: number): number {
  const s = readProcStatSync(pid);
  return s ? s.utime + s.stime : 0;
}

function run(file: string, monitor: boolean, opts: { cpuProfDir?: string; seconds?: number } = {}): Promise<RunResult> {
  // BENCH_CPU_PROF / BENCH_HEAP_PROF=<dir>: the supervisor writes a V8 profile there.
  const cpuName = `${monitor ? 'monitor' : 'engine'}-${Date.now()}.cpuprofile`;
  const profile = (kind: 'cpu' | 'heap', dir: string | undefined, name: string): string[] =>
    dir ? [`--${kind}-prof`, `--${kind}-prof-dir`, path.resolve(dir), `--${kind}-prof-name`, name] : [];
  const cpuDir = opts.cpuProfDir ?? process.env.BENCH_CPU_PROF;
  const prof = [
    ...profile('cpu', cpuDir, cpuName),
    ...profile('heap', process.env.BENCH_HEAP_PROF, `${monitor ? 'monitor' : 'engine'}-${Date.now()}.heapprofile`),
  ];
  // execArgv given explicitly: the default would pass on tsx's loader flags to the child.
  const child = fork(file, [], {
    execArgv: prof,
    env: {
      ...process.env,
      BENCH_NO_MONITOR: monitor ? '' : '1',
      ...(opts.seconds !== undefined ? { BENCH_SECONDS: String(opts.seconds) } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pid = child.pid!;
  const stop = () => child.kill('SIGTERM');
  process.once('SIGINT', stop);
  let ticks0 = 0;
  let procCpuMs = 0;
  let maxVmRssBytes = 0;
  let vmHwmBytes = 0;
  let memory: MemoryBreakdown | undefined;
  let sampler: NodeJS.Timeout | undefined;
  let window: Window | undefined;
  let done: Done | undefined;
  let error: string | undefined;
  child.on('message', (m: SupervisorMessage) => {
    if (m.type === 'window-start') {
      ticks0 = procCpuTicks(pid);
      sampler = setInterval(() => (maxVmRssBytes = Math.max(maxVmRssBytes, procStatus(pid, 'VmRSS'))), 1000);
    } else if (m.type === 'window-end') {
      procCpuMs = ((procCpuTicks(pid) - ticks0) * 1000) / CLK_TCK;
      clearInterval(sampler);
      maxVmRssBytes = Math.max(maxVmRssBytes, procStatus(pid, 'VmRSS'));
      vmHwmBytes = procStatus(pid, 'VmHWM');
      memory = memoryOf(pid);
      window = m;
      if (prof.length)
        console.log(`${monitor ? 'monitored' : 'engine alone'}: window ${m.hrUs.join('..')} µs (profile clock) in pid ${pid}`);
    } else if (m.type === 'done') {
      done = m;
    } else {
      error = m.message;
    }
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      clearInterval(sampler);
      process.off('SIGINT', stop);
      if (window && memory)
        resolve({
          window,
          ...(done ? { done } : {}),
          procCpuMs,
          maxVmRssBytes,
          vmHwmBytes,
          memory,
          ...(cpuDir ? { profile: path.join(path.resolve(cpuDir), cpuName) } : {}),
        });
      else
        reject(
          new Error(
            `supervisor ${monitor ? '(monitored)' : '(engine alone)'} exited (${signal ?? code}) before the window ended${error ? `: ${error}` : ''}`,
          ),
        );
    });
  });
}

const pct = (r: RunResult) => (100 * (r.window.cpuUserUs + r.window.cpuSystemUs)) / 1000 / r.window.wallMs;
const procPct = (r: RunResult) => (100 * r.procCpuMs) / r.window.wallMs;
const rssOf = (r: RunResult) => r.maxVmRssBytes;
const heap = (r: RunResult) =>
  `heap ${(r.window.memory.heapUsed / MB).toFixed(1)}/${(r.window.memory.heapTotal / MB).toFixed(1)} MB used/total, external ${(r.window.memory.external / MB).toFixed(1)} MB`;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * Where the CPU goes: one more monitored run, BENCH_PROFILE_SECONDS (30) long, under --cpu-prof with
 * a readable bundle; each part's share of the sampled time is applied to the unprofiled run's CPU %.
 */
async function breakdown(cpuPct: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-bench-monitor-prof-'));
  try {
    const file = await bundle(dir, true);
    const r = await run(file, true, { cpuProfDir: dir, seconds: Number(process.env.BENCH_PROFILE_SECONDS || 30) });
    const b = profileBreakdown(r.profile!, file, r.window.hrUs[0], r.window.hrUs[1]);
    console.log(
      `where the CPU goes (a ${(r.window.wallMs / 1000).toFixed(0)} s profiled run, ${(b.busyUs / 1000).toFixed(0)} ms sampled on the main thread; shares applied to the ${cpuPct.toFixed(2)}% above):`,
    );
    for (const x of b.parts)
      console.log(
        `  ${((cpuPct * x.us) / b.busyUs).toFixed(2).padStart(5)}% ${((100 * x.us) / b.busyUs).toFixed(0).padStart(3)}% of samples  ${x.part}`,
      );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-bench-monitor-bundle-'));
  try {
    const file = await bundle(dir, Boolean(process.env.BENCH_CPU_PROF || process.env.BENCH_HEAP_PROF));
    const loadBefore = load();
    const base = process.env.BENCH_NO_BASELINE ? undefined : await run(file, false);
    const mon = process.env.BENCH_NO_MONITOR ? undefined : await run(file, true);
    const busybox = ['/bin/busybox', '/usr/bin/busybox'].some((p) => fs.existsSync(p));
    console.log(
      `services: 20 ${busybox ? `busybox httpd, tcp probe every ${process.env.BENCH_INTERVAL || '1s'}` : 'sleep (no probe)'}; watched ${seconds} s at 1 s resolution; supervisor = esbuild bundle in its own process (node ${process.version})`,
    );
    console.log(`load average (1/5/15 min): ${loadBefore} before, ${load()} after, on ${os.cpus().length} cores`);
    if (base) {
      console.log(
        `engine alone (baseline): CPU ${pct(base).toFixed(2)}% of one core (user ${(base.window.cpuUserUs / 1000).toFixed(0)} ms, system ${(base.window.cpuSystemUs / 1000).toFixed(0)} ms in ${(base.window.wallMs / 1000).toFixed(1)} s; /proc ${procPct(base).toFixed(2)}%), RSS ${(rssOf(base) / MB).toFixed(1)} MB max (VmHWM ${(base.vmHwmBytes / MB).toFixed(1)} MB; ${heap(base)})`,
      );
    }
    if (!mon) return;
    const w = mon.window;
    const tickMs = w.ticks ? w.tickCpuUs / w.ticks / 1000 : 0;
    console.log(
      `supervisor CPU: ${pct(mon).toFixed(2)}% of one core, CPU time / wall (target < 1%): user ${(w.cpuUserUs / 1000).toFixed(0)} ms, system ${(w.cpuSystemUs / 1000).toFixed(0)} ms in ${(w.wallMs / 1000).toFixed(1)} s; /proc ${procPct(mon).toFixed(2)}%${base ? `; monitor's share ${(pct(mon) - pct(base)).toFixed(2)}%` : ''}`,
    );
    console.log(`monitor tick: ${tickMs.toFixed(2)} ms CPU per 1 s tick (${(tickMs / 10).toFixed(2)}% of one core) over ${w.ticks} ticks`);
    console.log(
      `supervisor RSS: ${(rssOf(mon) / MB).toFixed(1)} MB max (target < 60 MB); VmHWM ${(mon.vmHwmBytes / MB).toFixed(1)} MB; ${heap(mon)}${base ? `; monitor's share ${((rssOf(mon) - rssOf(base)) / MB).toFixed(1)} MB` : ''}`,
    );
    const m = mon.memory;
    const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
    console.log(
      `  where: anonymous ${mb(m.rssAnonKb)} (JS heap ${(w.memory.heapTotal / MB).toFixed(1)} MB, C heap ${mb(m.mallocKb)}, the rest V8 code space, thread stacks and arenas of ${m.threads} threads); file-backed ${mb(m.rssFileKb)}, of which the node executable's code ${mb(m.nodeCodeKb)} and read-only data ${mb(m.nodeDataKb)} (shared with every node process: PSS ${mb(m.pssKb)})`,
    );
    console.log(
      `  garbage collection: ${w.gcs} collections, ${w.gcMs.toFixed(0)} ms of pauses (wall time: on a loaded machine it includes waiting for the CPU); loaded beside the bundle: ${w.loaded.join(', ') || 'nothing'} (${APART.join(', ')} are bundled apart and required only when used)`,
    );
    const d = mon.done;
    console.log(`crash -> firing: ${d?.latencies.map((l) => `${l} ms`).join(', ') || 'not measured'} (target < 1000 ms)`);
    if (w.scrapes.length) {
      const ms = w.scrapes.map((x) => x.ms).sort((a, b) => a - b);
      console.log(
        `Prometheus: ${w.scrapes.length} scrapes included above, ${ms[Math.floor(ms.length / 2)]?.toFixed(1)} ms median / ${ms.at(-1)?.toFixed(1)} ms max, ${w.scrapes.at(-1)?.bytes} bytes each`,
      );
    }
    if (process.env.BENCH_WEBHOOK)
      console.log(`crash -> webhook received: ${d?.hookLatencies.map((l) => `${l} ms`).join(', ') || 'not measured'}`);
    console.log(`sampled: ${d?.sampled ?? 0}/20 services with RSS; slow collector runs: ${JSON.stringify(d?.slowCollectors ?? {})}`);
    if (!process.env.BENCH_NO_BREAKDOWN) await breakdown(pct(mon));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exitCode = 1;
});
