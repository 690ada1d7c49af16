import { Worker } from 'node:worker_threads';
import type { FileResult, FromWorker, ScanSettings, ToWorker } from './scanProtocol';

export interface ScanProgress {
  scanned: number;
  total: number;
}

export interface ScanDone {
  whole: boolean;
  scanned: number;
  total: number;
  skipped: Extract<FromWorker, { type: 'done' }>['skipped'];
  cancelled: boolean;
  ms: number;
}

export interface ScanListener {
  results(results: readonly FileResult[]): void;
  progress?(p: ScanProgress): void;
  done(d: ScanDone): void;
  error(message: string): void;
}

/**
 * The host's side of the background secret scan: one worker thread, started on first use,
 * scanning a whole workspace or a few changed files at a time, in the order asked. Cancelling
 * bumps a generation number shared with the worker, which it reads between files (and which wakes
 * it from a throttling rest), so a cancel takes effect within one file, not after the whole scan.
 */
export class SecretScanWorker {
  private worker: Worker | undefined;
  private readonly control = new Int32Array(new SharedArrayBuffer(4));
  private generation = 0;
  /** Whole scans and file scans not yet done (per generation). */
  private pending = 0;

  constructor(
    private readonly workerPath: string,
    private readonly listener: ScanListener,
  ) {}

  get running(): boolean {
    return this.pending > 0;
  }

  /** Scan the whole workspace; cancels what runs or waits. */
  scanAll(settings: ScanSettings): void {
    this.cancel();
    this.send({ type: 'scan', generation: this.generation, settings });
  }

  /** Rescan these workspace-relative files (after the scan that runs, if any). */
  scanFiles(settings: ScanSettings, rels: readonly string[]): void {
    if (rels.length > 0) this.send({ type: 'files', generation: this.generation, settings, rels });
  }

  /** Stop what runs and drop what waits. */
  cancel(): void {
    this.generation++;
    this.pending = 0;
    Atomics.store(this.control, 0, this.generation);
    Atomics.notify(this.control, 0);
  }

  private send(m: ToWorker): void {
    this.pending++;
    this.start().postMessage(m);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath, { workerData: { control: this.control.buffer } });
    // A scan in progress never keeps the process (the CLI, a test) alive on its own.
    worker.unref();
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (e) => this.listener.error(e.message));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.pending = 0;
    });
    this.worker = worker;
    return worker;
  }

  private receive(m: FromWorker): void {
    // Late messages of a cancelled scan are dropped.
    if (m.generation !== this.generation) return;
    switch (m.type) {
      case 'progress':
        this.listener.progress?.({ scanned: m.scanned, total: m.total });
        return;
      case 'results':
        this.listener.results(m.results);
        return;
      case 'done':
        this.pending = Math.max(0, this.pending - 1);
        this.listener.done({ whole: m.whole, scanned: m.scanned, total: m.total, skipped: m.skipped, cancelled: m.cancelled, ms: m.ms });
        return;
      case 'error':
        this.pending = Math.max(0, this.pending - 1);
        this.listener.error(m.message);
        return;
    }
  }

  async dispose(): Promise<void> {
    this.cancel();
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
