import type Dockerode from 'dockerode';
import { callDocker } from './callDocker';
import { DemuxLines } from './DemuxLines';

export interface ExecResult {
  exitCode: number | null;
  /** First non-empty stderr (or stdout) line, for the probe's detail. */
  firstLine?: string;
}

/** How long the daemon may take to set an exec up (create + start) before the command runs: not part of the check's timeout. */
export const EXEC_SETUP_MS = 10_000;

/**
 * Runs `cmd` inside a running container (docker exec) and waits for it. A string runs through
 * `/bin/sh -c` (compose CMD-SHELL), a list as argv (CMD). As in Docker's own health checks,
 * `timeoutMs` bounds the command once it runs; the daemon's setup of the exec (slow on a loaded
 * machine) has its own bound, EXEC_SETUP_MS, so a busy dockerd does not read as a failing check.
 */
export async function containerExec(
  container: Dockerode.Container,
  cmd: string[] | string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ExecResult> {
  const Cmd = Array.isArray(cmd) ? cmd : ['/bin/sh', '-c', cmd];
  const setup = { timeoutMs: EXEC_SETUP_MS, signal };
  const exec = await callDocker(
    'exec create',
    (abortSignal) => container.exec({ Cmd, AttachStdout: true, AttachStderr: true, abortSignal }),
    setup,
  );
  // No abortSignal for start: it would stay tied to the hijacked stream; the run below destroys the stream itself.
  const stream = await callDocker('exec start', () => exec.start({ hijack: true, stdin: false }), setup);
  const firstLine = await callDocker(
    'exec',
    async (abortSignal) => {
      let firstLine: string | undefined;
      const lines = new DemuxLines((_s, text) => {
        if (!firstLine && text.trim()) firstLine = text.trim().slice(0, 120);
      });
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (b: Buffer) => lines.push(b));
        stream.once('end', resolve);
        stream.once('close', resolve);
        stream.once('error', reject);
        abortSignal.addEventListener('abort', () => stream.destroy(), { once: true });
      });
      lines.end();
      return firstLine;
    },
    { timeoutMs, signal },
  ).finally(() => stream.destroy());
  // The command has ended: reading its exit code is the daemon's time again, not the check's.
  const info = await callDocker('exec inspect', (abortSignal) => exec.inspect({ abortSignal }), setup);
  return { exitCode: info.ExitCode ?? null, ...(firstLine ? { firstLine } : {}) };
}
