import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, stringFlag, UsageError } from '../args';
import { Output, type Io } from '../Output';
import { version } from '../version';
import { BaselineError, baselineFingerprints, baselineFromFindings, parseBaseline, serializeBaseline } from '../../core/secrets/baseline';
import { ruleCatalog } from '../../core/secrets/detectors/allDetectors';
import { quietText } from '../../core/config/quietText';
import { toSarif } from '../../core/secrets/sarif';
import { defaultBaselineFile, maxFileBytes } from '../../core/secrets/scanScope';
import { describeSkip, includable, summarizeSkips, type SkippedPath } from '../../core/secrets/skips';
import { scanFile } from '../../infra/secrets/scanFile';
import { relPath, walkWorkspace, type WalkedFile } from '../../infra/secrets/walkWorkspace';
import { WorkerScanPool } from '../../infra/secrets/WorkerScanPool';
import type { ScanOptions, SecretConfidence, SecretFinding } from '../../core/secrets/SecretFinding';

export const scanUsage = `usage: stackpilot scan [PATHS...] [--format text|json|sarif] [--baseline FILE] [--update-baseline]
                       [--min-confidence low|medium|high]   (default: medium)
                       [--ignore GLOB[,GLOB...]]            (e.g. 'test/fixtures/**,**/*.snap')
                       [--include-skipped]                  (also scan generated folders and files over 2 MiB)
                       [--jobs N]                           (scan in N worker threads; default 1)

Finds hardcoded secrets. Exit code 1 when there are findings not in the baseline, 0 otherwise, 2 on a usage error.
Files git ignores are scanned too and marked "not committed". What is not scanned is listed with
its reason: generated or vendored folders (node_modules, dist, out, …), files over 2 MiB, binaries, lock files.`;
const usage = scanUsage;

const defaultBaseline = defaultBaselineFile;

/** The files' findings; files found binary when read join `skipped`. */
function scanFiles(files: WalkedFile[], options: ScanOptions, skipped: SkippedPath[]): { findings: SecretFinding[]; scanned: number } {
  const findings: SecretFinding[] = [];
  let scanned = 0;
  for (const file of files) {
    const read = scanFile(file.path, file.rel, options, file.size);
    if ('binary' in read) skipped.push({ path: file.rel, reason: 'binary' });
    if (!('findings' in read)) continue;
    scanned++;
    for (const f of read.findings) {
      findings.push(file.notCommitted ? { ...f, notCommitted: true } : f);
    }
  }
  return { findings, scanned };
}

/** At most this many skipped paths per reason in the text output (JSON and SARIF list them all). */
const listedPerReason = 10;

function printSkips(out: Output, skipped: readonly SkippedPath[], includeSkipped: boolean): void {
  if (skipped.length === 0) return;
  const hint =
    skipped.some((s) => includable(s.reason)) && !includeSkipped ? ' (--include-skipped scans generated folders and large files)' : '';
  out.line(out.paint('gray', `skipped: ${summarizeSkips(skipped)}${hint}`));
  const shown = new Map<string, number>();
  for (const s of skipped) {
    const n = shown.get(s.reason) ?? 0;
    shown.set(s.reason, n + 1);
    if (n < listedPerReason) out.line(out.paint('gray', `  ${quietText(s.path)}  ${describeSkip(s, maxFileBytes)}`));
    else if (n === listedPerReason)
      out.line(out.paint('gray', `  … and ${skipped.filter((x) => x.reason === s.reason).length - listedPerReason} more (${s.reason})`));
  }
}

function printText(
  out: Output,
  findings: SecretFinding[],
  fileCount: number,
  skipped: readonly SkippedPath[],
  includeSkipped: boolean,
): void {
  const sevColour = { error: 'red', warning: 'yellow', info: 'blue' } as const;
  for (const f of findings) {
    // A file name or a title from the repository may hold escape sequences: printed as code points.
    const where = `${quietText(f.file)}:${f.range.line}:${f.range.column}`;
    const note = f.notCommitted ? out.paint('gray', ' (not committed: git ignores this file)') : '';
    out.line(
      `${out.paint('bold', where)}  ${out.paint(sevColour[f.severity], f.ruleId)}  ${quietText(f.masked)}  ${out.paint('gray', quietText(f.title))}${note}`,
    );
  }
  const summary = `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'} scanned`;
  out.line(findings.length === 0 ? out.paint('green', summary) : summary);
  printSkips(out, skipped, includeSkipped);
}

interface ScanArgs {
  format: 'text' | 'json' | 'sarif';
  baselinePath?: string;
  update: boolean;
  includeSkipped: boolean;
  jobs: number;
  minConfidence: SecretConfidence;
  ignore: string[];
  paths: string[];
}

/** The command line, or `undefined` after printing help. Throws `UsageError`. */
function parseScanArgs(args: string[], out: Output): ScanArgs | undefined {
  const parsed = parseArgs(args, {
    boolean: ['update-baseline', 'include-skipped'],
    string: ['format', 'baseline', 'min-confidence', 'ignore', 'jobs'],
  });
  if (parsed.flags.has('help')) {
    out.line(usage);
    return undefined;
  }
  const format = stringFlag(parsed, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif')
    throw new UsageError(`--format must be text, json or sarif, not ${format}`);
  const minConfidence = stringFlag(parsed, 'min-confidence') ?? 'medium';
  if (minConfidence !== 'low' && minConfidence !== 'medium' && minConfidence !== 'high')
    throw new UsageError(`--min-confidence must be low, medium or high`);
  const update = parsed.flags.get('update-baseline') === true;
  const includeSkipped = parsed.flags.get('include-skipped') === true;
  const jobsText = stringFlag(parsed, 'jobs') ?? '1';
  const jobs = Number(jobsText);
  if (!/^\d+$/.test(jobsText) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs must be a whole number from 1 to 64, not ${jobsText}`);
  const ignore = (stringFlag(parsed, 'ignore') ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g !== '');
  return {
    format,
    update,
    includeSkipped,
    jobs,
    minConfidence,
    ignore,
    baselinePath: stringFlag(parsed, 'baseline') ?? (update ? defaultBaseline : undefined),
    paths: parsed.positionals,
  };
}

/** `stackpilot scan`: walk the paths, scan every text file, print text/json/sarif, exit 1 on new findings. */
export async function runScan(args: string[], io: Io): Promise<number> {
  const out = new Output(io);
  let opts: ScanArgs | undefined;
  try {
    opts = parseScanArgs(args, out);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    out.error(e.message);
    io.stderr(`${usage}\n`);
    return 2;
  }
  if (!opts) return 0;

  const roots = (opts.paths.length > 0 ? opts.paths : ['.']).map((p) => resolve(io.cwd, p));
  for (const root of roots) {
    try {
      await fs.stat(root);
    } catch {
      out.error(`no such file or directory: ${relPath(io.cwd, root)}`);
      return 2;
    }
  }

  const baselineFile = opts.baselinePath === undefined ? undefined : resolve(io.cwd, opts.baselinePath);
  let accepted: Set<string> | undefined;
  if (baselineFile && !opts.update) {
    try {
      accepted = baselineFingerprints(parseBaseline(await fs.readFile(baselineFile, 'utf8')));
    } catch (e) {
      if (e instanceof BaselineError) {
        out.error(`${relPath(io.cwd, baselineFile)}: ${e.message}`);
        return 2;
      }
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      // A baseline that does not exist yet accepts nothing.
    }
  }

  const options: ScanOptions = { baseline: accepted, minConfidence: opts.minConfidence };
  // With --jobs, worker threads (next to dist/cli.js in the bundle) scan the files as the walk finds
  // them; walked paths are relative to the working directory.
  const pool = opts.jobs > 1 ? new WorkerScanPool(join(__dirname, 'secretsWorker.js'), io.cwd, options, opts.jobs) : undefined;
  const { files, skipped } = walkWorkspace(io.cwd, roots, {
    includeSkipped: opts.includeSkipped,
    ignore: opts.ignore,
    onFile: pool && ((f) => pool.add(f)),
  });
  const scan = async () => {
    if (!pool) return scanFiles(files, options, skipped);
    const r = await pool.finish(files);
    skipped.push(...r.skipped);
    return r;
  };
  const { findings, scanned } = await scan();

  if (opts.update && baselineFile) {
    await fs.mkdir(dirname(baselineFile), { recursive: true });
    await fs.writeFile(baselineFile, serializeBaseline(baselineFromFindings(findings)), { mode: 0o600 });
    io.stderr(`wrote ${findings.length} accepted finding${findings.length === 1 ? '' : 's'} to ${relPath(io.cwd, baselineFile)}\n`);
    return 0;
  }

  if (opts.format === 'json') out.json({ version: 1, scannedFiles: scanned, findings, skipped });
  else if (opts.format === 'sarif') out.json(toSarif(findings, ruleCatalog(), { version, skipped }));
  else printText(out, findings, scanned, skipped, opts.includeSkipped);
  return findings.length > 0 ? 1 : 0;
}
