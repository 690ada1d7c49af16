import { posix } from 'node:path';
import type { VolumeMount } from './model';
import { isPlainMap, type Reader } from './Reader';

/**
 * One `volumes` entry, short (`./data:/var/lib/x:ro`, `named:/data`, `/anonymous`) or long syntax.
 * Bind sources are made absolute against `baseDir`; `~` is the home folder from `home`.
 */
export function parseVolume(r: Reader, baseDir: string, home: string | undefined): VolumeMount | undefined {
  const v = r.value;
  const resolveSource = (s: string) => {
    if (s === '~' || s.startsWith('~/')) return home ? posix.join(home, s.slice(1)) : s;
    return posix.resolve(baseDir, s);
  };
  if (isPlainMap(v)) {
    r.checkKeys(
      ['type', 'source', 'target', 'read_only', 'bind', 'volume', 'tmpfs', 'image', 'consistency'],
      `volume \`${r.name}\``,
      'warning',
    );
    const target = r.child('target').str();
    if (!target) {
      r.error(
        'bad-volume',
        `Volume \`${r.name}\` needs \`target\` (the path inside the container), e.g. \`{ type: bind, source: ./data, target: /data }\`.`,
      );
      return undefined;
    }
    const type = r.child('type').str() ?? 'volume';
    const source = r.child('source').str();
    const kind = type === 'bind' || type === 'tmpfs' ? type : 'volume';
    return {
      type: kind,
      ...(source ? { source: kind === 'bind' ? resolveSource(source) : source } : {}),
      target,
      readOnly: r.child('read_only').bool(true) ?? false,
    };
  }
  const s = r.str();
  if (s === undefined) return undefined;
  const parts = s.split(':');
  if (parts.length === 1) return { type: 'volume', target: s, readOnly: false };
  const [source, target, mode = ''] = parts;
  if (!target) {
    r.error('bad-volume', `Volume \`${s}\` has no container path: write \`SOURCE:TARGET[:ro]\`, e.g. \`./data:/data:ro\`.`);
    return undefined;
  }
  const bind = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
  return {
    type: bind ? 'bind' : 'volume',
    source: bind ? resolveSource(source) : source,
    target,
    readOnly: mode.split(',').includes('ro'),
  };
}
