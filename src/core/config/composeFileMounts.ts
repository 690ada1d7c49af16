import { posix } from 'node:path';
import type { VolumeMount } from './model';
import { isPlainMap, type Reader } from './Reader';
import { didYouMean } from './suggest';

type Kind = 'secrets' | 'configs';

/**
 * A service's `secrets:` / `configs:` as read-only bind mounts of the files the top-level
 * definitions name (`file:`), at their targets: secrets under /run/secrets/ (default
 * /run/secrets/<name>), configs at /<name> unless `target` says otherwise. Definitions from
 * `environment:` or `content:` and `external` ones (swarm) cannot be mounted from a file: a located
 * warning each, and nothing mounted. `missing` holds definition files that do not exist: not mounted
 * (a bind of a missing file would make Docker create an empty folder there), warned about once by the loader.
 */
export function composeFileMounts(
  kind: Kind,
  service: string,
  r: Reader,
  top: Reader,
  dir: string,
  missing: ReadonlySet<string>,
): VolumeMount[] {
  if (r.value === undefined || r.value === null) return [];
  const items = r.list();
  if (!items) return [];
  const defined = top.keys();
  const out: VolumeMount[] = [];
  for (const item of items) {
    const long = isPlainMap(item.value);
    if (long) item.checkKeys(['source', 'target', 'uid', 'gid', 'mode'], `\`${item.name}\``);
    const source = long ? item.child('source').str() : item.str();
    if (!source) continue;
    const def = top.child(source);
    if (!defined.includes(source)) {
      (long ? item.child('source') : item).error(
        'undefined-' + kind.slice(0, -1),
        `Service \`${service}\` uses ${kind.slice(0, -1)} \`${source}\`, which is not defined.${didYouMean(source, defined)} Declare it under the top-level \`${kind}:\` with \`file: PATH\`.`,
      );
      continue;
    }
    if (long)
      for (const k of ['uid', 'gid', 'mode'])
        if (item.has(k))
          item
            .child(k)
            .warn(
              'unsupported',
              `\`${k}\` of a ${kind.slice(0, -1)} is not honoured: the file is mounted read-only with its own owner and mode.`,
              'key',
            );
    const file = isPlainMap(def.value) ? def.child('file').str() : undefined;
    if (!file) {
      const how = isPlainMap(def.value)
        ? Object.keys(def.value)
            .filter((k) => ['environment', 'content', 'external'].includes(k))
            .join('/')
        : '';
      def.warn(
        'unsupported',
        `${kind.slice(0, -1)} \`${source}\` ${how ? `uses \`${how}\`, which Stackpilot cannot mount yet` : 'has no `file:`'}: \`${service}\` starts without it. Give it \`file: PATH\`.`,
        'key',
      );
      continue;
    }
    const abs = posix.resolve(dir, file);
    if (missing.has(abs)) continue; // reported once, at the definition
    const target = long ? item.child('target').str() : undefined;
    const base = kind === 'secrets' ? '/run/secrets' : '/';
    out.push({ type: 'bind', source: abs, target: posix.resolve(base, target ?? source), readOnly: true });
  }
  return out;
}
