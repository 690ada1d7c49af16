import { spawn } from 'node:child_process';
import type { ProbeSpec } from '../../core/config/model';
import { probeLabel } from '../../core/config/probeLabel';
import type { ProbeContext, ProbeResult } from '../../core/ports';
import { signalGroup } from '../process/signalGroup';
import { probeTimer } from './probeTimer';

type ExecProbe = Extract<ProbeSpec, { kind: 'exec' }>;

/**
 * Runs a command on this machine: ok on exit 0. A list runs as argv, a string through /bin/sh.
 * On timeout or abort the command's whole process group is killed. Never throws.
 */
export function execProbe(probe: ExecProbe, ctx: ProbeContext, cwd?: string): Promise<ProbeResult> {
  const timer = probeTimer();
  if (probe.in === 'container') return Promise.resolve(timer.result(false, 'container exec needs the docker runner'));
  const argv = Array.isArray(probe.command) ? probe.command : ['/bin/sh', '-c', probe.command];
  // The command as written (`${REDIS_PASSWORD}`), never as expanded.
  const label = probeLabel(probe);
  const shortLabel = label.length > 60 ? `${label.slice(0, 57)}...` : label;
  return new Promise((resolve) => {
    if (argv.length === 0) return resolve(timer.result(false, 'exec probe has an empty command'));
    if (ctx.signal.aborted) return resolve(timer.result(false, `${shortLabel}: cancelled`));
    let stderr = '';
    let why: string | undefined;
    const child = spawn(argv[0], argv.slice(1), { cwd, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    const kill = (reason: string) => {
      why ??= reason;
      try {
        if (child.pid) signalGroup(child.pid, 'SIGKILL');
      } catch {
        // not ours to kill any more
      }
    };
    const t = setTimeout(() => kill(`timed out after ${ctx.timeoutMs} ms`), Math.max(1, ctx.timeoutMs));
    const onAbort = () => kill('cancelled');
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const finish = (ok: boolean, detail: string) => {
      clearTimeout(t);
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(timer.result(ok, detail));
    };
    child.stderr.on('data', (b: Buffer) => {
      if (stderr.length < 2048) stderr += b.toString('utf8');
    });
    child.once('error', (err: NodeJS.ErrnoException) =>
      finish(false, err.code === 'ENOENT' ? `${shortLabel}: command not found: ${argv[0]}` : `${shortLabel}: ${err.message}`),
    );
    child.once('close', (code, signal) => {
      if (why) return finish(false, `${shortLabel}: ${why}`);
      const first = stderr
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '');
      const status = code === null ? `killed by ${signal}` : `exit ${code}`;
      finish(code === 0, `${shortLabel}: ${status} in ${timer.ms()} ms${code !== 0 && first ? `: ${first.slice(0, 120)}` : ''}`);
    });
  });
}
