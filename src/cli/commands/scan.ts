import { promises as fs, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs, stringFlag, UsageError } from '../args';
import { Output, type Io } from '../Output';
import { BaselineError, baselineFingerprints, baselineFromFindings, parseBaseline, serializeBaseline } from '../../core/secrets/baseline';
import { ruleCatalog } from '../../core/secrets/detectors/allDetectors';
import { GitignoreMatcher, matchesAnyGlob } from '../../core/secrets/ignoreGlobs';
import { toSarif } from '../../core/secrets/sarif';
import { binaryExt, defaultBaselineFile, maxFileBytes, skipDirs } from '../../core/secrets/scanScope';
import { scanText } from '../../core/secrets/scanText';
import type { ScanOptions, SecretConfidence, SecretFinding } from '../../core/secrets/SecretFinding';

export const scanUsage = `usage: stackpilot scan [PATHS...] [--format text|json|sarif] [--baseline FILE] [--update-baseline]
                       [--min-confidence low|medium|high]   (default: medium)
                       [--ignore GLOB[,GLOB...]]            (e.g. 'test/fixtures/**,**/*.snap')

Finds hardcoded secrets. Exit code 1 when there are findings not in the baseline, 0 otherwise, 2 on a usage error.
Files git ignores are scanned too and marked "not committed".`;
const usage = scanUsage;

const version = '0.1.0';
const defaultBaseline = defaultBaselineFile;

interface Walked {
  path: string;
  rel: string;
  notCommitted: boolean;
}

/** Forward-slash path relative to the working directory (what fingerprints and reports use). */
function relPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

async function readGitignore(dir: string): Promise<string | undefined> {
  try {
    return readFileSync(join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Files under the given paths, depth first, skipping vendored/build directories and symlinks.
 * Synchronous I/O on purpose: the CLI has nothing else to do meanwhile, and on Node 20 the promise
 * API's per-file round trips to the thread pool cost more than scanning a small file.
 */
async function walk(cwd: string, roots: string[]): Promise<Walked[]> {
  const ignore = new GitignoreMatcher();
  const rootIgnore = await readGitignore(cwd);
  if (rootIgnore) ignore.add('', rootIgnore);
  const out: Walked[] = [];
  const visit = async (path: string, explicit: boolean): Promise<void> => {
    const st = lstatSync(path);
    const rel = relPath(cwd, path);
    const inside = !rel.startsWith('../') && rel !== '..' && !isAbsolute(rel);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      const name = path.split(sep).pop() ?? '';
      if (!explicit && skipDirs.has(name)) return;
      if (inside && rel !== '.' && path !== cwd) {
        const text = await readGitignore(path);
        if (text) ignore.add(rel, text);
      }
      const entries = readdirSync(path);
      entries.sort();
      for (const e of entries) await visit(join(path, e), false);
      return;
    }
    if (!st.isFile() || st.size > maxFileBytes || binaryExt.test(path)) return;
    out.push({ path, rel, notCommitted: inside && rel !== '.' && ignore.ignores(rel) });
  };
  for (const root of roots) await visit(root, true);
  return out;
}

async function scanFiles(files: Walked[], options: ScanOptions): Promise<SecretFinding[]> {
  const findings: SecretFinding[] = [];
  for (const file of files) {
    const buf = readFileSync(file.path);
    // Binary: a NUL byte early on. scanText checks too, but decoding megabytes of binary is wasted work.
    if (buf.subarray(0, 8192).includes(0)) continue;
    for (const f of scanText(file.rel, buf.toString('utf8'), options)) {
      findings.push(file.notCommitted ? { ...f, notCommitted: true } : f);
    }
  }
  return findings;
}

function printText(out: Output, findings: SecretFinding[], fileCount: number): void {
  const sevColour = { error: 'red', warning: 'yellow', info: 'blue' } as const;
  for (const f of findings) {
    const where = `${f.file}:${f.range.line}:${f.range.column}`;
    const note = f.notCommitted ? out.paint('gray', ' (not committed: git ignores this file)') : '';
    out.line(`${out.paint('bold', where)}  ${out.paint(sevColour[f.severity], f.ruleId)}  ${f.masked}  ${out.paint('gray', f.title)}${note}`);
  }
  const summary = `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'} scanned`;
  out.line(findings.length === 0 ? out.paint('green', summary) : summary);
}

interface ScanArgs {
  format: 'text' | 'json' | 'sarif';
  baselinePath?: string;
  update: boolean;
  minConfidence: SecretConfidence;
  ignore: string[];
  paths: string[];
}

/** The command line, or `undefined` after printing help. Throws `UsageError`. */
function parseScanArgs(args: string[], out: Output): ScanArgs | undefined {
  const parsed = parseArgs(args, { boolean: ['update-baseline'], string: ['format', 'baseline', 'min-confidence', 'ignore'] });
  if (parsed.flags.has('help')) {
    out.line(usage);
    return undefined;
  }
  const format = stringFlag(parsed, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not ${format}`);
  const minConfidence = stringFlag(parsed, 'min-confidence') ?? 'medium';
  if (minConfidence !== 'low' && minConfidence !== 'medium' && minConfidence !== 'high') throw new UsageError(`--min-confidence must be low, medium or high`);
  const update = parsed.flags.get('update-baseline') === true;
  const ignore = (stringFlag(parsed, 'ignore') ?? '').split(',').map((g) => g.trim()).filter((g) => g !== '');
  return { format, update, minConfidence, ignore, baselinePath: stringFlag(parsed, 'baseline') ?? (update ? defaultBaseline : undefined), paths: parsed.positionals };
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

  const files = (await walk(io.cwd, roots)).filter((f) => !matchesAnyGlob(f.rel, opts.ignore));
  const findings = await scanFiles(files, { baseline: accepted, minConfidence: opts.minConfidence });

  if (opts.update && baselineFile) {
    await fs.mkdir(dirname(baselineFile), { recursive: true });
    await fs.writeFile(baselineFile, serializeBaseline(baselineFromFindings(findings)), { mode: 0o600 });
    io.stderr(`wrote ${findings.length} accepted finding${findings.length === 1 ? '' : 's'} to ${relPath(io.cwd, baselineFile)}\n`);
    return 0;
  }

  if (opts.format === 'json') out.json({ version: 1, scannedFiles: files.length, findings });
  else if (opts.format === 'sarif') out.json(toSarif(findings, ruleCatalog(), { version }));
  else printText(out, findings, files.length);
  return findings.length > 0 ? 1 : 0;
}
