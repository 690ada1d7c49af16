import type { ProbeSpec } from '../../core/config/model';
import type { ProbeContext, ProbeResult, ProbeRunner, RunHandle } from '../../core/ports';
import { probeTimer } from '../probes/probeTimer';
import type { ExecResult } from './containerExec';
import { probeLabel } from '../../core/config/probeLabel';

interface ExecCapable extends RunHandle {
  exec(cmd: string[] | string, timeoutMs: number, signal: AbortSignal): Promise<ExecResult>;
}

function canExec(h: RunHandle | undefined): h is ExecCapable {
  return !!h && typeof (h as Partial<ExecCapable>).exec === 'function';
}

/** Execs in flight at once: more only queue up inside dockerd (each costs a runc process) and make every one slow. */
const MAX_EXECS = 3;

/**
 * Exec probes `in: container` run through the instance's handle (docker exec); every other probe
 * goes to the wrapped runner. Failures are results, never exceptions.
 */
export class ContainerProbeRunner implements ProbeRunner {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly inner: ProbeRunner) {}

  async prepare(probes: readonly ProbeSpec[]): Promise<void> {
    await this.inner.prepare?.(probes);
  }

  async run(probe: ProbeSpec, ctx: ProbeContext): Promise<ProbeResult> {
    if (probe.kind !== 'exec' || probe.in !== 'container') return this.inner.run(probe, ctx);
    const timer = probeTimer();
    const label = probeLabel(probe);
    const short = label.length > 60 ? `${label.slice(0, 57)}...` : label;
    if (!canExec(ctx.handle)) return timer.result(false, `${short}: no running container to exec in`);
    const handle = ctx.handle;
    try {
      const r = await this.limited(() => handle.exec(probe.command, ctx.timeoutMs, ctx.signal));
      const status = r.exitCode === null ? 'no exit code' : `exit ${r.exitCode}`;
      return timer.result(
        r.exitCode === 0,
        `${short}: ${status} in ${timer.ms()} ms (in container)${r.exitCode !== 0 && r.firstLine ? `: ${r.firstLine}` : ''}`,
      );
    } catch (err) {
      return timer.result(false, `${short}: ${(err as Error).message}`);
    }
  }

  /** Runs `fn` once fewer than MAX_EXECS others run (first come, first served). */
  private async limited<T>(fn: () => Promise<T>): Promise<T> {
    // A slot is handed from the one finishing to the next in the queue, so never more than MAX_EXECS run.
    if (this.running >= MAX_EXECS) await new Promise<void>((r) => this.queue.push(r));
    else this.running++;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }
}
