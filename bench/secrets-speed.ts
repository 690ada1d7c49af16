/**
 * `npm run bench:secrets-speed`: MB/s of a whole-tree scan, one run printing both ratios, for
 *   - Stackpilot's CLI (`node dist/cli.js scan --include-skipped --jobs N`, Node 20),
 *   - ripgrep (`rg -jN`, the six fixed-prefix secret patterns as one alternation: the I/O and regex
 *     floor a scanner cannot beat by much) with the same number of threads,
 *   - secretlint 13 with its recommended preset (under Node 22, which it needs; single-threaded),
 * page cache warm, pinned to CPUs 0..N-1 (taskset) when available. Wall time and CPU time (user +
 * sys, from /usr/bin/time) are both reported: on a shared, loaded machine wall time mostly measures
 * the neighbours, CPU time what each tool costs. Plus the time to rescan one 2,000-line document.
 * Targets: >= 0.25x ripgrep, >= 5x secretlint, rescan < 5 ms.
 * BENCH_TREE=npm (default: a copy of this checkout's node_modules, an npm install of ~20,000 files)
 * or generated (BENCH_MB of generated source, default 100); BENCH_JOBS (default 1); BENCH_RUNS
 * (best of, default 2); BENCH_KEEP=1 keeps the tree.
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
const jobs = Number(process.env.BENCH_JOBS || 1);
const treeKind = process.env.BENCH_TREE || 'npm';
const cli = path.join(repoRoot, 'dist', 'cli.js');
const cpus = Array.from({ length: jobs }, (_, i) => i).join(',');
const pinned = spawnSync('taskset', ['--version']).status === 0 ? ['taskset', '-c', cpus] : [];
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
function time(cmd: string[], cwd: string, n: number, okCodes: number[]): Timing {
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
      const p = path.join(d, e.name);
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

function main(): void {
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-secrets-speed-'));
  try {
    const tree = makeTree(dir);
    const mb = tree.bytes / (1024 * 1024);
    console.log(`tree: ${tree.what}: ${tree.files} files, ${mb.toFixed(1)} MiB in ${dir}`);
    console.log(
      `threads: ${jobs} (stackpilot --jobs ${jobs}, rg -j${jobs}; secretlint has one); CPU pinning: ${pinned.length ? pinned.join(' ') : 'none (taskset missing)'}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
    const rgArgs = ['rg', `-j${jobs}`, '--no-ignore', '--hidden', '-c', '-e', rgPattern, '.'];
    time(rgArgs, dir, 1, [0, 1]); // warm the page cache
    const rows: { name: string; t: Timing; mb: number }[] = [];
    rows.push({
      name: `stackpilot scan (node 20, ${jobs} thread${jobs === 1 ? '' : 's'})`,
      t: time([process.execPath, cli, 'scan', '--include-skipped', '--jobs', String(jobs), '--format', 'json', '.'], dir, runs, [0, 1]),
      mb,
    });
    rows.push({ name: `ripgrep -j${jobs} (six patterns)`, t: time(rgArgs, dir, runs, [0, 1]), mb });
    const sl = secretlintVersion();
    if ('error' in sl) console.log(`secretlint: not run: ${sl.error}`);
    else {
      const cpuFile = path.join(os.tmpdir(), `stackpilot-bench-time-sl-${process.pid}`);
      const wrapper = [...(gnuTime ? [gnuTime, '-q', '-f', '%U %S', '-o', cpuFile] : []), ...(pinned.length ? ['taskset', '-c', '0'] : [])];
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
      // secretlint leaves out node_modules folders inside the tree: its MB/s is over what it read
      // (its JSON lists every file it read), unless it listed too few files to say.
      const read =
        r.results.length >= tree.files / 2
          ? bytesOf(
              dir,
              r.results.map((x) => x.filePath),
            ) /
            (1024 * 1024)
          : mb;
      rows.push({
        name: `secretlint ${sl.version} recommend (node 22, ${r.results.length} files)${r.timedOut ? ' TIMED OUT' : ''}`,
        t: { wall: r.seconds, cpu },
        mb: read,
      });
    }
    console.log(`${'tool'.padEnd(52)} wall s    MB/s   CPU s  MB/CPU-s`);
    for (const { name, t, mb: m } of rows) {
      console.log(
        `${name.padEnd(52)} ${t.wall.toFixed(2).padStart(6)} ${(m / t.wall).toFixed(1).padStart(7)} ${Number.isNaN(t.cpu) ? '      -' : t.cpu.toFixed(2).padStart(7)} ${Number.isNaN(t.cpu) ? '       -' : (m / t.cpu).toFixed(1).padStart(9)}`,
      );
    }
    const [ours, rg, theirs] = rows;
    const speed = (r: (typeof rows)[number]) => r.mb / r.t.wall;
    console.log(
      `\nstackpilot / ripgrep:    ${(speed(ours) / speed(rg)).toFixed(3)} wall, ${(ours.mb / ours.t.cpu / (rg.mb / rg.t.cpu)).toFixed(3)} CPU  (target >= 0.25)`,
    );
    if (theirs !== undefined)
      console.log(
        `stackpilot / secretlint: ${(speed(ours) / speed(theirs)).toFixed(2)} wall, ${(ours.mb / ours.t.cpu / (theirs.mb / theirs.t.cpu)).toFixed(2)} CPU  (target >= 5)`,
      );
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
