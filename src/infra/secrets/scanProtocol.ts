import type { SecretConfidence, SecretFinding } from '../../core/secrets/SecretFinding';
import type { SkippedPath } from '../../core/secrets/skips';

/** What a scan reads and how: the same for a whole-workspace scan and a few changed files. */
export interface ScanSettings {
  /** Absolute path of the workspace folder; findings carry paths relative to it. */
  root: string;
  ignore: readonly string[];
  baseline: readonly string[];
  minConfidence: SecretConfidence;
  includeSkipped: boolean;
  /** Work at most this long (ms) before resting `restMs`: the scan leaves CPU to the editor. */
  workMs: number;
  restMs: number;
}

/** Host to worker. `generation` is the scan's number: the host bumps it to cancel (see SecretScanWorker). */
export type ToWorker =
  | { type: 'scan'; generation: number; settings: ScanSettings }
  | { type: 'files'; generation: number; settings: ScanSettings; rels: readonly string[] }
  /** Files already chosen by a walk (the CLI's `--jobs`): read and scan each, no further filtering. `sizes`: the walk's, spares an fstat each. */
  | { type: 'batch'; generation: number; settings: ScanSettings; rels: readonly string[]; sizes?: readonly number[] };

export interface FileResult {
  rel: string;
  findings: SecretFinding[];
}

/** Worker to host. */
export type FromWorker =
  | { type: 'progress'; generation: number; scanned: number; total: number }
  /** Files with findings (a whole scan) or every requested file (`files`, so stale findings can be cleared). */
  | { type: 'results'; generation: number; results: FileResult[] }
  | {
      type: 'done';
      generation: number;
      whole: boolean;
      scanned: number;
      total: number;
      skipped: SkippedPath[];
      cancelled: boolean;
      ms: number;
    }
  | { type: 'error'; generation: number; message: string };
