import * as fs from 'node:fs';
import * as net from 'node:net';

/**
 * Ports for a bench's services, chosen so two of them never collide and the kernel never hands one
 * to somebody else meanwhile: random ports *below* the ephemeral range (which `listen(0)` and
 * outgoing connections draw from, so "open port 0, close, reuse" raced with every other socket on a
 * busy machine), each verified free by holding a listener on it until all are chosen.
 *
 * The window between release and the service binding remains (busybox httpd cannot inherit a
 * socket); a bench that still meets EADDRINUSE picks again and says so (see `withPortRetry`).
 */
export async function reservePorts(count: number): Promise<number[]> {
  const [ephemeralLow] = ephemeralRange();
  const low = 20000;
  const high = Math.max(low + count * 10, ephemeralLow) - 1;
  const held: net.Server[] = [];
  const ports = new Set<number>();
  try {
    for (let tries = 0; ports.size < count; tries++) {
      if (tries > count * 50) throw new Error(`could not find ${count} free ports in ${low}-${high}`);
      const port = low + Math.floor(Math.random() * (high - low));
      if (ports.has(port)) continue;
      const server = await listen(port);
      if (!server) continue;
      held.push(server);
      ports.add(port);
    }
    return [...ports];
  } finally {
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
  }
}

function listen(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(undefined));
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(s));
  });
}

function ephemeralRange(): [number, number] {
  try {
    const [a, b] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (a > 0 && b >= a) return [a, b];
  } catch {
    /* not Linux: the IANA default */
  }
  return [49152, 65535];
}
