import { posix } from 'node:path';
import { DEFAULTS } from './defaults';
import type { DockerService, PortSpec, ServiceSpec, SourceLocation, VolumeMount } from './model';
import { NATIVE_DOCKER_ONLY_KEYS, NATIVE_PROCESS_ONLY_KEYS, NATIVE_SERVICE_KEYS } from './nativeKeys';
import { parseDependsOn } from './parseDependsOn';
import { parseHealth } from './parseHealth';
import { parsePorts } from './parsePorts';
import { parseRestart } from './parseRestart';
import { parseVolume } from './parseVolumes';
import { parseRestartWith, parseWatch } from './parseWatch';
import { isPlainMap, type Reader } from './Reader';
import { looksLikeShell, splitCommand } from './splitCommand';
import { setOwn, toPlain } from './toPlain';

export interface NativeContext {
  root: string;
  home?: string;
  /** The compose service of the same name, when there is one. */
  base?: ServiceSpec;
  /** Env files to check for existence afterwards (reading is async; this stays synchronous). */
  envFileChecks: { path: string; written: string; at: SourceLocation }[];
}

/**
 * One service of stackpilot.yaml. The kind follows from the keys: `external: true` -> external,
 * `image` -> docker, `command` / `argv` -> a local process.
 *
 * Same name as a compose service: an entry with `command`, `argv` or `external` replaces the compose
 * service (e.g. run the API as a local process instead of its container); any other entry is an
 * overlay on it: the keys it writes win (`env` and `labels` merge by name, `dependsOn` by service),
 * everything else keeps its compose value and compose semantics.
 */
export function nativeService(name: string, r: Reader, ctx: NativeContext): ServiceSpec | undefined {
  if (r.value === null && ctx.base) return ctx.base;
  if (!r.expectMap('a map of service settings (`command`, `image` or `external`, ...)')) return undefined;
  r.checkKeys(NATIVE_SERVICE_KEYS, `service \`${name}\``);
  const external = r.child('external').bool() === true;
  const runs = r.has('command') || r.has('argv');
  const overlay = ctx.base?.kind === 'docker' && !external && !runs ? ctx.base : undefined;
  const kind = external ? 'external' : r.has('image') || overlay ? 'docker' : runs ? 'process' : undefined;
  if (!kind) {
    r.error(
      'nothing-to-run',
      `Service \`${name}\` has nothing to run: add \`command: ...\` (a local process), \`image: ...\` (a container) or \`external: true\` (only health-checked).`,
      'key',
    );
    return undefined;
  }
  const misplaced =
    kind === 'docker'
      ? NATIVE_PROCESS_ONLY_KEYS
      : kind === 'process'
        ? NATIVE_DOCKER_ONLY_KEYS
        : [...NATIVE_PROCESS_ONLY_KEYS, ...NATIVE_DOCKER_ONLY_KEYS, 'command', 'image'];
  for (const k of misplaced) {
    if (r.has(k))
      r.child(k).error(
        'wrong-kind',
        `\`${k}\` does not apply to ${kind} service \`${name}\` (a ${kind} service because of ${kindReason(kind, !!overlay)}): remove it.`,
        'key',
      );
  }
  const env = environment(r.child('env'));
  const ports = (r.child('ports').list() ?? [])
    .flatMap((p) => parsePorts(p, DEFAULTS.nativeBindHost, false))
    .map((p): PortSpec => (kind === 'docker' && p.target === undefined ? { ...p, target: p.port } : p));
  const memory = r.child('memory').bytes();
  const extensions: Record<string, unknown> = { ...(overlay?.extensions ?? {}) };
  for (const k of r.keys()) if (k === 'alerts' || k.startsWith('x-')) extensions[k] = toPlain((r.value as Record<string, unknown>)[k]);
  const base = {
    name,
    location: r.keyLoc,
    dependsOn: mergeDeps(overlay?.dependsOn ?? [], r.has('dependsOn') ? parseDependsOn(r.child('dependsOn'), false) : []),
    restart: r.has('restart') || !overlay ? parseRestart(r.child('restart')) : overlay.restart,
    ports: r.has('ports') || !overlay ? ports : overlay.ports,
    profiles: r.has('profiles') ? (r.child('profiles').strings({ single: true }) ?? []) : (overlay?.profiles ?? []),
    environment: { ...(overlay?.environment ?? {}), ...env },
    stopGracePeriod: r.child('stopGracePeriod').duration() ?? overlay?.stopGracePeriod ?? DEFAULTS.stopGracePeriod,
    extensions,
    ...(r.has('restartWith')
      ? { restartWith: parseRestartWith(r.child('restartWith')) ?? [] }
      : overlay?.restartWith
        ? { restartWith: overlay.restartWith }
        : {}),
  };
  const health = r.has('health') ? parseHealth(r.child('health'), kind) : overlay?.health;
  const memoryMb = memory !== undefined ? memory / 2 ** 20 : overlay?.memoryMb;
  const common = { ...base, ...(health ? { health } : {}), ...(memoryMb !== undefined ? { memoryMb } : {}) };
  if (kind === 'external') return { kind, ...common };
  if (kind === 'docker') return dockerService(r, common, overlay);
  return processService(name, r, common, ctx);
}

function kindReason(kind: string, overlay: boolean): string {
  if (kind === 'external') return '`external: true`';
  if (kind === 'docker') return overlay ? 'its compose definition' : '`image`';
  return '`command` / `argv`';
}

function processService(name: string, r: Reader, common: Omit<ServiceSpec, 'kind'>, ctx: NativeContext): ServiceSpec | undefined {
  const shell = r.child('shell').bool() ?? false;
  const cmd = r.child('command');
  const argvR = r.child('argv');
  if (r.has('command') && r.has('argv')) {
    argvR.error(
      'conflicting-keys',
      `Service \`${name}\` has both \`command\` and \`argv\`: keep one (\`command\` is a string, \`argv\` a list of arguments).`,
      'key',
    );
    return undefined;
  }
  let command: string | undefined;
  let argv: string[] | undefined;
  if (r.has('argv')) argv = argvR.strings({ coerce: true });
  else if (Array.isArray(cmd.value)) argv = cmd.strings({ coerce: true });
  else {
    const text = cmd.str(true);
    if (text === undefined) return undefined;
    if (shell) command = text;
    else {
      const split = splitCommand(text);
      if ('error' in split) {
        cmd.error(
          'bad-command',
          `\`${cmd.name}\` has an ${split.error}: close the quote, or set \`shell: true\` to run it through a shell.`,
        );
        return undefined;
      }
      argv = split.argv;
      if (looksLikeShell(text))
        cmd.warn(
          'shell-syntax',
          `\`${cmd.name}\` uses shell syntax (pipes, &&, redirects, $VAR or globs) but runs without a shell, so it is passed literally: add \`shell: true\`, or write \`argv: [...]\`.`,
        );
    }
  }
  if (argv !== undefined && argv.length === 0) {
    (r.has('argv') ? argvR : cmd).error(
      'bad-command',
      `\`${name}\` has an empty command: write the program and its arguments, e.g. \`command: npm run dev\`.`,
    );
    return undefined;
  }
  const envFiles = (r.child('envFile').strings({ single: true }) ?? []).map((f, i) => {
    const path = posix.resolve(ctx.root, f);
    const at = Array.isArray(r.child('envFile').value) ? r.child('envFile').child(i).loc : r.child('envFile').loc;
    ctx.envFileChecks.push({ path, written: f, at });
    return path;
  });
  const envFromR = r.child('envFrom');
  let envFrom: { command: string } | undefined;
  if (envFromR.value !== undefined && envFromR.expectMap('a map like `{ command: "doppler secrets download --no-file --format env" }`')) {
    envFromR.checkKeys(['command'], `\`${envFromR.name}\``);
    const c = envFromR.child('command').str();
    if (c) envFrom = { command: c };
    else if (!envFromR.has('command'))
      envFromR.error('wrong-value', `\`${envFromR.name}\` needs \`command\`: the command that prints dotenv text.`, 'key');
  }
  const cwd = posix.resolve(ctx.root, r.child('cwd').str() ?? '.');
  const watch = parseWatch(r.child('watch'), cwd);
  return {
    kind: 'process',
    ...common,
    ...(command !== undefined ? { command } : { argv }),
    shell,
    cwd,
    envFiles,
    ...(envFrom ? { envFrom } : {}),
    ...(watch ? { watch } : {}),
  };
}

function dockerService(
  r: Reader,
  common: Omit<DockerService, 'kind' | 'image' | 'volumes' | 'labels'>,
  overlay: DockerService | undefined,
): DockerService | undefined {
  const imageR = r.child('image');
  const written = imageR.str();
  if (written !== undefined && !written.trim()) {
    // `image: ""`, or `image: ${IMG}` with IMG unset: the service must not silently vanish from the stack.
    imageR.error('no-image', `\`${imageR.name}\` is empty: name the image to run, e.g. \`image: redis:7\`.`);
    return undefined;
  }
  const image = written ?? overlay?.image;
  if (!image) return undefined;
  const spec: DockerService = {
    ...(overlay ?? {}),
    ...common,
    kind: 'docker',
    image,
    volumes: r.has('volumes')
      ? (r.child('volumes').list() ?? [])
          .map((v) => parseVolume(v, posix.dirname(common.location.file), undefined))
          .filter((v): v is VolumeMount => v !== undefined)
      : (overlay?.volumes ?? []),
    labels: { ...(overlay?.labels ?? {}), ...environment(r.child('labels')) },
  };
  const cmd = r.child('command');
  if (cmd.value !== undefined) spec.command = Array.isArray(cmd.value) ? cmd.strings({ coerce: true }) : cmd.str(true);
  const ep = r.child('entrypoint');
  if (ep.value !== undefined) spec.entrypoint = Array.isArray(ep.value) ? ep.strings({ coerce: true }) : ep.str(true);
  const set = <K extends keyof DockerService>(k: K, v: DockerService[K] | undefined) => {
    if (v !== undefined) spec[k] = v;
  };
  set('networkMode', r.child('networkMode').str());
  set('containerName', r.child('containerName').str());
  set('cpus', r.child('cpus').num({ coerce: true, min: 0 }));
  set('memLimitBytes', r.child('memLimit').bytes());
  return spec;
}

/** `env` / `labels`: a map of scalars, or a `KEY=value` list. */
function environment(r: Reader): Record<string, string> {
  const out: Record<string, string> = {};
  if (r.value === undefined || r.value === null) return out;
  if (Array.isArray(r.value)) {
    for (const s of r.strings({ coerce: true }) ?? []) {
      const eq = s.indexOf('=');
      setOwn(out, eq < 0 ? s : s.slice(0, eq), eq < 0 ? '' : s.slice(eq + 1));
    }
  } else if (isPlainMap(r.value)) {
    for (const [k, v] of r.entries()) {
      const s = v.value === null ? '' : v.str(true);
      if (s !== undefined) setOwn(out, k, s);
    }
  } else {
    r.error('wrong-type', `\`${r.name}\` must be a map (\`KEY: value\`) or a list (\`- KEY=value\`), got ${typeof r.value}.`);
  }
  return out;
}

function mergeDeps<T extends { service: string }>(base: T[], over: T[]): T[] {
  const names = new Set(over.map((d) => d.service));
  return [...base.filter((d) => !names.has(d.service)), ...over];
}
