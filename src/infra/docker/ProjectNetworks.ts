import type Dockerode from 'dockerode';
import type { NetworkAttachment, NetworkDef } from '../../core/config/model';
import { callDocker } from './callDocker';
import { dockerMessage } from './dockerMessage';
import { dockerName, LABEL } from './labels';

/** The engine's name for a project network: `name:` as written, else `<project>_<key>` as compose names it. */
export function networkName(project: string, def: NetworkDef): string {
  return def.name ?? `${dockerName(project)}_${def.key}`;
}

/** One network endpoint of a container: the engine's network name and the endpoint settings. */
export interface Endpoint {
  network: string;
  config: Dockerode.EndpointSettings;
}

/** Endpoint settings for a service: reachable by its service name and its aliases on that network. */
export function endpointOf(project: string, service: string, a: NetworkAttachment): Endpoint {
  const ipam =
    a.ipv4Address || a.ipv6Address
      ? {
          IPAMConfig: {
            ...(a.ipv4Address ? { IPv4Address: a.ipv4Address } : {}),
            ...(a.ipv6Address ? { IPv6Address: a.ipv6Address } : {}),
          },
        }
      : {};
  return { network: networkName(project, a.network), config: { Aliases: [...new Set([service, ...a.aliases])], ...ipam } };
}

/**
 * Creates the project's networks before the first container that joins them, once per runner
 * (concurrent starts share the creation). Created networks carry the project label, so `down`
 * removes them and nothing else; `external` networks must exist and are only used.
 */
export class ProjectNetworks {
  private readonly ready = new Map<string, Promise<void>>();

  constructor(
    private readonly project: string,
    /** This stack's id, labelled on what it creates: all Restricted Mode may remove. */
    private readonly stackId?: string,
  ) {}

  ensure(docker: Dockerode, defs: NetworkDef[], signal: AbortSignal): Promise<void[]> {
    return Promise.all(
      defs.map((def) => {
        const name = networkName(this.project, def);
        let p = this.ready.get(name);
        if (!p) {
          p = this.create(docker, name, def, signal);
          this.ready.set(name, p);
          // A failure is not remembered: the next start tries again (the engine may have come back).
          p.catch(() => this.ready.delete(name));
        }
        return p;
      }),
    );
  }

  /** Forget what was created (after `down` removed the networks, or the engine restarted). */
  reset(): void {
    this.ready.clear();
  }

  private async create(docker: Dockerode, name: string, def: NetworkDef, signal: AbortSignal): Promise<void> {
    const existing = await inspectNetwork(docker, name, signal);
    if (existing) return;
    if (def.external)
      throw new Error(
        `network ${name} is declared \`external\` but does not exist: create it with \`docker network create ${name}\`, or remove \`external: true\``,
      );
    try {
      await callDocker(
        'network create',
        (abortSignal) =>
          docker.createNetwork({
            Name: name,
            CheckDuplicate: true,
            Driver: def.driver ?? 'bridge',
            Internal: def.internal,
            EnableIPv6: def.enableIpv6,
            Options: def.driverOpts,
            IPAM: def.subnets
              ? { Driver: 'default', Config: def.subnets.map((s) => ({ Subnet: s.subnet, Gateway: s.gateway, IPRange: s.ipRange })) }
              : undefined,
            Labels: {
              ...def.labels,
              [LABEL.project]: this.project,
              [LABEL.network]: def.key,
              ...(this.stackId ? { [LABEL.stack]: this.stackId } : {}),
            },
            abortSignal,
          } as Dockerode.NetworkCreateOptions),
        { signal },
      );
    } catch (err) {
      // Created meanwhile by another start of the same project: use it.
      if ((err as { statusCode?: number }).statusCode === 409 && (await inspectNetwork(docker, name, signal))) return;
      throw new Error(`could not create network ${name}: ${dockerMessage(err)}`);
    }
  }
}

async function inspectNetwork(docker: Dockerode, name: string, signal: AbortSignal): Promise<object | undefined> {
  try {
    return (await callDocker('network inspect', () => docker.getNetwork(name).inspect(), { signal })) as object;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/** Joins a created (not yet started) container to its further networks: API 1.41 takes one network at create. */
export async function connectEndpoints(docker: Dockerode, containerId: string, endpoints: Endpoint[], signal: AbortSignal): Promise<void> {
  for (const e of endpoints) {
    // dockerode sends connect's options as the request body: no abortSignal in it (callDocker still bounds the wait).
    await callDocker('network connect', () => docker.getNetwork(e.network).connect({ Container: containerId, EndpointConfig: e.config }), {
      signal,
    });
  }
}
