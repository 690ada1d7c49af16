/**
 * `npm run bench:secrets-background`: how responsive the extension host stays while the background
 * secret scan runs. The host side of the scan (SecretScanWorker, as BackgroundSecretScan uses it)
 * runs in this process's main thread with the worker bundle the extension ships
 * (dist/secretsWorker.js), over a ~20,000-file tree (a copy of this checkout's node_modules, with
 * `includeSkipped` so nested node_modules are read too); `perf_hooks.monitorEventLoopDelay` samples
 * the main thread's event loop all along. Also: the same scan unthrottled, for the cost of the
 * throttle. Target: event-loop delay p99 < 50 ms. What this does not include: VS Code's own work
 * turning findings into diagnostics (a few files with findings, each a small array).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ScanSettings } from '../src/infra/secrets/scanProtocol';
import { SecretScanWorker, type ScanDone } from '../src/infra/secrets/SecretScanWorker';
import { repoRoot } from './secretlint';

const workerPath = path.join(repoRoot, 'dist', 'secretsWorker.js');

async function scanOnce(
  root: string,
  throttle: { workMs: number; restMs: number },
): Promise<{ done: ScanDone; files: number; messages: number; p50: number; p99: number; max: number }> {
  let files = 0;
  let messages = 0;
  let finish: (d: ScanDone) => void = () => undefined;
  const finished = new Promise<ScanDone>((resolve) => (finish = resolve));
  const worker = new SecretScanWorker(workerPath, {
    results: (rs) => {
      messages++;
      files += rs.length;
    },
    progress: () => messages++,
    done: (d) => finish(d),
    error: (m) => {
      throw new Error(m);
    },
  });
  const settings: ScanSettings = { root, ignore: [], baseline: [], minConfidence: 'medium', includeSkipped: true, ...throttle };
  const h = monitorEventLoopDelay({ resolution: 5 });
  // The host keeps the event loop alive as an editor does (the worker is unref'd).
  const keepAlive = setInterval(() => undefined, 1000);
  h.enable();
  worker.scanAll(settings);
  const done = await finished;
  h.disable();
  clearInterval(keepAlive);
  await worker.dispose();
  const ms = (ns: number) => ns / 1e6;
  return { done, files, messages, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
}

async function main(): Promise<void> {
  if (!fs.existsSync(workerPath)) throw new Error('dist/secretsWorker.js is missing: npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-secrets-bg-'));
  try {
    fs.cpSync(path.join(repoRoot, 'node_modules'), dir, { recursive: true, verbatimSymlinks: true });
    console.log(
      `tree: a copy of node_modules in ${dir}; ${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
    await scanOnce(dir, { workMs: 1e9, restMs: 0 }); // warm the page cache
    console.log(`${'scan'.padEnd(34)} files  findings-files  seconds  loop p50 ms  p99 ms  max ms`);
    for (const [name, throttle] of [
      ['background (40 ms work, 10 ms rest)', { workMs: 40, restMs: 10 }],
      ['unthrottled', { workMs: 1e9, restMs: 0 }],
    ] as const) {
      const r = await scanOnce(dir, throttle);
      console.log(
        `${name.padEnd(34)} ${String(r.done.scanned).padStart(5)} ${String(r.files).padStart(15)} ${(r.done.ms / 1000).toFixed(2).padStart(8)} ${r.p50.toFixed(1).padStart(12)} ${r.p99.toFixed(1).padStart(7)} ${r.max.toFixed(1).padStart(7)}`,
      );
    }
    console.log('\ntarget: event-loop delay p99 < 50 ms during the background scan');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
