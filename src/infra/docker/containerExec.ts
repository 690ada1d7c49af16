import type Dockerode from 'dockerode';
import { callDocker } from './callDocker';
import { DemuxLines } from './DemuxLines';

export interface ExecResult {
  exitCode: number | null;
  /** First non-empty stderr (or stdout) line, for the probe's detail. */
  firstLine?: string;
}

/**
 * Runs `cmd` inside a running container (docker exec) and waits for it. A string runs through
 * `/bin/sh -c` (compose CMD-SHELL), a list as argv (CMD). Times out via callDocker.
 */
export async function containerExec(
  container: Dockerode.Container,
  cmd: string[] | string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ExecResult> {
  const Cmd = Array.isArray(cmd) ? cmd : ['/bin/sh', '-c', cmd];
  return callDocker(
    'exec',
    async (abortSignal) => {
      const exec = await container.exec({ Cmd, AttachStdout: true, AttachStderr: true, abortSignal });
      const stream = await exec.start({ hijack: true, stdin: false, abortSignal });
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
      const info = await exec.inspect({ abortSignal });
      return { exitCode: info.ExitCode ?? null, ...(firstLine ? { firstLine } : {}) };
    },
    { timeoutMs, signal },
  );
}
