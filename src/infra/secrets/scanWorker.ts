/**
 * The background secret scan's worker thread (bundled as dist/secretsWorker.js): walks the
 * workspace, reads and scans files, posts findings in batches. Runs no workspace code; reads only.
 */
import { constants, setPriority } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { lstatSync, readFileSync } from 'node:fs';
import { isLockFile } from '../../core/secrets/fileKind';
import { GitignoreMatcher, matchesAnyGlob } from '../../core/secrets/ignoreGlobs';
import { binaryExt, inSkippedDir, maxFileBytes } from '../../core/secrets/scanScope';
import type { ScanOptions } from '../../core/secrets/SecretFinding';
import type { SkippedPath } from '../../core/secrets/skips';
import type { FileResult, FromWorker, ScanSettings, ToWorker } from './scanProtocol';
import { scanFile } from './scanFile';
import { maxIncludedBytes, walkWorkspace } from './walkWorkspace';

const port = parentPort!;
/** [0]: the current generation; a scan whose number differs was cancelled. */
const control = new Int32Array(workerData.control as SharedArrayBuffer);

// On Linux a thread has its own nice value: a lower priority for this thread alone keeps the
// editor's threads first when both want the CPU (elsewhere it would lower the whole editor).
if (process.platform === 'linux') {
  try {
    setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // not permitted: throttling alone then
  }
}

const post = (m: FromWorker) => port.postMessage(m);
const cancelled = (generation: number) => Atomics.load(control, 0) !== generation;

/** Sleeps `restMs` once `workMs` of work has passed since the last rest; a cancel wakes it at once. */
class Throttle {
  private since = performance.now();
  constructor(
    private readonly settings: ScanSettings,
    private readonly generation: number,
  ) {}
  maybeRest(): void {
    if (performance.now() - this.since < this.settings.workMs) return;
    if (this.settings.restMs > 0) Atomics.wait(control, 0, this.generation, this.settings.restMs);
    this.since = performance.now();
  }
}

function optionsOf(s: ScanSettings): ScanOptions {
  return { baseline: new Set(s.baseline), minConfidence: s.minConfidence };
}

/** The end of one scan: what it covered, whether it was cancelled, how long it took. */
function postDone(generation: number, t0: number, d: { whole: boolean; scanned: number; total: number; skipped: SkippedPath[] }): void {
  post({ type: 'done', generation, ...d, cancelled: cancelled(generation), ms: performance.now() - t0 });
}

function scanWhole(generation: number, s: ScanSettings): void {
  const t0 = performance.now();
  const throttle = new Throttle(s, generation);
  let walked = 0;
  const { files, skipped } = walkWorkspace(s.root, [s.root], {
    includeSkipped: s.includeSkipped,
    ignore: s.ignore,
    skipNotCommitted: true,
    cancelled: () => {
      if (++walked % 200 === 0) throttle.maybeRest();
      return cancelled(generation);
    },
  });
  const options = optionsOf(s);
  let batch: FileResult[] = [];
  let lastPost = performance.now();
  let scanned = 0;
  for (let i = 0; i < files.length && !cancelled(generation); i++) {
    const file = files[i];
    const read = scanFile(file.path, file.rel, options, file.size);
    if ('binary' in read) skipped.push({ path: file.rel, reason: 'binary' });
    if ('findings' in read) {
      scanned++;
      if (read.findings.length > 0) batch.push({ rel: file.rel, findings: read.findings });
    }
    const now = performance.now();
    if (now - lastPost > 100 || i === files.length - 1) {
      if (batch.length > 0) post({ type: 'results', generation, results: batch });
      post({ type: 'progress', generation, scanned: i + 1, total: files.length });
      batch = [];
      lastPost = now;
    }
    throttle.maybeRest();
  }
  if (batch.length > 0) post({ type: 'results', generation, results: batch });
  postDone(generation, t0, { whole: true, scanned, total: files.length, skipped });
}

/** Changed files (VS Code's file events): each judged by the same rules as the walk, each reported (empty when clean or gone). */
function scanChanged(generation: number, s: ScanSettings, rels: readonly string[]): void {
  const t0 = performance.now();
  const git = new GitignoreMatcher();
  for (const dir of new Set([
    '',
    ...rels.map((r) => r.split('/').slice(0, -1)).flatMap((parts) => parts.map((_, i) => parts.slice(0, i + 1).join('/'))),
  ])) {
    try {
      git.add(dir, readFileSync(join(s.root, dir, '.gitignore'), 'utf8'));
    } catch {
      // none there
    }
  }
  const options = optionsOf(s);
  const results: FileResult[] = [];
  const skipped: SkippedPath[] = [];
  let scanned = 0;
  for (const rel of rels) {
    if (cancelled(generation)) break;
    const result: FileResult = { rel, findings: [] };
    results.push(result);
    if (
      matchesAnyGlob(rel, s.ignore) ||
      git.ignores(rel) ||
      (!s.includeSkipped && inSkippedDir(rel)) ||
      binaryExt.test(rel) ||
      isLockFile(rel)
    )
      continue;
    const path = join(s.root, rel);
    let size: number;
    try {
      const st = lstatSync(path);
      if (st.isDirectory()) {
        // A new or moved-in folder can arrive as one event (a recursive watcher misses files
        // created before it watches the new folder): scan what is in it.
        if (s.includeSkipped || !inSkippedDir(`${rel}/x`)) {
          const inner = walkWorkspace(s.root, [path], {
            includeSkipped: s.includeSkipped,
            ignore: s.ignore,
            skipNotCommitted: true,
            cancelled: () => cancelled(generation),
          });
          skipped.push(...inner.skipped);
          for (const file of inner.files) {
            const read = scanFile(file.path, file.rel, options, file.size);
            if ('findings' in read) {
              scanned++;
              results.push({ rel: file.rel, findings: read.findings });
            }
          }
        }
        continue;
      }
      if (!st.isFile()) continue;
      size = st.size;
    } catch {
      continue; // deleted: reported with no findings
    }
    if (size > (s.includeSkipped ? maxIncludedBytes : maxFileBytes)) {
      skipped.push({ path: rel, reason: 'size', bytes: size });
      continue;
    }
    const read = scanFile(path, rel, options, size);
    if ('findings' in read) {
      scanned++;
      result.findings = read.findings;
    }
  }
  post({ type: 'results', generation, results });
  postDone(generation, t0, { whole: false, scanned, total: rels.length, skipped });
}

/** Files a walk chose (the CLI's `--jobs`): results for the files with findings; binaries listed as skipped. */
function scanBatch(generation: number, s: ScanSettings, rels: readonly string[], sizes: readonly number[] | undefined): void {
  const t0 = performance.now();
  const options = optionsOf(s);
  const results: FileResult[] = [];
  const skipped: SkippedPath[] = [];
  let scanned = 0;
  for (let i = 0; i < rels.length; i++) {
    if (cancelled(generation)) break;
    const rel = rels[i];
    const read = scanFile(join(s.root, rel), rel, options, sizes?.[i]);
    if ('binary' in read) skipped.push({ path: rel, reason: 'binary' });
    if (!('findings' in read)) continue;
    scanned++;
    if (read.findings.length > 0) results.push({ rel, findings: read.findings });
  }
  post({ type: 'results', generation, results });
  postDone(generation, t0, { whole: false, scanned, total: rels.length, skipped });
}

port.on('message', (m: ToWorker) => {
  try {
    if (cancelled(m.generation)) return;
    if (m.type === 'scan') scanWhole(m.generation, m.settings);
    else if (m.type === 'batch') scanBatch(m.generation, m.settings, m.rels, m.sizes);
    else scanChanged(m.generation, m.settings, m.rels);
  } catch (e) {
    post({ type: 'error', generation: m.generation, message: (e as Error).message });
  }
});
