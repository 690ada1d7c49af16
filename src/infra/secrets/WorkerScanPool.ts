import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ScanOptions, SecretFinding } from '../../core/secrets/SecretFinding';
import type { SkippedPath } from '../../core/secrets/skips';
import type { FileResult, FromWorker, ScanSettings } from './scanProtocol';

export interface BatchFile {
  rel: string;
  notCommitted: boolean;
  /** Bytes, as the walk saw them (optional: spares the worker an fstat). */
  size?: number;
}

/** Files per message: small enough that workers start while the walk goes on, large enough that messages cost nothing. */
const batchSize = 256;

/**
 * The CLI's `--jobs N`: files are added as the walk finds them and dealt out in turn (so each worker
 * gets a similar mix), posted in batches to N worker threads (the background scan's worker), which
 * scan while the walk goes on. `finish` gives the findings in the walk's order and the binaries found
 * in it, exactly as one thread reports them. `root` is what the files' `rel` paths are relative to.
 */
export class WorkerScanPool {
  private readonly workers: Worker[] = [];
  private readonly queues: { rels: string[]; sizes: number[]; sized: boolean }[];
  private readonly settings: ScanSettings;
  private readonly byFile = new Map<string, FileResult['findings']>();
  private readonly binary = new Set<string>();
  private added = 0;
  private outstanding = 0;
  private scanned = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private ending = false;

  constructor(
    private readonly workerPath: string,
    root: string,
    options: ScanOptions,
    private readonly jobs: number,
  ) {
    if (!existsSync(workerPath)) throw new Error(`the scan worker is missing: ${workerPath}`);
    this.settings = {
      root,
      ignore: [],
      baseline: [...(options.baseline ?? [])],
      minConfidence: options.minConfidence ?? 'medium',
      includeSkipped: true,
      workMs: Number.POSITIVE_INFINITY,
      restMs: 0,
    };
    this.queues = Array.from({ length: jobs }, () => ({ rels: [], sizes: [], sized: true }));
  }

  add(file: BatchFile): void {
    const w = this.added++ % this.jobs;
    const q = this.queues[w];
    q.rels.push(file.rel);
    q.sizes.push(file.size ?? -1);
    if (file.size === undefined) q.sized = false;
    if (q.rels.length >= batchSize) this.post(w);
  }

  /** Scans what is still queued, waits for every worker, stops them. */
  async finish(files: readonly BatchFile[]): Promise<{ findings: SecretFinding[]; scanned: number; skipped: SkippedPath[] }> {
    try {
      for (let w = 0; w < this.jobs; w++) if (this.queues[w].rels.length > 0) this.post(w);
      while (this.outstanding > 0 && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
      if (this.failure) throw this.failure;
    } finally {
      this.ending = true;
      await Promise.all(this.workers.map((w) => w.terminate()));
    }
    const findings: SecretFinding[] = [];
    const skipped: SkippedPath[] = [];
    for (const f of files) {
      for (const x of this.byFile.get(f.rel) ?? []) findings.push(f.notCommitted ? { ...x, notCommitted: true } : x);
      if (this.binary.has(f.rel)) skipped.push({ path: f.rel, reason: 'binary' });
    }
    return { findings, scanned: this.scanned, skipped };
  }

  private post(w: number): void {
    const q = this.queues[w];
    this.queues[w] = { rels: [], sizes: [], sized: true };
    this.outstanding++;
    this.worker(w).postMessage({
      type: 'batch',
      generation: 0,
      settings: this.settings,
      rels: q.rels,
      sizes: q.sized ? q.sizes : undefined,
    });
  }

  /** Worker `w`, started on its first batch. */
  private worker(w: number): Worker {
    if (this.workers[w]) return this.workers[w];
    const control = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(this.workerPath, { workerData: { control: control.buffer } });
    this.workers[w] = worker;
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => {
      if (!this.ending) this.fail(new Error(`scan worker exited (${code})`));
    });
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'results') for (const r of m.results) this.byFile.set(r.rel, r.findings);
      else if (m.type === 'error') this.fail(new Error(m.message));
      else if (m.type === 'done') {
        this.scanned += m.scanned;
        for (const s of m.skipped) this.binary.add(s.path);
        this.outstanding--;
        if (this.outstanding === 0) this.wake?.();
      }
    });
    return worker;
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wake?.();
  }
}
