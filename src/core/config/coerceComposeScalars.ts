import { isPlainMap } from './Reader';

/**
 * Where the Compose Specification expects a number or a boolean. Interpolation always yields text
 * (`retries: ${HEALTHCHECK_RETRIES}`, `init: ${USE_INIT:-true}`), and docker compose converts such
 * text by the schema; so does this. `*` matches any key or list index.
 */
const INTEGER_PATHS = [
  'services.*.healthcheck.retries',
  'services.*.scale',
  'services.*.cpu_count',
  'services.*.cpu_percent',
  'services.*.cpu_shares',
  'services.*.cpu_period',
  'services.*.cpu_quota',
  'services.*.cpu_rt_period',
  'services.*.cpu_rt_runtime',
  'services.*.mem_swappiness',
  'services.*.oom_score_adj',
  'services.*.pids_limit',
  'services.*.deploy.replicas',
  'services.*.ports.*.target',
  'services.*.x-stackpilot.health.retries',
];
const NUMBER_PATHS = ['services.*.cpus', 'services.*.deploy.resources.limits.cpus', 'services.*.deploy.resources.reservations.cpus'];
const BOOLEAN_PATHS = [
  'services.*.healthcheck.disable',
  'services.*.init',
  'services.*.tty',
  'services.*.stdin_open',
  'services.*.privileged',
  'services.*.read_only',
  'services.*.oom_kill_disable',
  'services.*.depends_on.*.required',
  'services.*.depends_on.*.restart',
  'services.*.env_file.*.required',
  'services.*.volumes.*.read_only',
  'services.*.attach',
  'networks.*.external',
  'networks.*.internal',
  'networks.*.attachable',
  'networks.*.enable_ipv4',
  'networks.*.enable_ipv6',
  'volumes.*.external',
  'secrets.*.external',
  'configs.*.external',
];

type Kind = 'integer' | 'number' | 'boolean';
const RULES: [string[], Kind][] = [
  ...INTEGER_PATHS.map((p) => [p.split('.'), 'integer'] as [string[], Kind]),
  ...NUMBER_PATHS.map((p) => [p.split('.'), 'number'] as [string[], Kind]),
  ...BOOLEAN_PATHS.map((p) => [p.split('.'), 'boolean'] as [string[], Kind]),
];

function kindAt(path: (string | number)[]): Kind | undefined {
  for (const [pattern, kind] of RULES) {
    if (pattern.length === path.length && pattern.every((p, i) => p === '*' || p === String(path[i]))) return kind;
  }
  return undefined;
}

/** Converts typed scalars written as text, in place. Text that is not a valid number or boolean stays text, for the reader to report where it is. */
export function coerceComposeScalars(root: unknown): void {
  const walk = (v: unknown, path: (string | number)[]): unknown => {
    if (typeof v === 'string') {
      const kind = kindAt(path);
      const t = v.trim();
      if (kind === 'boolean' && /^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
      if ((kind === 'integer' && /^[-+]?\d+$/.test(t)) || (kind === 'number' && t !== '' && Number.isFinite(Number(t)))) return Number(t);
      return v;
    }
    if (path.length > 6) return v;
    if (Array.isArray(v)) v.forEach((x, i) => (v[i] = walk(x, [...path, i])));
    else if (isPlainMap(v)) for (const k of Object.keys(v)) v[k] = walk(v[k], [...path, k]);
    return v;
  };
  walk(root, []);
}
