import { DEFAULTS } from './defaults';
import type { HealthSpec, ProbeSpec } from './model';
import { probeLabelFrom, redactUrl } from './probeLabel';
import type { Reader } from './Reader';

export const PROBE_KEYS = ['http', 'tcp', 'exec', 'log'] as const;
export const HEALTH_KEYS = [
  ...PROBE_KEYS,
  'interval',
  'timeout',
  'retries',
  'startPeriod',
  'startInterval',
  'expectStatus',
  'bodyContains',
  'bodyRegex',
  'method',
  'headers',
  'in',
] as const;

const EXAMPLE =
  '`{ http: "http://127.0.0.1:8000/health" }`, `{ tcp: "127.0.0.1:6379" }`, `{ exec: "pg_isready" }` or `{ log: "ready to accept connections" }`';

/**
 * The native `health` block (also used in a compose service's `x-stackpilot.health`): exactly one
 * probe (`http`, `tcp`, `exec`, `log`) plus timing. Defaults: interval 5s, timeout 2s, retries 3,
 * startPeriod 0; `exec` runs on the host unless `in: container` (the default for docker services).
 */
export function parseHealth(r: Reader, kind: 'process' | 'docker' | 'external'): HealthSpec | undefined {
  if (r.value === undefined || r.value === null || !r.expectMap(`a map with one probe: ${EXAMPLE}`)) return undefined;
  r.checkKeys(HEALTH_KEYS, `\`${r.name}\``);
  const probes = PROBE_KEYS.filter((k) => r.has(k));
  if (probes.length !== 1) {
    r.error(
      'bad-health',
      probes.length === 0
        ? `\`${r.name}\` has no probe: add one of ${EXAMPLE}.`
        : `\`${r.name}\` has ${probes.length} probes (${probes.join(', ')}); keep exactly one.`,
      'key',
    );
    return undefined;
  }
  const probe = parseProbe(r, probes[0], kind);
  if (!probe) return undefined;
  const v = r.child(probes[0]);
  probe.label = probeLabelFrom(probe, Array.isArray(v.value) ? v.items().map((i) => i.written) : v.written);
  const d = DEFAULTS.health;
  const num = (k: string) => r.child(k).num({ integer: true, min: 0 });
  const spec: HealthSpec = {
    probe,
    interval: r.child('interval').duration() ?? d.interval,
    timeout: r.child('timeout').duration() ?? d.timeout,
    retries: num('retries') ?? d.retries,
    startPeriod: r.child('startPeriod').duration() ?? d.startPeriod,
  };
  const startInterval = r.child('startInterval').duration();
  if (startInterval !== undefined) spec.startInterval = startInterval;
  return spec;
}

function parseProbe(r: Reader, key: (typeof PROBE_KEYS)[number], kind: string): ProbeSpec | undefined {
  const v = r.child(key);
  switch (key) {
    case 'http': {
      const url = v.str();
      if (url === undefined) return undefined;
      if (!/^https?:\/\/[^/\s]+/.test(url)) {
        v.error(
          'bad-health',
          `\`${v.name}\` must be an http(s) URL like "http://127.0.0.1:8000/health", got "${redactUrl(String(v.written))}".`,
        );
        return undefined;
      }
      const port = urlPort(url);
      if (port !== undefined && (port < 1 || port > 65535)) {
        v.error('bad-health', `\`${v.name}\` has port ${port}, out of range: a port is 1-65535.`);
        return undefined;
      }
      try {
        new URL(url);
      } catch {
        v.error('bad-health', `\`${v.name}\` is not a valid URL (${redactUrl(String(v.written))}): check the host and port.`);
        return undefined;
      }
      const probe: ProbeSpec = { kind: 'http', url, expectStatus: statusRange(r.child('expectStatus')) ?? [200, 399] };
      const method = r.child('method').str();
      const bodyContains = r.child('bodyContains').str();
      const bodyRegex = r.child('bodyRegex').str();
      if (method) probe.method = method.toUpperCase();
      if (bodyContains !== undefined) probe.bodyContains = bodyContains;
      if (bodyRegex !== undefined && validRegex(r.child('bodyRegex'), bodyRegex)) probe.bodyRegex = bodyRegex;
      const headers = r.child('headers');
      if (headers.value !== undefined && headers.expectMap('a map of header name -> value')) {
        probe.headers = Object.fromEntries(headers.entries().map(([k, h]) => [k, h.str(true) ?? '']));
      }
      return probe;
    }
    case 'tcp': {
      const text = v.str(true);
      const m = text === undefined ? null : /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(text);
      const port = m ? Number(m[2]) : NaN;
      if (!m || port < 1 || port > 65535) {
        if (text !== undefined) v.error('bad-health', `\`${v.name}\` must be "HOST:PORT" like "127.0.0.1:6379", got "${text}".`);
        return undefined;
      }
      return { kind: 'tcp', host: (m[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
    }
    case 'exec': {
      const command = Array.isArray(v.value) ? v.strings({ coerce: true }) : v.str();
      if (command === undefined || command.length === 0) return undefined;
      const where = r.child('in');
      const inside = where.str() ?? (kind === 'docker' ? 'container' : 'host');
      if (inside !== 'host' && inside !== 'container') {
        where.error('wrong-value', `\`${where.name}\` must be \`host\` or \`container\`, got \`${inside}\`.`);
        return undefined;
      }
      if (inside === 'container' && kind !== 'docker') {
        where.error(
          'wrong-value',
          `\`${where.name}: container\` needs a docker service (one with \`image\`); a ${kind} service runs probes on the host: remove \`in\`.`,
        );
        return undefined;
      }
      return { kind: 'exec', command, in: inside };
    }
    case 'log': {
      const pattern = v.str();
      if (pattern === undefined || !validRegex(v, pattern)) return undefined;
      return { kind: 'log', pattern };
    }
  }
}

/** The explicit port of an http(s) URL, also one `new URL` would reject (70000). */
function urlPort(url: string): number | undefined {
  const m = /^https?:\/\/(?:[^/?#@]*@)?(?:\[[^\]]*\]|[^:/?#]*)(?::(\d+))?(?:[/?#]|$)/.exec(url);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

function statusRange(r: Reader): [number, number] | undefined {
  const text = r.str(true);
  if (text === undefined) return undefined;
  const m = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(text.trim());
  if (!m || Number(m[2] ?? m[1]) < Number(m[1])) {
    r.error('bad-health', `\`${r.name}\` must be a status like 200 or a range like "200-299", got "${text}".`);
    return undefined;
  }
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

function validRegex(r: Reader, pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch (e) {
    r.error(
      'bad-regex',
      `\`${r.name}\` is not a valid regular expression (${(e as Error).message}); escape special characters like \`\\.\` and \`\\(\`.`,
    );
    return false;
  }
}
