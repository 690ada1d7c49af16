import type { ServiceSpec } from '../config/model';

/** Where a person would open a service: its http health check's origin, else its first TCP port. */
export function serviceUrl(spec: ServiceSpec): string | undefined {
  const probe = spec.health?.probe;
  if (probe?.kind === 'http') {
    try {
      return new URL(probe.url).origin + '/';
    } catch {
      // fall through to ports
    }
  }
  const port = spec.ports.find((p) => p.protocol === 'tcp');
  if (!port) return undefined;
  const host = port.host === '0.0.0.0' || port.host === '::' || port.host === '' ? '127.0.0.1' : port.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port.port}/`;
}
