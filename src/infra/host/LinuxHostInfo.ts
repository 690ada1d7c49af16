import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { freemem } from 'node:os';
import type { HostInfo, PortInUse } from '../../core/ports';
import { isWildcard, normalizeHost, readProcSockets, type ProcSocket } from './procNetSockets';
import { socketHolders } from './socketHolders';

type PortQuery = { port: number; host: string; protocol: 'tcp' | 'udp' };

/**
 * Host facts from /proc: who listens on a port (and which process), and available memory.
 * Without /proc/net it falls back to trying to bind each port (no holder names then).
 */
export class LinuxHostInfo implements HostInfo {
  async portsInUse(ports: readonly PortQuery[]): Promise<PortInUse[]> {
    const tables: Partial<Record<'tcp' | 'udp', ProcSocket[] | undefined>> = {};
    const hits: { q: PortQuery; inode?: number }[] = [];
    for (const q of ports) {
      if (!(q.protocol in tables)) tables[q.protocol] = await readProcSockets(q.protocol);
      const table = tables[q.protocol];
      if (!table) {
        if (await bindFails(q)) hits.push({ q });
        continue;
      }
      const wanted = normalizeHost(q.host);
      const s = table.find((t) => t.port === q.port && (isWildcard(t.address) || wanted.some((w) => isWildcard(w) || w === t.address)));
      if (s) hits.push({ q, inode: s.inode });
    }
    const holders = await socketHolders(new Set(hits.flatMap((h) => (h.inode ? [h.inode] : []))));
    return hits.map(({ q, inode }) => {
      const holder = inode ? holders.get(inode) : undefined;
      return { port: q.port, host: q.host, ...(holder ? { holder } : {}) };
    });
  }

  async freeMemoryMb(): Promise<number> {
    try {
      const m = /^MemAvailable:\s+(\d+)\s*kB/m.exec(await readFile('/proc/meminfo', 'utf8'));
      if (m) return Math.floor(Number(m[1]) / 1024);
    } catch {
      // not Linux: fall through
    }
    return Math.floor(freemem() / 2 ** 20);
  }
}

/** True when binding host:port fails with EADDRINUSE (the fallback without /proc/net). */
function bindFails(q: PortQuery): Promise<boolean> {
  return new Promise((resolve) => {
    const host = q.host === '' || q.host === '*' ? '0.0.0.0' : q.host;
    if (q.protocol === 'udp') {
      const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      s.once('error', (e: NodeJS.ErrnoException) => {
        s.close();
        resolve(e.code === 'EADDRINUSE');
      });
      s.bind(q.port, host, () => s.close(() => resolve(false)));
      return;
    }
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE'));
    srv.listen({ port: q.port, host, exclusive: true }, () => srv.close(() => resolve(false)));
  });
}
