import { posix } from 'node:path';
import { COMPOSE_BUILD_KEYS, COMPOSE_BUILD_SUPPORTED_KEYS } from './composeKeys';
import type { DockerService, SourceLocation } from './model';
import { isPlainMap, typeName, type Reader } from './Reader';

/** A build context folder to check for existence once loading is done (reading is async; conversion stays synchronous). */
export interface BuildContextCheck {
  service: string;
  path: string;
  at: SourceLocation;
}

export type ComposeBuild = { kind: 'none' } | { kind: 'invalid' } | { kind: 'build'; build: NonNullable<DockerService['build']> };

/**
 * A compose service's `build:`: a folder path, or a map of which `context` and `dockerfile` are
 * honoured. Other build keys (`args`, `target`, ...) are warned about rather than silently dropped;
 * a URL context, or a `build:` that is neither a string nor a map, is an error.
 */
export function composeBuild(name: string, r: Reader, dir: string, checks: BuildContextCheck[]): ComposeBuild {
  if (r.value === undefined) return { kind: 'none' };
  let context: string | undefined;
  let at: SourceLocation;
  let dockerfile: string | undefined;
  if (typeof r.value === 'string') {
    context = r.value;
    at = r.loc;
  } else if (isPlainMap(r.value)) {
    r.checkKeys(COMPOSE_BUILD_KEYS, `\`build\` of \`${name}\``);
    for (const k of r.keys()) {
      if ((COMPOSE_BUILD_SUPPORTED_KEYS as readonly string[]).includes(k) || !(COMPOSE_BUILD_KEYS as readonly string[]).includes(k))
        continue;
      r.child(k).warn(
        'unsupported',
        `\`build.${k}\` in \`${name}\` is not supported yet and is ignored: the image is built from \`context\` and \`dockerfile\` only. Build it yourself (\`docker build\`) and use \`image:\`, or drop the key.`,
        'key',
      );
    }
    const c = r.child('context');
    context = c.value === undefined ? '.' : c.str();
    at = c.value === undefined ? r.keyLoc : c.loc;
    dockerfile = r.child('dockerfile').str();
    if (context === undefined) return { kind: 'invalid' };
  } else {
    r.error(
      'wrong-type',
      `\`${r.name}\` must be a build context folder (\`build: ./app\`) or a map like \`{ context: ./app, dockerfile: Dockerfile.dev }\`, got ${typeName(r.value)}.`,
    );
    return { kind: 'invalid' };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(context)) {
    r.ctx.diags.error(
      'unsupported',
      `\`${name}\` builds from a URL (${context}), which is not supported yet: clone it and point \`build\` at the folder.`,
      at,
    );
    return { kind: 'invalid' };
  }
  const path = posix.resolve(dir, context);
  checks.push({ service: name, path, at });
  return { kind: 'build', build: { context: path, ...(dockerfile ? { dockerfile } : {}) } };
}
