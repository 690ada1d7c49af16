import { posix } from 'node:path';
import { readMonitorConfig, type MonitorSources } from '../alerts/readMonitorConfig';
import type { FileSystem } from '../ports';
import type { BuildContextCheck } from './composeBuild';
import { composeService } from './composeService';
import { DEFAULTS } from './defaults';
import { parseDependsOn } from './parseDependsOn';
import { Diagnostics } from './Diagnostics';
import { discoverComposeFiles } from './discoverComposeFiles';
import type { Lookup } from './interpolate';
import { interpolateTree } from './interpolateTree';
import { loadComposeProject, type ComposeProject } from './loadComposeProject';
import type { LoadResult, ServiceSpec, SourceLocation, StackConfig } from './model';
import { NATIVE_TOP_EXTENSION_KEYS, NATIVE_TOP_KEYS } from './nativeKeys';
import { nativeProfiles } from './nativeProfiles';
import { nativeService, type NativeContext } from './nativeService';
import { dotenvToMap, parseDotenv } from './parseDotenv';
import { parseYaml } from './parseYaml';
import { DEFAULT_MAX_FILE_BYTES, readLimited, type ReadPolicy } from './readLimited';
import { invisibleChars } from './invisibleChars';
import { Reader } from './Reader';
import { validateStack } from './validateStack';
import { toPlain } from './toPlain';

export interface LoadStackOptions {
  /** Absolute folder of the stack. */
  root: string;
  /** Native stack file, relative to root (default `stackpilot.yaml`). */
  configPath?: string;
  /** Compose files relative to root; overrides the native `compose:` list and auto-discovery. */
  composeFiles?: string[];
  /** Process environment, for `${VAR}` interpolation. */
  env: Record<string, string>;
  fs: FileSystem;
  /** Read files the stack names (env files, compose files) even outside `root` (default false). */
  allowOutside?: boolean;
  /** Size cap for the stack, compose and env files (default DEFAULT_MAX_FILE_BYTES). */
  maxFileBytes?: number;
}

/**
 * Loads a stack: `stackpilot.yaml` when it exists (importing the compose files it names), else the
 * compose files docker compose would pick in `root`. Every problem comes back as a located
 * diagnostic; `config` is undefined when there is any error.
 */
export async function loadStack(opts: LoadStackOptions): Promise<LoadResult> {
  const diags = new Diagnostics();
  const root = posix.resolve('/', opts.root);
  const configFile = posix.resolve(root, opts.configPath ?? 'stackpilot.yaml');
  const policy: ReadPolicy = {
    fs: opts.fs,
    root,
    allowOutside: opts.allowOutside ?? false,
    maxBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
  };
  const text = await readLimited(
    policy,
    configFile,
    `The stack file ${posix.basename(configFile)}`,
    { file: configFile, line: 1, column: 1 },
    diags,
    false,
  );
  if (text === 'refused') return { diagnostics: diags.list };
  const native = text === undefined ? undefined : await readNative(configFile, text, root, opts, policy, diags);

  let composeFiles = opts.composeFiles?.map((f) => posix.resolve(root, f));
  let requestedAt: ((f: string) => SourceLocation) | undefined;
  if (!composeFiles && native) {
    const c = native.top.child('compose');
    const list = c.strings({ single: true }) ?? [];
    composeFiles = list.map((f) => posix.resolve(root, f));
    requestedAt = (f) => (Array.isArray(c.value) ? c.child(composeFiles!.indexOf(f)).loc : c.loc);
  }
  if (!composeFiles && !native) {
    const found = await discoverComposeFiles(root, opts.fs);
    composeFiles = found.files;
    for (const other of found.others)
      diags.warn(
        'multiple-compose-files',
        `Found several compose files; using ${posix.basename(found.files[0])} as docker compose does and ignoring ${posix.basename(other)}. Remove one, or list the files under \`compose:\` in stackpilot.yaml.`,
        { file: other, line: 1, column: 1 },
      );
  }
  if (!native && composeFiles!.length === 0) {
    diags.error('no-stack-file', `No stack file in ${root}: create stackpilot.yaml (or compose.yaml / docker-compose.yml).`, {
      file: configFile,
      line: 1,
      column: 1,
    });
    return { diagnostics: diags.list };
  }
  const compose =
    composeFiles!.length > 0
      ? await loadComposeProject(composeFiles!, opts.env, opts.fs, diags, requestedAt, { ...policy, named: !opts.composeFiles })
      : undefined;

  // No prototype: `__proto__`, `constructor` and `toString` are service names like any other, and a
  // lookup of an unknown name never finds Object.prototype's.
  const services = Object.create(null) as Record<string, ServiceSpec>;
  const alertsAt: NonNullable<MonitorSources['services']> = Object.create(null) as NonNullable<MonitorSources['services']>;
  const buildChecks: BuildContextCheck[] = [];
  const invalid = new Set<string>();
  for (const [name, svc] of compose?.services.entries() ?? []) {
    checkName(name, svc);
    const spec = composeService(name, svc, compose!, opts.env.HOME, buildChecks);
    if (spec) services[name] = spec;
    else {
      // Still defined for its dependents (its own errors are reported; no second "not defined" error, and cycles through it are still found).
      services[name] = placeholder(name, svc.keyLoc, svc.isMap ? parseDependsOn(svc.child('depends_on'), true) : []);
      invalid.add(name);
    }
    alertsAt[name] = { index: svc.ctx.index, path: [...svc.path, 'x-stackpilot', 'alerts'] };
  }
  const checks: NativeContext['envFileChecks'] = [];
  if (native) {
    const s = native.top.child('services');
    if (s.value !== undefined && s.value !== null && s.expectMap('a map of service name -> settings')) {
      for (const [name, svc] of s.entries()) {
        checkName(name, svc);
        const spec = nativeService(name, svc, { root, home: opts.env.HOME, base: services[name], envFileChecks: checks });
        if (spec) services[name] = spec;
        else if (diags.hasErrors) {
          services[name] = placeholder(name, svc.keyLoc, services[name]?.dependsOn ?? []);
          invalid.add(name);
        } else delete services[name];
        if (svc.has('alerts')) alertsAt[name] = { index: svc.ctx.index, path: [...svc.path, 'alerts'] };
      }
    }
  }
  for (const c of checks) {
    if ((await readLimited(policy, c.path, `envFile ${c.written}`, c.at, diags)) === undefined)
      diags.warn(
        'missing-env-file',
        `envFile ${c.path} does not exist yet; the service will start without it. Create it or fix the path.`,
        c.at,
      );
  }
  for (const b of buildChecks) {
    // A service stackpilot.yaml replaced or dropped is not built.
    if (services[b.service]?.kind !== 'docker' || (services[b.service] as { build?: { context: string } }).build?.context !== b.path)
      continue;
    if (!(await opts.fs.isDirectory(b.path)))
      diags.error(
        'missing-build-context',
        `The build context of \`${b.service}\`, ${b.path}, is not a folder that exists: create it or fix the path.`,
        b.at,
      );
  }
  const config = buildConfig(root, configFile, native, compose, services, diags, opts.env);
  validateStack(config, diags, invalid);
  // Alert rules and monitoring settings are config like any other: located errors, and no config while they are wrong.
  // Read once, here: the monitor takes it from the config (it used to read the stack file again).
  config.monitoring = readMonitorConfig(config, diags, { ...(native ? { index: native.top.ctx.index } : {}), services: alertsAt });
  return diags.hasErrors ? { diagnostics: diags.list } : { config, diagnostics: diags.list };
}

/** A service that could not be read, kept so the checks across services see it: never run (its errors make the config unusable). */
function placeholder(name: string, location: SourceLocation, dependsOn: ServiceSpec['dependsOn']): ServiceSpec {
  return {
    kind: 'external',
    name,
    location,
    dependsOn,
    restart: DEFAULTS.restart,
    ports: [],
    profiles: [],
    environment: {},
    stopGracePeriod: DEFAULTS.stopGracePeriod,
    extensions: {},
  };
}

/** A service name with invisible, bidi or control characters looks like another name: an error naming them. */
function checkName(name: string, svc: Reader): void {
  const bad = invisibleChars(name);
  if (bad.length > 0)
    svc.error(
      'bad-service-name',
      `The service name written here holds ${bad.length === 1 ? 'a character' : 'characters'} that cannot be seen or that reorder text: ${bad.join(', ')}. It would look like another name: use letters, digits, - and _ only.`,
      'key',
    );
}

interface NativeFile {
  top: Reader;
}

async function readNative(
  file: string,
  text: string,
  root: string,
  opts: LoadStackOptions,
  policy: ReadPolicy,
  diags: Diagnostics,
): Promise<NativeFile | undefined> {
  const parsed = parseYaml(file, text, diags);
  const top = new Reader({ index: parsed.index, diags }, [], parsed.value ?? {});
  if (parsed.value === undefined) return { top };
  if (!top.expectMap('a stack file: a map with `services:`')) return { top: new Reader(top.ctx, [], {}) };
  top.checkKeys(NATIVE_TOP_KEYS, posix.basename(file));
  interpolateTree(
    parsed.value,
    parsed.index,
    await envLookup(root, opts, policy, diags),
    diags,
    (p) => p.length === 1 && String(p[0]).startsWith('x-'),
  );
  return { top };
}

/** Interpolation variables for the native file: the process env, then `.env` beside it. */
async function envLookup(root: string, opts: LoadStackOptions, policy: ReadPolicy, diags: Diagnostics): Promise<Lookup> {
  const path = posix.join(root, '.env');
  const text = await readLimited(policy, path, 'The .env file', { file: path, line: 1, column: 1 }, diags);
  let dotenv: Record<string, string> = {};
  if (typeof text === 'string') {
    const parsed = parseDotenv(text, (n) => opts.env[n]);
    for (const p of parsed.problems) diags.error('bad-env-file', `${p.message}.`, { file: path, line: p.line, column: p.column });
    dotenv = dotenvToMap(parsed.entries, () => undefined);
  }
  return (n) =>
    Object.prototype.hasOwnProperty.call(opts.env, n)
      ? opts.env[n]
      : Object.prototype.hasOwnProperty.call(dotenv, n)
        ? dotenv[n]
        : undefined;
}

function buildConfig(
  root: string,
  configFile: string,
  native: NativeFile | undefined,
  compose: ComposeProject | undefined,
  services: Record<string, ServiceSpec>,
  diags: Diagnostics,
  env: Record<string, string>,
): StackConfig {
  const top = native?.top;
  const tags = [...new Set(Object.values(services).flatMap((s) => s.profiles))];
  const { profiles, defaultProfile } = top ? nativeProfiles(top, Object.keys(services), tags) : { profiles: {}, defaultProfile: undefined };
  const extensions: Record<string, unknown> = {};
  for (const k of top?.keys() ?? [])
    if ((NATIVE_TOP_EXTENSION_KEYS as readonly string[]).includes(k) || k.startsWith('x-')) extensions[k] = toPlain(top!.child(k).value);
  const name = top?.child('name').str() ?? compose?.name ?? posix.basename(root);
  const envProfiles = (compose ? compose.lookup('COMPOSE_PROFILES') : env.COMPOSE_PROFILES)?.trim();
  if (Object.keys(services).length === 0 && !diags.hasErrors) {
    diags.warn(
      'no-services',
      `The stack defines no services: add some under \`services:\`${compose ? '' : ' or import a compose file with `compose: [docker-compose.yml]`'}.`,
      top ? top.keyLoc : { file: compose?.files[0] ?? configFile, line: 1, column: 1 },
    );
  }
  return {
    name,
    root,
    files: [...(native ? [configFile] : []), ...(compose?.files ?? [])],
    services,
    profiles,
    ...(defaultProfile !== undefined ? { defaultProfile } : {}),
    ...(envProfiles ? { envProfiles } : {}),
    extensions,
  };
}
