import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ScanOptions, SecretFinding } from '../../core/secrets/SecretFinding';
import type { SkippedPath } from '../../core/secrets/skips';
import type { FileResult, FromWorker, ScanSettings } from './scanProtocol';

export interface BatchFile {
  rel: string;
  notCommitted: boolean;
  /** Bytes, as the walk saw them (optional). */
  size?: number;
}

/**
 * Scan files already chosen by a walk in `jobs` worker threads (the worker of the background scan),
 * files dealt out in turn so each gets a similar mix. Findings come back in the walk's order, as a
 * single-threaded scan reports them. `root` is what the files' `rel` paths are relative to.
 */
export async function scanInWorkers(
  workerPath: string,
  root: string,
  files: readonly BatchFile[],
  options: ScanOptions,
  jobs: number,
): Promise<{ findings: SecretFinding[]; scanned: number; skipped: SkippedPath[] }> {
  if (!existsSync(workerPath)) throw new Error(`the scan worker is missing: ${workerPath}`);
  const control = new Int32Array(new SharedArrayBuffer(4));
  const settings: ScanSettings = {
    root,
    ignore: [],
    baseline: [...(options.baseline ?? [])],
    minConfidence: options.minConfidence ?? 'medium',
    includeSkipped: true,
    workMs: Number.POSITIVE_INFINITY,
    restMs: 0,
  };
  const parts = Array.from({ length: jobs }, () => ({ rels: [] as string[], sizes: [] as number[] }));
  let sized = true;
  files.forEach((f, i) => {
    parts[i % jobs].rels.push(f.rel);
    parts[i % jobs].sizes.push(f.size ?? -1);
    if (f.size === undefined) sized = false;
  });
  const byFile = new Map<string, FileResult['findings']>();
  const skipped: SkippedPath[] = [];
  let scanned = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      parts.map(
        ({ rels, sizes }) =>
          new Promise<void>((resolve, reject) => {
            const worker = new Worker(workerPath, { workerData: { control: control.buffer } });
            workers.push(worker);
            worker.on('error', reject);
            worker.on('exit', (code) => reject(new Error(`scan worker exited (${code})`)));
            worker.on('message', (m: FromWorker) => {
              if (m.type === 'results') for (const r of m.results) byFile.set(r.rel, r.findings);
              else if (m.type === 'error') reject(new Error(m.message));
              else if (m.type === 'done') {
                scanned += m.scanned;
                skipped.push(...m.skipped);
                resolve();
              }
            });
            worker.postMessage({ type: 'batch', generation: 0, settings, rels, sizes: sized ? sizes : undefined });
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const findings: SecretFinding[] = [];
  for (const f of files) for (const x of byFile.get(f.rel) ?? []) findings.push(f.notCommitted ? { ...x, notCommitted: true } : x);
  return { findings, scanned, skipped };
}
