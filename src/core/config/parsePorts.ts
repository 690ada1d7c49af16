import type { PortSpec } from './model';
import { isPlainMap, type Reader } from './Reader';

const PORT_HINT =
  'write `8080`, `"8080:80"`, `"127.0.0.1:5432:5432"`, `"9000-9002:9000-9002"`, `"53:53/udp"` or `{ target: 80, published: 8080 }`';

/**
 * One `ports` entry in compose short or long syntax, as host port mappings. Entries that publish
 * no host port (`"3000"`, `{ target: 3000 }`: docker picks an ephemeral port) give an empty list.
 * `defaultHost` is the bind address when none is written: compose binds all interfaces, native
 * Stackpilot services bind 127.0.0.1.
 */
export function parsePorts(r: Reader, defaultHost: string, containerSide: boolean): PortSpec[] {
  const v = r.value;
  const fail = (why: string): PortSpec[] => {
    r.error('bad-port', `Port \`${typeof v === 'object' ? JSON.stringify(v) : String(v)}\` ${why}: ${PORT_HINT}.`);
    return [];
  };
  if (typeof v === 'number') {
    if (!validPort(v)) return fail('is not a port number (1-65535)');
    return containerSide ? [] : [{ port: v, host: defaultHost, protocol: 'tcp', location: r.loc }];
  }
  if (isPlainMap(v)) return longSyntax(r, defaultHost);
  if (typeof v !== 'string') return fail('must be a number, a string or a map');
  // `[IP:]HOST:CONTAINER[/PROTOCOL]`: with one colon the first part is the host port (`abc:80` is an error, not an address).
  const m = /^(?:(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d*(?:-\d+)?):|(\d*(?:-\d+)?):)?(\d+(?:-\d+)?)(?:\/(tcp|udp|sctp))?$/.exec(v.trim());
  if (!m) return fail('cannot be read');
  const [, ip6, ip4, hostPart3, hostPart2, targetPart, proto] = m;
  const hostPart = hostPart3 ?? hostPart2;
  if (ip4 && !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip4)) return fail(`has a host address \`${ip4}\` that is not an IP address`);
  const host = ip6 ?? (ip4 || undefined) ?? defaultHost;
  const protocol = proto === 'udp' ? 'udp' : 'tcp';
  const targets = range(targetPart);
  if (!targets) return fail('has an invalid port range');
  if (!containerSide && hostPart === undefined) {
    return targets.map((p) => ({ port: p, host, protocol, location: r.loc }));
  }
  if (hostPart === undefined || hostPart === '') return [];
  const published = range(hostPart);
  if (!published) return fail('has an invalid host port range');
  if (published.length !== targets.length && targets.length !== 1) return fail('maps host and container ranges of different sizes');
  // A host range onto one container port lets docker pick one port of the range: record the first.
  return targets.map((t, i) => ({ port: published[Math.min(i, published.length - 1)], host, target: t, protocol, location: r.loc }));
}

function longSyntax(r: Reader, defaultHost: string): PortSpec[] {
  r.checkKeys(['target', 'published', 'host_ip', 'protocol', 'mode', 'name', 'app_protocol'], `port \`${r.name}\``);
  const target = r.child('target').num({ coerce: true, integer: true, min: 1 });
  if (target === undefined) {
    if (!r.has('target')) r.error('bad-port', `Port \`${r.name}\` needs \`target\` (the container port): ${PORT_HINT}.`);
    return [];
  }
  const pub = r.child('published');
  if (pub.value === undefined || pub.value === null || pub.value === '') return [];
  const published = range(String(pub.value));
  if (!published) {
    pub.error(
      'bad-port',
      `\`${pub.name}\` must be a port number or range like \`8080\` or \`"8000-8002"\`, got ${JSON.stringify(pub.value)}.`,
    );
    return [];
  }
  const host = r.child('host_ip').str() || defaultHost;
  const protocol = r.child('protocol').str() === 'udp' ? 'udp' : 'tcp';
  return [{ port: published[0], host, target, protocol, location: r.loc }];
}

function range(text: string): number[] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (!validPort(a) || !validPort(b) || b < a || b - a > 10_000) return undefined;
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

const validPort = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
