import { posix } from 'node:path';
import type { FileSystem } from '../ports';
import { COMPOSE_TOP_KEYS } from './composeKeys';
import type { Diagnostics } from './Diagnostics';
import type { Lookup } from './interpolate';
import { coerceComposeScalars } from './coerceComposeScalars';
import { interpolateTree } from './interpolateTree';
import { mergeCompose } from './mergeCompose';
import { resolveExtends, type LoadServices, type ServicesSource } from './resolveExtends';
import { resolveInclude, type ReadCompose } from './resolveInclude';
import type { NetworkDef, SourceLocation } from './model';
import { composeNetworkDefs } from './composeNetworks';
import { dotenvToMap, parseDotenv } from './parseDotenv';
import { parseYaml } from './parseYaml';
import { dropResets } from './composeTags';
import { DEFAULT_MAX_FILE_BYTES, isInside, readLimited, type ReadPolicy } from './readLimited';
import { normalizeProjectName } from './projectName';
import { isPlainMap, Reader, type Plain } from './Reader';
import { SourceIndex } from './SourceIndex';

export interface ComposeProject {
  name: string;
  /** Folder of the first compose file: relative paths and `.env` resolve against it. */
  dir: string;
  files: string[];
  /** The merged, interpolated `services` map and where each part of it is written. */
  services: Reader;
  /** Variables for `environment: [NAME]` entries: the process env, then the project's `.env`. */
  lookup: Lookup;
  /** Text of every `env_file` the services name (undefined = missing, `refused` = not read, already reported), read up front so conversion stays synchronous. */
  envFiles: Map<string, string | undefined | 'refused'>;
  /** Top-level `networks:`, with the implicit `default`. */
  networks: Map<string, NetworkDef>;
  /** Top-level `secrets:` and `configs:`, and the files they name that do not exist. */
  secrets: Reader;
  configs: Reader;
  missingFiles: Set<string>;
}

/**
 * Reads compose files as `docker compose -f a.yml -f b.yml` does: the project `.env`, YAML with
 * anchors and merge keys, interpolation per file, then override merging in order.
 * `requestedAt` locates errors about a file that cannot be read (the native `compose:` entry).
 * Files are read within `policy` (regular files, size-capped; `env_file`s, and the compose files
 * when `named` by a stack file, inside the stack's folder unless allowed).
 */
export async function loadComposeProject(
  files: string[],
  env: Record<string, string>,
  fs: FileSystem,
  diags: Diagnostics,
  requestedAt?: (file: string) => SourceLocation,
  policy?: ReadPolicy & { named: boolean },
): Promise<ComposeProject | undefined> {
  const dir = posix.dirname(files[0]);
  const reading = policy ?? { fs, root: dir, allowOutside: false, maxBytes: DEFAULT_MAX_FILE_BYTES, named: false };
  const dotenvPath = posix.join(dir, '.env');
  const dotenvText = await readLimited(
    reading,
    dotenvPath,
    'The .env file',
    { file: dotenvPath, line: 1, column: 1 },
    diags,
    isInside(reading.root, dotenvPath),
  );
  let dotenv: Record<string, string> = {};
  if (typeof dotenvText === 'string') {
    const parsed = parseDotenv(dotenvText, (n) => env[n]);
    for (const p of parsed.problems) diags.error('bad-env-file', `${p.message}.`, { file: dotenvPath, line: p.line, column: p.column });
    dotenv = dotenvToMap(parsed.entries, () => undefined);
  }
  const lookup: Lookup = (n) =>
    Object.prototype.hasOwnProperty.call(env, n) ? env[n] : Object.prototype.hasOwnProperty.call(dotenv, n) ? dotenv[n] : undefined;
  let merged: Plain | undefined;
  const index = new SourceIndex({ file: files[0], line: 1, column: 1 });
  for (const file of files) {
    const at = requestedAt?.(file) ?? { file, line: 1, column: 1 };
    const text = await readLimited(reading, file, `Compose file ${posix.basename(file)}`, at, diags, reading.named);
    if (text === 'refused') continue;
    if (text === undefined) {
      diags.error(
        'missing-file',
        `Compose file ${file} does not exist. Fix the path, or remove it from the list of compose files.`,
        requestedAt?.(file) ?? { file, line: 1, column: 1 },
      );
      continue;
    }
    const parsed = parseYaml(file, text, diags, { composeTags: true });
    if (parsed.value === undefined || parsed.value === null) continue;
    const top = new Reader({ index: parsed.index, diags }, [], parsed.value);
    if (!top.expectMap('a compose file: a map with `services:`')) continue;
    top.checkKeys(COMPOSE_TOP_KEYS, `compose file ${posix.basename(file)}`);
    interpolateTree(parsed.value, parsed.index, lookup, diags, (p) => p.length === 1 && String(p[0]).startsWith('x-'));
    coerceComposeScalars(parsed.value);
    if (top.has('include')) await resolveInclude(parsed.value as Plain, parsed.index, file, includeReader(lookup, reading, diags), diags);
    if (merged === undefined) {
      merged = parsed.value as Plain;
      index.copy([], [], parsed.index);
    } else {
      mergeCompose(merged, parsed.value as Plain, index, parsed.index);
    }
  }
  if (merged === undefined) return undefined;
  dropResets(merged);
  if (isPlainMap(merged.services))
    await resolveExtends({ file: files[0], dir, services: merged.services, index }, extendsLoader(lookup, reading, diags), diags);
  const ctx = { index, diags };
  const root = new Reader(ctx, [], merged);
  const services = root.child('services');
  if (services.value !== undefined && services.value !== null) services.expectMap('a map of service name -> settings');
  const named = root.child('name').str(true);
  // As docker compose: COMPOSE_PROJECT_NAME (environment, then `.env`) over the top-level `name:`, over the folder's name.
  const name = normalizeProjectName(lookup('COMPOSE_PROJECT_NAME') || named || posix.basename(dir)) || 'default';
  const networks = composeNetworkDefs(root.child('networks'));
  const secrets = root.child('secrets');
  const configs = root.child('configs');
  const missingFiles = new Set<string>();
  for (const top of [secrets, configs]) {
    if (top.value !== undefined && top.value !== null && !top.expectMap('a map of name -> `{ file: PATH }`')) continue;
    for (const [, def] of top.entries()) {
      const file = isPlainMap(def.value) && typeof def.value.file === 'string' ? posix.resolve(dir, def.value.file) : undefined;
      if (
        file &&
        !(await fs.isDirectory(file)) &&
        (await readLimited(
          reading,
          file,
          `${top.name.slice(0, -1)} file ${def.child('file').value as string}`,
          def.child('file').loc,
          diags,
        )) === undefined
      ) {
        missingFiles.add(file);
        def
          .child('file')
          .warn(
            'missing-file',
            `${top.name.slice(0, -1)} \`${def.path[1]}\` names ${file}, which does not exist yet: services start without it. Create it or fix the path.`,
          );
      }
    }
  }
  return {
    name,
    dir,
    files,
    services: isPlainMap(services.value) ? services : new Reader(ctx, ['services'], {}),
    lookup,
    envFiles: await readEnvFiles(services, dir, reading, diags),
    networks,
    secrets,
    configs,
    missingFiles,
  };
}

/** Reads a file an `include` names: parsed and interpolated like the project's own files. */
function includeReader(lookup: Lookup, reading: ReadPolicy, diags: Diagnostics): ReadCompose {
  return async (file, at) => {
    const text = await readLimited(reading, file, `\`include\` ${posix.basename(file)}`, at, diags);
    if (text === 'refused') return undefined;
    if (text === undefined) {
      diags.error('missing-file', `\`include\` names ${file}, which does not exist. Fix the path.`, at);
      return undefined;
    }
    const parsed = parseYaml(file, text, diags, { composeTags: true });
    if (parsed.value === undefined || parsed.value === null) return undefined;
    const top = new Reader({ index: parsed.index, diags }, [], parsed.value);
    if (!top.expectMap('a compose file: a map with `services:`')) return undefined;
    top.checkKeys(COMPOSE_TOP_KEYS, `compose file ${posix.basename(file)}`);
    interpolateTree(parsed.value, parsed.index, lookup, diags, (p) => p.length === 1 && String(p[0]).startsWith('x-'));
    coerceComposeScalars(parsed.value);
    return { value: parsed.value as Plain, index: parsed.index };
  };
}

/** Reads the files `extends.file` names (each once): parsed and interpolated like the project's own files. */
function extendsLoader(lookup: Lookup, reading: ReadPolicy, diags: Diagnostics): LoadServices {
  const cache = new Map<string, Promise<ServicesSource | undefined>>();
  const read = async (file: string, at: SourceLocation): Promise<ServicesSource | undefined> => {
    const text = await readLimited(reading, file, `\`extends\` file ${posix.basename(file)}`, at, diags);
    if (text === 'refused') return undefined;
    if (text === undefined) {
      diags.error('missing-file', `\`extends\` names ${file}, which does not exist. Fix the path.`, at);
      return undefined;
    }
    const parsed = parseYaml(file, text, diags, { composeTags: true });
    if (!isPlainMap(parsed.value) || !isPlainMap(parsed.value.services)) {
      if (parsed.value !== undefined)
        diags.error('bad-extends', `${file} has no \`services:\` map for \`extends\` to take a service from.`, at);
      return undefined;
    }
    interpolateTree(parsed.value, parsed.index, lookup, diags, (p) => p.length === 1 && String(p[0]).startsWith('x-'));
    coerceComposeScalars(parsed.value);
    dropResets(parsed.value); // nothing before it to reset: left out, as in a single file
    return { file, dir: posix.dirname(file), services: parsed.value.services, index: parsed.index };
  };
  return (file, at) => {
    let p = cache.get(file);
    if (!p) cache.set(file, (p = read(file, at)));
    return p;
  };
}

async function readEnvFiles(
  services: Reader,
  dir: string,
  policy: ReadPolicy,
  diags: Diagnostics,
): Promise<Map<string, string | undefined | 'refused'>> {
  const out = new Map<string, string | undefined | 'refused'>();
  for (const [, svc] of services.entries()) {
    const files = svc.child('env_file');
    const list = files.value === undefined || files.value === null ? [] : Array.isArray(files.value) ? files.items() : [files];
    for (const item of list) {
      const r = item.isMap ? item.child('path') : item;
      if (typeof r.value !== 'string') continue;
      const abs = posix.resolve(dir, r.value);
      if (!out.has(abs)) out.set(abs, await readLimited(policy, abs, `env_file ${r.value}`, r.loc, diags));
    }
  }
  return out;
}
