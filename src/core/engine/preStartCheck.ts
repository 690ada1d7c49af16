import type { ServiceSpec } from '../config/model';
import type { HostInfo, Logger } from '../ports';

/**
 * Why `spec` cannot start on this machine right now, or undefined. Checked before every spawn so a
 * clash is reported in words instead of as a service dying with EADDRINUSE. A host that cannot tell
 * (no /proc, permissions) skips the check rather than blocking the start.
 */
export async function preStartCheck(spec: ServiceSpec, host: HostInfo, logger: Logger): Promise<string | undefined> {
  if (spec.kind === 'external') return undefined;
  if (spec.ports.length > 0) {
    try {
      const busy = await host.portsInUse(spec.ports.map((p) => ({ port: p.port, host: p.host, protocol: p.protocol })));
      if (busy.length > 0) {
        return busy.map((b) => `port ${b.port} on ${b.host} already in use${b.holder ? ` by ${b.holder}` : ''}`).join('; ');
      }
    } catch (err) {
      logger.warn(`${spec.name}: could not check whether its ports are free: ${(err as Error).message}`);
    }
  }
  if (spec.memoryMb !== undefined) {
    try {
      const free = await host.freeMemoryMb();
      if (free < spec.memoryMb) return `needs ${spec.memoryMb} MB of memory but only ${Math.floor(free)} MB is available`;
    } catch (err) {
      logger.warn(`${spec.name}: could not check free memory: ${(err as Error).message}`);
    }
  }
  return undefined;
}
