import type { ProbeSpec } from '../../core/config/model';
import type { ProbeContext, ProbeResult, ProbeRunner } from '../../core/ports';
import { execProbe } from './execProbe';
import { httpProbe, loadHttpClient } from './httpProbe';
import { tcpProbe } from './tcpProbe';

/**
 * http, tcp and host exec probes from Node. `log` probes are the engine's (it sees the lines);
 * container exec is the docker runner's. Failures are results, never exceptions.
 */
export class NodeProbeRunner implements ProbeRunner {
  /** @param cwd where exec probes run (the stack's root). */
  constructor(private readonly cwd?: string) {}

  async prepare(probes: readonly ProbeSpec[]): Promise<void> {
    if (probes.some((p) => p.kind === 'http')) await loadHttpClient();
  }

  async run(probe: ProbeSpec, ctx: ProbeContext): Promise<ProbeResult> {
    try {
      switch (probe.kind) {
        case 'http':
          return await httpProbe(probe, ctx);
        case 'tcp':
          return await tcpProbe(probe, ctx);
        case 'exec':
          return await execProbe(probe, ctx, this.cwd);
        case 'log':
          return { ok: false, latencyMs: 0, at: Date.now(), detail: 'log probes are evaluated by the engine from the output' };
      }
    } catch (err) {
      return { ok: false, latencyMs: 0, at: Date.now(), detail: `${probe.kind} probe error: ${(err as Error).message}` };
    }
  }
}
