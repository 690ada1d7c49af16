import { composeBuild, type BuildContextCheck } from './composeBuild';
import { COMPOSE_MAPPED_KEYS, COMPOSE_SERVICE_KEYS } from './composeKeys';
import { composeEnvironment } from './composeEnvironment';
import { composeFileMounts } from './composeFileMounts';
import { composeHealthcheck } from './composeHealthcheck';
import { composeServiceNetworks } from './composeNetworks';
import { DEFAULTS } from './defaults';
import type { ComposeProject } from './loadComposeProject';
import type { DockerService, VolumeMount } from './model';
import { composeDevelopWatch } from './composeDevelop';
import { parseDependsOn } from './parseDependsOn';
import { parseHealth } from './parseHealth';
import { parsePorts } from './parsePorts';
import { parseRestart } from './parseRestart';
import { parseVolume } from './parseVolumes';
import { isPlainMap, type Reader } from './Reader';
import { toPlain } from './toPlain';

export const X_STACKPILOT_KEYS = ['health', 'memory', 'alerts', 'restart', 'stopGracePeriod'] as const;

/**
 * One compose service as a DockerService with compose semantics: `health` mirrors the compose
 * healthcheck as an exec probe inside the container, unless `x-stackpilot.health` gives a probe.
 * Valid compose keys that the model does not cover go to `extensions.compose` untouched, for the
 * docker runner; `x-stackpilot` settings go to `extensions` (and `health`, `memoryMb`, `restart`).
 */
export function composeService(
  name: string,
  svc: Reader,
  project: ComposeProject,
  home: string | undefined,
  buildChecks: BuildContextCheck[] = [],
): DockerService | undefined {
  const diags = svc.ctx.diags;
  if (!svc.expectMap('a map of service settings (`image`, `ports`, ...)')) return undefined;
  svc.checkKeys(COMPOSE_SERVICE_KEYS, `compose service \`${name}\``);
  const str = (k: string) => svc.child(k).str(true);
  const built = composeBuild(name, svc.child('build'), project.dir, buildChecks);
  const build = built.kind === 'build' ? built.build : undefined;
  // docker compose v2 names a build-only service's image `<project>-<service>`.
  const image = str('image') ?? (build ? `${project.name}-${name}` : undefined);
  if (built.kind === 'invalid') return undefined;
  if (!image) {
    svc.error(
      'no-image',
      `Compose service \`${name}\` has neither \`image\` nor \`build\`: add \`image: NAME:TAG\` or \`build: ./folder\`.`,
      'key',
    );
    return undefined;
  }
  const { declared, health: mirrored } = composeHealthcheck(svc.child('healthcheck'));
  if (declared && declared.test.length === 0 && !declared.disable) {
    svc
      .child('healthcheck')
      .ctx.diags.info(
        'image-healthcheck',
        `\`${name}\` uses its image's own HEALTHCHECK, which Stackpilot cannot read from the file: health comes from docker's container status. To probe it directly, add \`x-stackpilot: { health: { tcp: "127.0.0.1:PORT" } }\`.`,
        svc.child('healthcheck').keyLoc,
      );
  }
  const x = svc.child('x-stackpilot');
  const extensions: Record<string, unknown> = {};
  if (x.value !== undefined && x.expectMap('a map of Stackpilot settings (`health`, `alerts`, `memory`, ...)')) {
    x.checkKeys(X_STACKPILOT_KEYS, '`x-stackpilot`', 'warning');
    for (const [k, v] of x.entries()) if (!['health', 'memory', 'restart', 'stopGracePeriod'].includes(k)) extensions[k] = toPlain(v.value);
  }
  const passthrough = Object.fromEntries(
    svc
      .keys()
      .filter(
        (k) =>
          !(COMPOSE_MAPPED_KEYS as readonly string[]).includes(k) &&
          !k.startsWith('x-') &&
          (COMPOSE_SERVICE_KEYS as readonly string[]).includes(k),
      )
      .map((k) => [k, toPlain((svc.value as Record<string, unknown>)[k])]),
  );
  if (Object.keys(passthrough).length > 0) extensions.compose = passthrough;

  const limits = svc.child('deploy').child('resources').child('limits');
  const reservations = svc.child('deploy').child('resources').child('reservations');
  const memLimit = svc.child('mem_limit').bytes() ?? limits.child('memory').bytes();
  const reserved = reservations.child('memory').bytes() ?? svc.child('mem_reservation').bytes();
  const xMemory = x.child('memory').bytes();
  const cpus = svc.child('cpus').num({ coerce: true, min: 0 }) ?? limits.child('cpus').num({ coerce: true, min: 0 });
  const restartR = x.has('restart') ? x.child('restart') : svc.child('restart');
  const spec: DockerService = {
    kind: 'docker',
    name,
    location: svc.keyLoc,
    image,
    dependsOn: parseDependsOn(svc.child('depends_on'), true),
    restart: parseRestart(restartR),
    ports: (svc.child('ports').list() ?? []).flatMap((p) => parsePorts(p, DEFAULTS.composeBindHost, true)),
    profiles: svc.child('profiles').strings() ?? [],
    environment: composeEnvironment(svc, project.dir, project.lookup, project.envFiles, diags),
    stopGracePeriod:
      (x.has('stopGracePeriod') ? x.child('stopGracePeriod') : svc.child('stop_grace_period')).duration() ?? DEFAULTS.stopGracePeriod,
    extensions,
    volumes: [
      ...(svc.child('volumes').list() ?? []).map((v) => parseVolume(v, project.dir, home)).filter((v): v is VolumeMount => v !== undefined),
      ...composeFileMounts('secrets', name, svc.child('secrets'), project.secrets, project.dir, project.missingFiles),
      ...composeFileMounts('configs', name, svc.child('configs'), project.configs, project.dir, project.missingFiles),
    ],
    labels: labels(svc.child('labels')),
    composeProject: project.name,
  };
  const health = x.has('health') ? parseHealth(x.child('health'), 'docker') : mirrored;
  const optional: Partial<DockerService> = {
    build,
    command: commandOf(svc.child('command')),
    entrypoint: commandOf(svc.child('entrypoint')),
    containerName: str('container_name'),
    memLimitBytes: memLimit,
    memoryMb: xMemory !== undefined ? xMemory / 2 ** 20 : reserved !== undefined ? reserved / 2 ** 20 : undefined,
    cpus,
    health,
    composeHealthcheck: declared,
    developWatch: composeDevelopWatch(svc.child('develop'), project.dir),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (spec as unknown as Record<string, unknown>)[k] = v;
  applyNetworking(spec, svc, project);
  return spec;
}

/** `network_mode` or `networks` (exclusive, as in compose); `service:<name>` also waits for that service to start. */
function applyNetworking(spec: DockerService, svc: Reader, project: ComposeProject): void {
  const mode = svc.child('network_mode').str();
  if (mode === undefined) {
    spec.networks = composeServiceNetworks(spec.name, svc.child('networks'), project.networks);
    return;
  }
  if (svc.has('networks'))
    svc
      .child('networks')
      .error('conflicting-keys', `\`${spec.name}\` has both \`network_mode\` and \`networks\`, which exclude each other: keep one.`, 'key');
  spec.networkMode = mode;
  const other = /^service:(.*)$/.exec(mode)?.[1];
  if (other === undefined) return;
  if (other === '' || other === spec.name) {
    svc.child('network_mode').error('wrong-value', `\`network_mode: ${mode}\` must name another service of this project.`);
    return;
  }
  if (!spec.dependsOn.some((d) => d.service === other))
    spec.dependsOn.push({ service: other, condition: 'started', required: true, location: svc.child('network_mode').loc });
}

function commandOf(r: Reader): string[] | string | undefined {
  if (r.value === undefined || r.value === null) return undefined;
  if (Array.isArray(r.value)) return r.strings({ coerce: true });
  return r.str(true);
}

function labels(r: Reader): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(r.value)) {
    for (const s of r.strings({ coerce: true }) ?? []) {
      const eq = s.indexOf('=');
      out[eq < 0 ? s : s.slice(0, eq)] = eq < 0 ? '' : s.slice(eq + 1);
    }
  } else if (isPlainMap(r.value)) {
    for (const [k, v] of r.entries()) out[k] = v.str(true) ?? '';
  }
  return out;
}
