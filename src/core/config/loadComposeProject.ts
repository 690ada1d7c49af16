import { posix } from 'node:path';
import type { FileSystem } from '../ports';
import { COMPOSE_TOP_KEYS } from './composeKeys';
import type { Diagnostics } from './Diagnostics';
import type { Lookup } from './interpolate';
import { interpolateTree } from './interpolateTree';
import { mergeCompose } from './mergeCompose';
import type { SourceLocation } from './model';
import { dotenvToMap, parseDotenv } from './parseDotenv';
import { parseYaml } from './parseYaml';
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
}

/**
 * Reads compose files as `docker compose -f a.yml -f b.yml` does: the project `.env`, YAML with
 * anchors and merge keys, interpolation per file, then override merging in order.
 * `requestedAt` locates errors about a file that cannot be read (the native `compose:` entry).
 * Files are read within `policy` (regular files, size-capped; `env_file`s, and the compose files
 * when `named` by a stack file, inside the stack's folder unless allowed).
 */
export async function loadComposeProject(files: string[], env: Record<string, string>, fs: FileSystem, diags: Diagnostics, requestedAt?: (file: string) => SourceLocation, policy?: ReadPolicy & { named: boolean }): Promise<ComposeProject | undefined> {
  const dir = posix.dirname(files[0]);
  const reading = policy ?? { fs, root: dir, allowOutside: false, maxBytes: DEFAULT_MAX_FILE_BYTES, named: false };
  const dotenvPath = posix.join(dir, '.env');
  const dotenvText = await readLimited(reading, dotenvPath, 'The .env file', { file: dotenvPath, line: 1, column: 1 }, diags, isInside(reading.root, dotenvPath));
  let dotenv: Record<string, string> = {};
  if (typeof dotenvText === 'string') {
    const parsed = parseDotenv(dotenvText, (n) => env[n]);
    for (const p of parsed.problems) diags.error('bad-env-file', `${p.message}.`, { file: dotenvPath, line: p.line, column: p.column });
    dotenv = dotenvToMap(parsed.entries, () => undefined);
  }
  const lookup: Lookup = (n) => (Object.prototype.hasOwnProperty.call(env, n) ? env[n] : Object.prototype.hasOwnProperty.call(dotenv, n) ? dotenv[n] : undefined);
  let merged: Plain | undefined;
  const index = new SourceIndex({ file: files[0], line: 1, column: 1 });
  for (const file of files) {
    const at = requestedAt?.(file) ?? { file, line: 1, column: 1 };
    const text = await readLimited(reading, file, `Compose file ${posix.basename(file)}`, at, diags, reading.named);
    if (text === 'refused') continue;
    if (text === undefined) {
      diags.error('missing-file', `Compose file ${file} does not exist. Fix the path, or remove it from the list of compose files.`, requestedAt?.(file) ?? { file, line: 1, column: 1 });
      continue;
    }
    const parsed = parseYaml(file, text, diags);
    if (parsed.value === undefined || parsed.value === null) continue;
    const top = new Reader({ index: parsed.index, diags }, [], parsed.value);
    if (!top.expectMap('a compose file: a map with `services:`')) continue;
    top.checkKeys(COMPOSE_TOP_KEYS, `compose file ${posix.basename(file)}`);
    if (top.has('include')) top.child('include').warn('unsupported', '`include` is not supported yet: the included files are not read. List them as compose files instead (`compose: [a.yml, b.yml]` in stackpilot.yaml).', 'key');
    interpolateTree(parsed.value, parsed.index, lookup, diags, (p) => p.length === 1 && String(p[0]).startsWith('x-'));
    if (merged === undefined) {
      merged = parsed.value as Plain;
      index.copy([], [], parsed.index);
    } else {
      mergeCompose(merged, parsed.value as Plain, index, parsed.index);
    }
  }
  if (merged === undefined) return undefined;
  const ctx = { index, diags };
  const root = new Reader(ctx, [], merged);
  const services = root.child('services');
  if (services.value !== undefined && services.value !== null) services.expectMap('a map of service name -> settings');
  const named = root.child('name').str(true);
  const name = normalizeProjectName(named || lookup('COMPOSE_PROJECT_NAME') || posix.basename(dir)) || 'default';
  return { name, dir, files, services: isPlainMap(services.value) ? services : new Reader(ctx, ['services'], {}), lookup, envFiles: await readEnvFiles(services, dir, reading, diags) };
}

async function readEnvFiles(services: Reader, dir: string, policy: ReadPolicy, diags: Diagnostics): Promise<Map<string, string | undefined | 'refused'>> {
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
