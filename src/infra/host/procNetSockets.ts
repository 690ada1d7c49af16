import { readFile } from 'node:fs/promises';

/** A bound socket from /proc/net/{tcp,tcp6,udp,udp6}. */
export interface ProcSocket {
  /** Dotted IPv4, or 32 hex digits for IPv6 (IPv4-mapped addresses are turned into dotted IPv4). */
  address: string;
  port: number;
  inode: number;
}

const TCP_LISTEN = '0A';
const UDP_UNCONNECTED = '07';

/**
 * Listening TCP sockets (or bound UDP sockets) on this machine, from /proc/net. Undefined when
 * /proc/net is not there (not Linux, or a sandbox without it).
 */
export async function readProcSockets(protocol: 'tcp' | 'udp'): Promise<ProcSocket[] | undefined> {
  const state = protocol === 'tcp' ? TCP_LISTEN : UDP_UNCONNECTED;
  const out: ProcSocket[] = [];
  let found = false;
  for (const file of [`/proc/net/${protocol}`, `/proc/net/${protocol}6`]) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    found = true;
    out.push(...parseProcNet(text, state));
  }
  return found ? out : undefined;
}

/** Rows of one /proc/net table in socket state `state` (hex, e.g. `0A` = LISTEN). */
export function parseProcNet(text: string, state: string): ProcSocket[] {
  const out: ProcSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== state) continue;
    const [addrHex, portHex] = f[1].split(':');
    out.push({ address: decodeAddress(addrHex), port: parseInt(portHex, 16), inode: Number(f[9]) });
  }
  return out;
}

/** /proc/net prints addresses as 32-bit words in host (little-endian) byte order. */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => [6, 4, 2, 0].map((i) => parseInt(w.slice(i, i + 2), 16)));
  if (bytes.length === 4) return bytes.join('.');
  const v6 = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return v6.startsWith('00000000000000000000ffff') ? bytes.slice(12).join('.') : v6;
}

/** An address as `readProcSockets` writes it, for comparing: `localhost` -> both loopbacks. */
export function normalizeHost(host: string): string[] {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === '' || h === '*') return ['0.0.0.0'];
  if (h === 'localhost') return ['127.0.0.1', expandIPv6('::1')];
  if (/^\d+\.\d+\.\d+\.\d+$/.test(h)) return [h];
  if (h.includes(':')) {
    const v6 = expandIPv6(h);
    return [v6.startsWith('00000000000000000000ffff') ? hexToDotted(v6.slice(24)) : v6];
  }
  return [h];
}

const ANY = new Set(['0.0.0.0', '0'.repeat(32)]);
export const isWildcard = (normalized: string): boolean => ANY.has(normalized);

function hexToDotted(hex: string): string {
  return (hex.match(/.{2}/g) ?? []).map((b) => parseInt(b, 16)).join('.');
}

/** `::1` -> 32 hex digits. Handles `::` and a trailing dotted IPv4 part. */
export function expandIPv6(addr: string): string {
  let a = addr.toLowerCase().split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (v4) {
    const p = v4[1].split('.').map((n) => Number(n).toString(16).padStart(2, '0'));
    a = a.slice(0, -v4[1].length) + `${p[0]}${p[1]}:${p[2]}${p[3]}`;
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0')).join('');
}
