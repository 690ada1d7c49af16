import type { ServiceSpec } from './model';

/**
 * Fields that do not change the running instance: where it is written, when it is started (deps,
 * profiles), how it is watched (health, restart, memory check, stop grace, file watching) and uninterpreted extras.
 * Everything else (new fields too) counts, so a change Stackpilot does not know about restarts.
 */
const IGNORED = new Set([
  'location',
  'dependsOn',
  'health',
  'restart',
  'profiles',
  'memoryMb',
  'stopGracePeriod',
  'watch',
  'restartWith',
  'develop',
]);

/**
 * A stable hash of what defines how a service runs, used to decide whether an instance from an
 * earlier run can be adopted or must be restarted. FNV-1a 64 over canonical JSON (sorted keys), as
 * 16 hex digits: no crypto needed, stable across runs and machines.
 */
export function configHash(spec: ServiceSpec): string {
  const { extensions, ...rest } = spec;
  const relevant: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([k]) => !IGNORED.has(k)));
  // Compose keys passed through to the docker runner (user, working_dir, ...) change the container.
  if (extensions.compose !== undefined) relevant.compose = extensions.compose;
  // Where a key is written (a port's, a volume's location) does not change the instance either.
  return fnv1a64(canonicalJson(withoutLocations(relevant)));
}

/** `value` without any `location` key, at any depth (a line added above a service moves them all). */
export function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== 'location')
      .map(([k, v]) => [k, withoutLocations(v)]),
  );
}

export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** FNV-1a, 64 bit, over the UTF-8 bytes of `text`. */
export function fnv1a64(text: string): string {
  let h = OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * PRIME) & MASK;
  }
  return h.toString(16).padStart(16, '0');
}
