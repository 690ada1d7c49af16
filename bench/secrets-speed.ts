/**
 * `npm run bench:secrets-speed`: MB/s of a whole-tree scan, one run printing both ratios, for
 *   - Stackpilot's CLI (`node dist/cli.js scan --include-skipped --jobs N`, Node 20),
 *   - ripgrep (`rg -jN`, the six fixed-prefix secret patterns as one alternation: the I/O and regex
 *     floor a scanner cannot beat by much) with the same number of threads,
 *   - secretlint 13 with its recommended preset (under Node 22, which it needs; single-threaded),
 * all three on the same files: the tree's nested `node_modules` folders are renamed
 * `node_modules.nested` in the copy, since secretlint never enters a folder of that name while
 * ripgrep and `--include-skipped` do (the count of files each read is printed). Page cache warm,
 * pinned to CPUs 0..N-1 (taskset) when available. Wall time and CPU time (user + sys, from
 * /usr/bin/time) are both reported: on a shared, loaded machine wall time mostly measures the
 * neighbours, CPU time what each tool costs. Plus the time to rescan one 2,000-line document.
 * Targets: >= 0.25x ripgrep, >= 5x secretlint, rescan < 5 ms.
 * BENCH_TREE=npm (default: a copy of this checkout's node_modules, an npm install of ~20,000 files)
 * or generated (BENCH_MB of generated source, default 100); BENCH_JOBS: thread counts, comma-separated
 * (default 1,2 on a machine with 2+ CPUs, else 1); BENCH_RUNS (best of, default 2); BENCH_KEEP=1
 * keeps the tree.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanText } from '../src/core/secrets/scanText';
import { repoRoot, runSecretlint, secretlintVersion } from './secretlint';
import { Rng, sourceText, writeTree } from './secretsTree';

const megabytes = Number(process.env.BENCH_MB || 100);
const runs = Number(process.env.BENCH_RUNS || 2);
const threadCounts = (process.env.BENCH_JOBS || (os.cpus().length >= 2 ? '1,2' : '1')).split(',').map(Number);
const treeKind = process.env.BENCH_TREE || 'npm';
const cli = path.join(repoRoot, 'dist', 'cli.js');
const hasTaskset = spawnSync('taskset', ['--version']).status === 0;
/** `taskset -c 0..n-1` when taskset exists. */
const pin = (n: number): string[] => (hasTaskset ? ['taskset', '-c', Array.from({ length: n }, (_, i) => i).join(',')] : []);
const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const rgPattern = [
  'AKIA[0-9A-Z]{16}',
  'sk_live_[0-9A-Za-z]{20,}',
  'gh[pousr]_[0-9A-Za-z]{36}',
  'xox[abprs]-[0-9A-Za-z-]{10,}',
  '-----BEGIN [A-Z ]*PRIVATE KEY-----',
  `(?i:password|secret|token|api_?key)["']?\\s*[:=]\\s*["'][^"'\\s]{8,}`,
].join('|');

interface Timing {
  wall: number;
  /** user + sys seconds (NaN without /usr/bin/time). */
  cpu: number;
}

/** Wall and CPU seconds of a command, each the best of `n`; its stdout is discarded. */
function time(cmd: string[], cwd: string, n: number, okCodes: number[], pinned: string[]): Timing {
  const best: Timing = { wall: Infinity, cpu: Infinity };
  const cpuFile = path.join(os.tmpdir(), `stackpilot-bench-time-${process.pid}`);
  for (let i = 0; i < n; i++) {
    const argv = [...(gnuTime ? [gnuTime, '-q', '-f', '%U %S', '-o', cpuFile] : []), ...pinned, ...cmd];
    const start = process.hrtime.bigint();
    const r = spawnSync(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status === null || !okCodes.includes(r.status)) throw new Error(`${cmd.join(' ')} exited ${r.status}: ${r.stderr}`);
    best.wall = Math.min(best.wall, s);
    const [user, sys] = gnuTime ? fs.readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number) : [NaN, NaN];
    best.cpu = Math.min(best.cpu, user + sys);
  }
  fs.rmSync(cpuFile, { force: true });
  return best;
}

/** Bytes of the files a tool read (secretlint's JSON lists each file it scanned). */
function bytesOf(dir: string, files: readonly string[]): number {
  let bytes = 0;
  for (const f of files) bytes += fs.statSync(path.resolve(dir, f)).size;
  return bytes;
}

/** The tree to scan: a copy of node_modules (what an npm install looks like) or generated source. */
function makeTree(dir: string): { files: number; bytes: number; what: string } {
  if (treeKind === 'generated') return { ...writeTree(dir, megabytes * 1024 * 1024), what: 'generated source' };
  const source = path.join(repoRoot, 'node_modules');
  if (!fs.existsSync(source)) throw new Error('node_modules is missing: npm ci (or BENCH_TREE=generated)');
  fs.cpSync(source, dir, { recursive: true, verbatimSymlinks: true });
  let files = 0;
  let bytes = 0;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      let p = path.join(d, e.name);
      if (e.isDirectory() && e.name === 'node_modules') {
        // secretlint skips every folder of this name: the same files for all three tools.
        fs.renameSync(p, `${p}.nested`);
        p = `${p}.nested`;
      }
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        files++;
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(dir);
  return { files, bytes, what: "a copy of this checkout's node_modules (an npm install)" };
}

function rescanMs(): { lines: number; medianMs: number; findings: number } {
  const r = new Rng(11);
  let text = '';
  while (text.split('\n').length < 2001) text += sourceText(r, 'ts', 4_000, 1);
  text = text.split('\n').slice(0, 2000).join('\n');
  let findings = 0;
  for (let i = 0; i < 30; i++) findings = scanText('src/big.ts', text).length;
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = process.hrtime.bigint();
    scanText('src/big.ts', text);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { lines: 2000, medianMs: times[times.length >> 1], findings };
}

interface Row {
  name: string;
  t: Timing;
  mb: number;
}

function printRows(rows: readonly Row[]): void {
  console.log(`${'tool'.padEnd(56)} wall s    MB/s   CPU s  MB/CPU-s`);
  for (const { name, t, mb: m } of rows) {
    console.log(
      `${name.padEnd(56)} ${t.wall.toFixed(2).padStart(6)} ${(m / t.wall).toFixed(1).padStart(7)} ${Number.isNaN(t.cpu) ? '      -' : t.cpu.toFixed(2).padStart(7)} ${Number.isNaN(t.cpu) ? '       -' : (m / t.cpu).toFixed(1).padStart(9)}`,
    );
  }
}

/** `ours / theirs` by wall time and by CPU time. */
function ratio(ours: Row, theirs: Row): string {
  return `${(ours.mb / ours.t.wall / (theirs.mb / theirs.t.wall)).toFixed(3)} wall, ${(ours.mb / ours.t.cpu / (theirs.mb / theirs.t.cpu)).toFixed(3)} CPU`;
}

/** What Stackpilot read: files scanned and skipped by reason (an untimed run with its JSON report). */
function ourCoverage(dir: string): string {
  const r = spawnSync(process.execPath, [cli, 'scan', '--include-skipped', '--format', 'json', '.'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const report = JSON.parse(r.stdout) as { scannedFiles: number; skipped: { reason: string }[] };
  const by = new Map<string, number>();
  for (const s of report.skipped) by.set(s.reason, (by.get(s.reason) ?? 0) + 1);
  return `${report.scannedFiles} files scanned, skipped: ${[...by].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}`;
}

function runSecretlintTimed(dir: string, treeFiles: number): { row: Row; files: number } | undefined {
  const sl = secretlintVersion();
  if ('error' in sl) {
    console.log(`secretlint: not run: ${sl.error}`);
    return undefined;
  }
  const cpuFile = path.join(os.tmpdir(), `stackpilot-bench-time-sl-${process.pid}`);
  const wrapper = [...(gnuTime ? [gnuTime, '-q', '-f', '%U %S', '-o', cpuFile] : []), ...pin(1)];
  const r = runSecretlint(dir, ['**/*'], { glob: true, timeoutMs: 1_800_000, wrapper });
  const cpu =
    gnuTime && fs.existsSync(cpuFile)
      ? fs
          .readFileSync(cpuFile, 'utf8')
          .trim()
          .split(/\s+/)
          .slice(-2)
          .map(Number)
          .reduce((a, b) => a + b, 0)
      : NaN;
  fs.rmSync(cpuFile, { force: true });
  // Its JSON lists every file it read: its MB/s is over those (the whole tree when it read all).
  const read =
    bytesOf(
      dir,
      r.results.map((x) => x.filePath),
    ) /
    (1024 * 1024);
  if (r.results.length < treeFiles)
    console.log(`note: secretlint read ${r.results.length} of the ${treeFiles} files; its MB/s is over those`);
  return {
    row: {
      name: `secretlint ${sl.version} recommend (node 22, 1 thread)${r.timedOut ? ' TIMED OUT' : ''}`,
      t: { wall: r.seconds, cpu },
      mb: read,
    },
    files: r.results.length,
  };
}

function main(): void {
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-secrets-speed-'));
  try {
    const tree = makeTree(dir);
    const mb = tree.bytes / (1024 * 1024);
    console.log(`tree: ${tree.what}: ${tree.files} files, ${mb.toFixed(1)} MiB in ${dir}`);
    console.log(
      `threads: ${threadCounts.join(', ')} (stackpilot --jobs N, rg -jN, each pinned to N CPUs${hasTaskset ? '' : ': taskset missing, not pinned'}; secretlint has one); runs: best of ${runs}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(`stackpilot: ${ourCoverage(dir)}\n`);
    const rgArgs = (n: number) => ['rg', `-j${n}`, '--no-ignore', '--hidden', '-c', '-e', rgPattern, '.'];
    time(rgArgs(1), dir, 1, [0, 1], []); // warm the page cache
    const ours = new Map<number, Row>();
    const rgs = new Map<number, Row>();
    for (const n of threadCounts) {
      const cmd = [process.execPath, cli, 'scan', '--include-skipped', '--jobs', String(n), '--format', 'json', '.'];
      // Alternately, so that a change of load hits both tools alike.
      for (let i = 0; i < runs; i++) {
        const a = time(cmd, dir, 1, [0, 1], pin(n));
        const b = time(rgArgs(n), dir, 1, [0, 1], pin(n));
        const best = (prev: Row | undefined, t: Timing): Timing =>
          prev ? { wall: Math.min(prev.t.wall, t.wall), cpu: Math.min(prev.t.cpu, t.cpu) } : t;
        ours.set(n, { name: `stackpilot scan (node 20, ${n} thread${n === 1 ? '' : 's'})`, t: best(ours.get(n), a), mb });
        rgs.set(n, { name: `ripgrep -j${n} (six patterns)`, t: best(rgs.get(n), b), mb });
      }
    }
    const sl = runSecretlintTimed(dir, tree.files);
    console.log(
      `load average after: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
    printRows([...threadCounts.flatMap((n) => [ours.get(n)!, rgs.get(n)!]), ...(sl ? [sl.row] : [])]);
    console.log('');
    for (const n of threadCounts) {
      const us = ours.get(n)!;
      console.log(`${n} thread${n === 1 ? ': ' : 's:'} stackpilot / rg -j${n}: ${ratio(us, rgs.get(n)!)}  (target >= 0.25)`);
      if (sl) console.log(`${' '.repeat(10)}stackpilot / secretlint (1 thread): ${ratio(us, sl.row)}  (target >= 5)`);
    }
    const re = rescanMs();
    console.log(
      `single-document rescan: ${re.lines} lines, median ${re.medianMs.toFixed(2)} ms over 200 runs, ${re.findings} findings  (target < 5 ms)`,
    );
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
