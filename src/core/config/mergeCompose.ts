import { OVERRIDDEN, RESET } from './composeTags';
import { isPlainMap, type Plain } from './Reader';
import type { SourceIndex, TreePath } from './SourceIndex';

/** Sequences an override replaces instead of extending. */
const REPLACED = new Set(['command', 'entrypoint', 'healthcheck.test', 'profiles']);
/** Sequences that are really maps written as `KEY=value` lists: merged key by key. */
const KEYED_LISTS = new Set(['environment', 'labels', 'sysctls', 'build.args', 'annotations']);
/** Sequences merged by mount target: an override entry replaces the base entry for the same target. */
const BY_TARGET = new Set(['volumes', 'devices']);

/**
 * Merges a compose override file into the base, following the Compose Specification's merge rules:
 * maps merge key by key, scalars and `command` / `entrypoint` / `healthcheck.test` are replaced,
 * `environment` / `labels` (map or list form) merge by name, `volumes` merge by target, `depends_on`
 * merges by service, and other sequences (`ports`, `expose`, `dns`, ...) append without duplicates.
 * A value tagged `!reset` removes the base's, one tagged `!override` replaces it whole.
 * Locations of what the override contributed are copied into `index`.
 */
export function mergeCompose(base: Plain, over: Plain, index: SourceIndex, overIndex: SourceIndex): Plain {
  for (const [key, value] of Object.entries(over)) {
    if (key === 'services' && isPlainMap(value) && isPlainMap(base.services)) {
      for (const [name, svc] of Object.entries(value)) {
        const path = ['services', name];
        const current = base.services[name];
        if (svc === RESET) delete base.services[name];
        else if (isPlainMap(current) && isPlainMap(svc) && !OVERRIDDEN.has(svc)) mergeMap(current, svc, path, '', index, overIndex);
        else {
          base.services[name] = svc;
          index.copy(path, path, overIndex);
        }
      }
    } else if (value === RESET) {
      delete base[key];
    } else if (isPlainMap(base[key]) && isPlainMap(value) && !OVERRIDDEN.has(value)) {
      mergeMap(base[key], value, [key], '', index, overIndex);
    } else {
      base[key] = value;
      index.copy([key], [key], overIndex);
    }
  }
  return base;
}

/** Merges one service definition into another by the same rules (`extends`: the extending service is `over`). */
export function mergeService(base: Plain, over: Plain, path: TreePath, index: SourceIndex, overIndex: SourceIndex): void {
  mergeMap(base, over, path, '', index, overIndex);
}

function mergeMap(base: Plain, over: Plain, path: TreePath, rel: string, index: SourceIndex, overIndex: SourceIndex): void {
  for (const [key, value] of Object.entries(over)) {
    const p = [...path, key];
    const r = rel ? `${rel}.${key}` : key;
    const current = base[key];
    if (value === RESET) {
      delete base[key];
    } else if (current === undefined || current === null || value === null || REPLACED.has(r) || OVERRIDDEN.has(value as object)) {
      base[key] = value;
      index.copy(p, p, overIndex);
    } else if (KEYED_LISTS.has(r) || key === 'depends_on') {
      const merged = { ...asMap(current, key === 'depends_on') };
      for (const [k, v] of Object.entries(asMap(value, key === 'depends_on'))) merged[k] = v;
      base[key] = merged;
      // Locations of list forms are per item, so keep the override's whole block location.
      index.copy(p, p, overIndex);
    } else if (isPlainMap(current) && isPlainMap(value)) {
      mergeMap(current, value, p, r, index, overIndex);
    } else if (Array.isArray(current) && Array.isArray(value)) {
      base[key] = appendList(current, value, p, BY_TARGET.has(r), index, overIndex);
    } else {
      base[key] = value;
      index.copy(p, p, overIndex);
    }
  }
}

function appendList(
  current: unknown[],
  extra: unknown[],
  path: TreePath,
  byTarget: boolean,
  index: SourceIndex,
  overIndex: SourceIndex,
): unknown[] {
  const out = [...current];
  const id = (v: unknown) => (byTarget ? mountTarget(v) : JSON.stringify(v));
  extra.forEach((item, i) => {
    const at = out.findIndex((v) => id(v) === id(item));
    if (at >= 0 && !byTarget) return;
    const dst = at >= 0 ? at : out.length;
    out[dst] = item;
    index.copy([...path, i], [...path, dst], overIndex);
  });
  return out;
}

function mountTarget(v: unknown): string {
  if (isPlainMap(v)) return String(v.target ?? '');
  const parts = String(v).split(':');
  return parts.length === 1 ? parts[0] : parts[1];
}

/** `[A=1, B]` or `{A: 1}` as a map (`depends_on` lists become `{name: {condition: service_started}}`). */
export function asMap(v: unknown, dependsOn = false): Plain {
  if (isPlainMap(v)) return v;
  const out: Plain = Object.create(null) as Plain;
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = String(item);
      if (dependsOn) out[s] = { condition: 'service_started' };
      else {
        const eq = s.indexOf('=');
        out[eq < 0 ? s : s.slice(0, eq)] = eq < 0 ? null : s.slice(eq + 1);
      }
    }
  }
  return out;
}
