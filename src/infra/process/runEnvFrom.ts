import { spawn } from 'node:child_process';
import { dotenvToMap, parseDotenv } from '../../core/config/parseDotenv';

const MAX_OUTPUT = 4 * 1024 * 1024;

/**
 * Runs an `envFrom` command (through /bin/sh, as written) and parses its stdout as dotenv text.
 * The output stays in memory: it is never logged or written anywhere. A failure rejects with the
 * exit status and the first line of stderr, never with stdout (which holds the values).
 */
export function runEnvFrom(
  command: string,
  opts: { cwd: string; env: NodeJS.ProcessEnv; signal: AbortSignal; timeoutMs?: number },
): Promise<Record<string, string>> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    let outLen = 0;
    let err = '';
    let why: string | undefined;
    const kill = (reason: string) => {
      why ??= reason;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill(`timed out after ${timeoutMs} ms`), timeoutMs);
    const onAbort = () => kill('cancelled');
    opts.signal.addEventListener('abort', onAbort, { once: true });
    if (opts.signal.aborted) onAbort();
    child.stdout.on('data', (b: Buffer) => {
      outLen += b.length;
      if (outLen > MAX_OUTPUT) kill(`printed more than ${MAX_OUTPUT / 1024 / 1024} MB`);
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < 4096) err += b.toString('utf8');
    });
    const done = () => {
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
    };
    child.on('error', (e) => {
      done();
      reject(new Error(`envFrom command could not run: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      done();
      const firstErr = err
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '');
      if (why || code !== 0) {
        const status = why ?? (code === null ? `killed by ${signal}` : `exit ${code}`);
        reject(new Error(`envFrom command failed (${status})${firstErr ? `: ${firstErr.slice(0, 200)}` : ''}`));
        return;
      }
      const parsed = parseDotenv(Buffer.concat(out).toString('utf8'), (n) => opts.env[n]);
      if (parsed.problems.length > 0) {
        // Only the line number: the text may be a secret.
        reject(new Error(`envFrom command printed text that is not dotenv (line ${parsed.problems[0].line})`));
        return;
      }
      resolve(dotenvToMap(parsed.entries, (n) => opts.env[n]));
    });
  });
}
