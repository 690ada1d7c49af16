import { posix } from 'node:path';
import type { Diagnostics } from './Diagnostics';
import { mergeService } from './mergeCompose';
import type { SourceLocation } from './model';
import { isPlainMap, type Plain } from './Reader';
import { SourceIndex } from './SourceIndex';
import { didYouMean } from './suggest';

/** The services of one compose file, where they are written, and the folder their relative paths resolve against. */
export interface ServicesSource {
  file: string;
  dir: string;
  services: Plain;
  index: SourceIndex;
}

/** Reads another compose file's services (parsed and interpolated), undefined when it cannot be read (reported by the caller's loader). */
export type LoadServices = (file: string, at: SourceLocation) => Promise<ServicesSource | undefined>;

const MAX_DEPTH = 32;

/**
 * Resolves `extends` in every service of `main`, as the Compose Specification describes: the base
 * service (same file, or `file:` relative to the extending file's folder) is resolved first, then
 * the extending service is merged over a copy of it with the override merge rules. Relative paths
 * the base writes (build context, env_file, bind mounts) keep pointing where they did in its file.
 * Unknown services, unreadable files and cycles are located errors; the service then keeps only
 * what it writes itself.
 */
export async function resolveExtends(main: ServicesSource, load: LoadServices, diags: Diagnostics): Promise<void> {
  const done = new Map<string, Plain>();
  const resolve = async (src: ServicesSource, name: string, chain: string[]): Promise<Plain | undefined> => {
    const key = `${src.file}\u0000${name}`;
    const cached = done.get(key);
    if (cached) return cached;
    const svc = src.services[name];
    const path = ['services', name];
    const at = (sub: string[] = []) => src.index.value([...path, 'extends', ...sub]);
    if (chain.includes(key) || chain.length > MAX_DEPTH) {
      diags.error(
        'extends-cycle',
        `\`${name}\` extends itself through ${[...chain, key].map((k) => k.split('\u0000')[1]).join(' -> ')}: remove one of these \`extends\`.`,
        at(),
      );
      return undefined;
    }
    if (!isPlainMap(svc) || svc.extends === undefined) return isPlainMap(svc) ? svc : undefined;
    const ext = svc.extends;
    const ref = typeof ext === 'string' ? { service: ext } : isPlainMap(ext) ? ext : undefined;
    if (!ref || typeof ref.service !== 'string' || (ref.file !== undefined && typeof ref.file !== 'string')) {
      diags.error('bad-extends', `\`services.${name}.extends\` must be a service name or \`{ service: NAME, file: PATH }\`.`, at());
      delete svc.extends;
      return svc;
    }
    let base: ServicesSource | undefined = src;
    if (typeof ref.file === 'string') {
      base = await load(posix.resolve(src.dir, ref.file), at(['file']));
      if (!base) {
        delete svc.extends;
        return svc;
      }
    }
    if (!isPlainMap(base.services[ref.service])) {
      const where = base === src ? '' : ` in ${posix.basename(base.file)}`;
      diags.error(
        'bad-extends',
        `\`${name}\` extends \`${ref.service}\`, which is not a service${where}.${didYouMean(ref.service, Object.keys(base.services))}`,
        at(typeof ext === 'string' ? [] : ['service']),
      );
      delete svc.extends;
      return svc;
    }
    const resolvedBase = await resolve(base, ref.service, [...chain, key]);
    delete svc.extends;
    if (!resolvedBase) return svc;
    const merged = structuredClone(resolvedBase);
    if (base.dir !== src.dir) rebasePaths(merged, base.dir);
    // Locations: the base's, then the extending service's own keys over them.
    const own = new SourceIndex(src.index.value(path));
    own.copy(path, path, src.index);
    src.index.copy(['services', ref.service], path, base.index);
    src.index.copyExact(path, path, own);
    mergeService(merged, svc, path, src.index, own);
    src.services[name] = merged;
    done.set(key, merged);
    return merged;
  };
  for (const name of Object.keys(main.services)) await resolve(main, name, []);
}

const isRelative = (p: unknown): p is string =>
  typeof p === 'string' && (p === '.' || p === '..' || p.startsWith('./') || p.startsWith('../'));

/** Relative paths of a service from another folder, made absolute so they keep meaning what they meant there. */
export function rebasePaths(svc: Plain, dir: string): void {
  const abs = (p: string) => posix.resolve(dir, p);
  if (typeof svc.build === 'string') svc.build = abs(svc.build);
  else if (isPlainMap(svc.build) && typeof svc.build.context === 'string' && !/^[a-z]+:\/\//i.test(svc.build.context))
    svc.build.context = abs(svc.build.context);
  const envFiles = svc.env_file;
  if (typeof envFiles === 'string') svc.env_file = abs(envFiles);
  else if (Array.isArray(envFiles))
    svc.env_file = envFiles.map((e) =>
      typeof e === 'string' ? abs(e) : isPlainMap(e) && typeof e.path === 'string' ? { ...e, path: abs(e.path) } : e,
    );
  if (isPlainMap(svc.extends) && typeof svc.extends.file === 'string') svc.extends = { ...svc.extends, file: abs(svc.extends.file) };
  if (Array.isArray(svc.volumes)) {
    svc.volumes = svc.volumes.map((v) => {
      if (typeof v === 'string') {
        const [source, ...rest] = v.split(':');
        return isRelative(source) && rest.length ? [abs(source), ...rest].join(':') : v;
      }
      if (isPlainMap(v) && isRelative(v.source)) return { ...v, source: abs(v.source) };
      return v;
    });
  }
}
