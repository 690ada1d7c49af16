import type { NetworkAttachment, NetworkDef } from './model';
import { isPlainMap, type Reader } from './Reader';
import { didYouMean } from './suggest';

export const COMPOSE_NETWORK_KEYS = [
  'name',
  'driver',
  'driver_opts',
  'attachable',
  'enable_ipv4',
  'enable_ipv6',
  'external',
  'internal',
  'ipam',
  'labels',
] as const;
export const COMPOSE_SERVICE_NETWORK_KEYS = [
  'aliases',
  'ipv4_address',
  'ipv6_address',
  'priority',
  'gw_priority',
  'link_local_ips',
  'mac_address',
  'driver_opts',
  'interface_name',
] as const;

/** The project network every service joins when it says nothing about networks. */
export const DEFAULT_NETWORK: NetworkDef = { key: 'default', external: false, internal: false };

/**
 * Top-level `networks:` as compose reads it. `default` always exists (it can be redefined, e.g.
 * `default: { name: shared, external: true }`); the others exist when declared.
 */
export function composeNetworkDefs(r: Reader): Map<string, NetworkDef> {
  const out = new Map<string, NetworkDef>([['default', DEFAULT_NETWORK]]);
  if (r.value === undefined || r.value === null || !r.expectMap('a map of network name -> settings')) return out;
  for (const [key, n] of r.entries()) {
    if (n.value === null || n.value === undefined) {
      out.set(key, { ...DEFAULT_NETWORK, key });
      continue;
    }
    if (!n.expectMap('a map of network settings (`driver`, `external`, `name`, ...)')) continue;
    n.checkKeys(COMPOSE_NETWORK_KEYS, `network \`${key}\``);
    const ext = n.child('external');
    // Compose file v2/v3 wrote `external: { name: x }`.
    const external = isPlainMap(ext.value) ? true : (ext.bool(true) ?? false);
    const name = n.child('name').str(true) ?? (isPlainMap(ext.value) ? ext.child('name').str(true) : undefined);
    const def: NetworkDef = { key, external, internal: n.child('internal').bool(true) ?? false };
    if (name) def.name = name;
    const driver = n.child('driver').str();
    if (driver) def.driver = driver;
    if (external) {
      for (const k of ['driver', 'driver_opts', 'ipam', 'internal'])
        if (n.has(k))
          n.child(k).error(
            'wrong-value',
            `Network \`${key}\` is \`external\`: it is created outside this project, so \`${k}\` cannot be set here. Remove \`${k}\`, or \`external\`.`,
            'key',
          );
    }
    const opts = stringMap(n.child('driver_opts'));
    if (opts) def.driverOpts = opts;
    const labels = stringMap(n.child('labels'));
    if (labels) def.labels = labels;
    const v6 = n.child('enable_ipv6').bool(true);
    if (v6 !== undefined) def.enableIpv6 = v6;
    const subnets = ipamConfig(n.child('ipam'));
    if (subnets.length) def.subnets = subnets;
    out.set(key, def);
  }
  return out;
}

/**
 * A service's `networks:` (a list of names, or a map of name -> `{ aliases, ipv4_address }`).
 * Undefined networks are located errors; none given means the project's `default` network.
 */
export function composeServiceNetworks(name: string, r: Reader, defs: Map<string, NetworkDef>): NetworkAttachment[] {
  if (r.value === undefined || r.value === null) return [{ network: defs.get('default') ?? DEFAULT_NETWORK, aliases: [] }];
  const out: NetworkAttachment[] = [];
  const known = [...defs.keys()];
  const attach = (key: string, at: Reader): NetworkAttachment | undefined => {
    const network = defs.get(key);
    if (network) return { network, aliases: [] };
    at.error(
      'undefined-network',
      `Service \`${name}\` joins network \`${key}\`, which is not defined.${didYouMean(key, known)} Declare it under the top-level \`networks:\`.`,
      Array.isArray(r.value) ? 'value' : 'key',
    );
    return undefined;
  };
  if (Array.isArray(r.value)) {
    for (const item of r.items()) {
      const key = item.str();
      const a = key === undefined ? undefined : attach(key, item);
      if (a) out.push(a);
    }
    return out;
  }
  if (!r.expectMap('a list of network names or a map of network -> `{ aliases, ipv4_address }`')) return out;
  for (const [key, n] of r.entries()) {
    const a = attach(key, n);
    if (!a || n.value === null || n.value === undefined || !n.expectMap('a map of `aliases`, `ipv4_address`, ... (or empty)')) {
      if (a) out.push(a);
      continue;
    }
    n.checkKeys(COMPOSE_SERVICE_NETWORK_KEYS, `\`${n.name}\``);
    a.aliases = n.child('aliases').strings({ coerce: true }) ?? [];
    const v4 = n.child('ipv4_address').str();
    if (v4) {
      if (!a.network.external && !a.network.subnets?.length)
        n.child('ipv4_address').error(
          'wrong-value',
          `\`ipv4_address\` needs a subnet on network \`${key}\`: add \`ipam: { config: [{ subnet: ... }] }\` to it.`,
          'key',
        );
      a.ipv4Address = v4;
    }
    const v6 = n.child('ipv6_address').str();
    if (v6) a.ipv6Address = v6;
    out.push(a);
  }
  return out;
}

function stringMap(r: Reader): Record<string, string> | undefined {
  if (r.value === undefined || r.value === null) return undefined;
  if (Array.isArray(r.value)) {
    const out: Record<string, string> = {};
    for (const s of r.strings({ coerce: true }) ?? []) {
      const eq = s.indexOf('=');
      out[eq < 0 ? s : s.slice(0, eq)] = eq < 0 ? '' : s.slice(eq + 1);
    }
    return out;
  }
  if (!r.expectMap('a map of name -> value')) return undefined;
  return Object.fromEntries(r.entries().map(([k, v]) => [k, v.str(true) ?? '']));
}

function ipamConfig(r: Reader): { subnet: string; gateway?: string; ipRange?: string }[] {
  if (r.value === undefined || r.value === null || !r.expectMap('a map with `config:` (a list of `{ subnet }`)')) return [];
  r.checkKeys(['driver', 'config', 'options'], '`ipam`');
  return (r.child('config').list() ?? []).flatMap((c) => {
    if (!c.expectMap('a map with `subnet`')) return [];
    const subnet = c.child('subnet').str();
    if (!subnet) return [];
    const gateway = c.child('gateway').str();
    const ipRange = c.child('ip_range').str();
    return [{ subnet, ...(gateway ? { gateway } : {}), ...(ipRange ? { ipRange } : {}) }];
  });
}
