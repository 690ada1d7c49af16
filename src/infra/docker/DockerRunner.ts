import type Dockerode from 'dockerode';
import { configHash } from '../../core/config/configHash';
import type { DockerService, ServiceSpec } from '../../core/config/model';
import type { ExitInfo, Logger, ReapOutcome, RunHandle, RunRecord, ServiceRunner, StartContext } from '../../core/ports';
import { RestrictedModeError } from '../../core/engine/restricted';
import { callDocker } from './callDocker';
import { DockerClient } from './DockerClient';
import { DockerEvents } from './DockerEvents';
import { dockerMessage } from './dockerMessage';
import { DockerHandle, removeContainer } from './DockerHandle';
import { ensureBuilt } from './buildImage';
import { containerOptions } from './containerOptions';
import { findContainers, ownedBy } from './findContainers';
import { LABEL, volumeName } from './labels';
import { pullImage } from './pullImage';
import { connectEndpoints, endpointOf, networkName, ProjectNetworks, type Endpoint } from './ProjectNetworks';
import { removeProjectNetworks } from './removeProjectNetworks';
import { DEFAULT_NETWORK } from '../../core/config/composeNetworks';

/**
 * Runs `docker` services as containers labelled with the project, service and config hash. The
 * engine supervises them (restart policy, health); the daemon's restart policy stays `no`.
 * A running container of the same service and hash is adopted instead of duplicated, also when
 * the state file lost it; one `docker compose` started for the same project is used as it is.
 */
export class DockerRunner implements ServiceRunner {
  readonly kind = 'docker' as const;
  private readonly client: DockerClient;
  private readonly events: DockerEvents;
  private bridge: Promise<boolean> | undefined;
  private readonly networks: ProjectNetworks;
  private readonly resumeWatch = (signal: AbortSignal) => this.client.whenAvailable(signal, false);

  constructor(
    private readonly project: string,
    private readonly logger?: Logger,
    env: NodeJS.ProcessEnv = process.env,
    private readonly opts: { stackId?: string; restricted?: boolean } = {},
  ) {
    this.client = new DockerClient(env);
    this.networks = new ProjectNetworks(project, opts.stackId);
    this.events = new DockerEvents((signal) => this.client.connected(signal), logger);
  }

  start(spec: ServiceSpec, ctx: StartContext): Promise<RunHandle> {
    const svc = asDocker(spec);
    if (this.opts.restricted) return Promise.reject(new RestrictedModeError(`not starting ${svc.name}`));
    return this.client.use(ctx.signal, (docker) => this.startIn(docker, svc, ctx));
  }

  adopt(spec: ServiceSpec, record: RunRecord, ctx: StartContext): Promise<RunHandle | undefined> {
    const svc = asDocker(spec);
    return this.client.use(ctx.signal, async (docker) => {
      const c = docker.getContainer(record.id);
      const info = await inspectOrUndefined(c);
      if (!info || !ownedBy(info.Config.Labels ?? {}, this.project, svc)) return undefined;
      const ours = info.Config.Labels?.[LABEL.project] === this.project;
      if (!info.State.Running) {
        // Ended while nobody watched: removed by a supervisor taking over; Restricted Mode and a mere look (status) change nothing.
        if (ours && !this.opts.restricted && !ctx.observeOnly) await removeContainer(c);
        return undefined;
      }
      return new DockerHandle(c, true, ours, ctx, {
        service: svc.name,
        since: Math.floor(Date.now() / 1000),
        tty: info.Config.Tty,
        events: this.events,
        whenAvailable: this.resumeWatch,
        healthcheck: hasHealthcheck(info),
      });
    });
  }

  endedInstance(spec: ServiceSpec, record: RunRecord): Promise<ExitInfo | undefined> {
    const svc = asDocker(spec);
    return this.client.use(undefined, async (docker) => {
      const info = await inspectOrUndefined(docker.getContainer(record.id));
      if (!info || !ownedBy(info.Config.Labels ?? {}, this.project, svc) || info.State.Running || info.State.Paused) return undefined;
      const at = Date.parse(info.State.FinishedAt ?? '');
      // A container created but never started has no end (FinishedAt is the zero time).
      if (!Number.isFinite(at) || at <= 0) return undefined;
      return { code: info.State.ExitCode ?? null, signal: null, at, ...(info.State.OOMKilled ? { oomKilled: true } : {}) };
    });
  }

  reap(record: RunRecord, graceMs: number): Promise<ReapOutcome> {
    return this.client.use(undefined, async (docker) => {
      const c = docker.getContainer(record.id);
      const info = await inspectOrUndefined(c);
      const labels = info?.Config.Labels ?? {};
      const ours = labels[LABEL.project] === this.project;
      // A container docker compose started for this project was used, not created: stopped, left for compose to remove.
      if (!info || (!ours && labels[LABEL.composeProject] !== this.project)) return false;
      // Restricted Mode: a project name is just text in an untrusted file; only this stack's own id counts.
      if (this.opts.restricted && (labels[LABEL.stack] === undefined || labels[LABEL.stack] !== this.opts.stackId)) return false;
      if (info.State.Running)
        await callDocker('stop', (abortSignal) => c.stop({ t: Math.ceil(graceMs / 1000), abortSignal }), { timeoutMs: graceMs + 10_000 });
      if (ours) await removeContainer(c);
      return info.State.Running ? 'stopped' : ours && 'removed';
    });
  }

  /**
   * After a full down: the project networks this stack created go, as with `docker compose down`
   * (volumes stay); external networks, other tools' and ones still in use stay (see removeProjectNetworks).
   */
  async cleanUp(specs: readonly ServiceSpec[]): Promise<string[]> {
    const external = new Set(
      specs.flatMap((s) =>
        s.kind === 'docker' ? (s.networks ?? []).filter((a) => a.network.external).map((a) => networkName(this.project, a.network)) : [],
      ),
    );
    const r = await this.client.use(undefined, (docker) =>
      removeProjectNetworks(docker, this.project, { external, stackId: this.opts.stackId, restricted: this.opts.restricted }),
    );
    // Created again by the next start.
    this.networks.reset();
    return [
      ...(r.removed.length ? [`removed networks ${r.removed.join(', ')}`] : []),
      ...(r.kept.length ? [`kept networks in use: ${r.kept.join('; ')}`] : []),
    ];
  }

  /** Once the engine answers again after it went away (the supervisor then starts the service anew). */
  whenAvailable(signal: AbortSignal): Promise<void> {
    return this.client.whenAvailable(signal);
  }

  private async startIn(docker: Dockerode, svc: DockerService, ctx: StartContext): Promise<RunHandle> {
    const system = (text: string) => ctx.onLog({ service: svc.name, stream: 'system', text, at: Date.now() });
    // A `build:` service: (re)built when its inputs changed, and those inputs are part of the container's config hash.
    const buildHash = svc.build ? await ensureBuilt(docker, svc, this.project, system, ctx.signal) : undefined;
    const hash = buildHash ? `${configHash(svc)}-${buildHash}` : configHash(svc);
    const found = await findContainers(docker, this.project, svc, ctx.signal);
    const reusable = found.find(
      (c) => c.State === 'running' && (c.Labels[LABEL.configHash] === hash || c.Labels[LABEL.project] !== this.project),
    );
    if (reusable) {
      const ours = reusable.Labels[LABEL.project] === this.project;
      this.logger?.info(
        `${svc.name}: using running container ${reusable.Id.slice(0, 12)}${ours ? '' : ` started by docker compose (project ${reusable.Labels[LABEL.composeProject]})`}`,
      );
      const c = docker.getContainer(reusable.Id);
      const info = await inspectOrUndefined(c);
      return new DockerHandle(c, true, ours, ctx, {
        service: svc.name,
        since: Math.floor(Date.now() / 1000),
        tty: info?.Config.Tty ?? false,
        events: this.events,
        whenAvailable: this.resumeWatch,
        healthcheck: info !== undefined && hasHealthcheck(info),
      });
    }
    // Ours but stopped or from another config: a fresh container replaces it.
    for (const c of found) if (c.Labels[LABEL.project] === this.project) await removeContainer(docker.getContainer(c.Id));
    const { networkMode, endpoints } = await this.networkingOf(docker, svc, ctx.signal);
    for (const v of svc.volumes) {
      if (v.type !== 'volume' || !v.source) continue;
      const Name = volumeName(this.project, v.source);
      await callDocker(
        'volume create',
        (abortSignal) => docker.createVolume({ Name, Labels: { [LABEL.project]: this.project }, abortSignal }),
        { signal: ctx.signal },
      );
    }
    const opts = containerOptions({
      spec: svc,
      project: this.project,
      configHash: hash,
      env: ctx.env,
      networkMode,
      endpoint: endpoints[0],
      stackId: this.opts.stackId,
    });
    let container: Dockerode.Container;
    try {
      container = await this.createAndStart(docker, svc, opts, endpoints, system, ctx.signal);
    } catch (err) {
      if (!(err instanceof NetworkGone)) throw err;
      // Removed behind this runner's back (`stackpilot down` from a terminal while the editor runs): create it again, once.
      this.networks.reset();
      await this.networks.ensure(
        docker,
        (svc.networks ?? [{ network: DEFAULT_NETWORK, aliases: [] }]).map((a) => a.network),
        ctx.signal,
      );
      container = await this.createAndStart(docker, svc, opts, endpoints, system, ctx.signal);
    }
    // Watched from here: `wait` (condition not-running) still reports a container that already exited, logs are read from the start.
    // One inspect for what the image adds: a HEALTHCHECK of its own, which compose files often rely on.
    const healthcheck = svc.composeHealthcheck?.test.length
      ? !svc.composeHealthcheck.disable && svc.composeHealthcheck.test[0] !== 'NONE'
      : await inspectOrUndefined(container).then(
          (i) => i !== undefined && hasHealthcheck(i),
          () => false,
        );
    const handle = new DockerHandle(container, false, true, ctx, {
      service: svc.name,
      tty: false,
      events: this.events,
      whenAvailable: this.resumeWatch,
      healthcheck,
    });
    this.logger?.debug(`${svc.name}: started container ${container.id.slice(0, 12)} (${svc.image}, network ${networkMode})`);
    return handle;
  }

  /** Creates (pulling the image when missing) and starts the container; a network that vanished is a NetworkGone. */
  private async createAndStart(
    docker: Dockerode,
    svc: DockerService,
    opts: Dockerode.ContainerCreateOptions,
    endpoints: Endpoint[],
    system: (text: string) => void,
    signal: AbortSignal,
  ): Promise<Dockerode.Container> {
    const networkGone = (err: unknown) => endpoints.length > 0 && /network .* not found/i.test(dockerMessage(err));
    let container: Dockerode.Container;
    const create = () => callDocker('create', (abortSignal) => docker.createContainer({ ...opts, abortSignal }), { signal });
    try {
      container = await create().catch(async (err: unknown) => {
        if ((err as { statusCode?: number }).statusCode !== 409) throw err;
        // Our own earlier container of this service, still being removed after it ended (a quick restart): wait for it, once.
        const own = await this.awaitOwnRemoval(docker, opts.name, signal);
        if (own === 'foreign') throw err;
        if (own === 'still-there')
          throw new Error(
            `container name ${opts.name} is still held by this service's earlier container: the engine has not removed it after ${OWN_REMOVAL_WAIT_MS / 1000} s`,
          );
        return create();
      });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 409)
        throw new Error(`container name ${opts.name} is taken by a container Stackpilot did not create: remove it or set container_name`);
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      if (networkGone(err)) throw new NetworkGone(dockerMessage(err));
      await pullImage(docker, svc.image, system, signal);
      container = await callDocker('create', (abortSignal) => docker.createContainer({ ...opts, abortSignal }), { signal });
    }
    try {
      await connectEndpoints(docker, container.id, endpoints.slice(1), signal);
      await callDocker('start', (abortSignal) => container.start({ abortSignal }), { signal });
    } catch (err) {
      await removeContainer(container).catch(() => undefined);
      if (networkGone(err)) throw new NetworkGone(dockerMessage(err));
      throw new Error(`container did not start: ${dockerMessage(err)}`);
    }
    return container;
  }

  /**
   * The container named `name` is this project's: removed (waiting for a removal under way, up to
   * OWN_REMOVAL_WAIT_MS: a loaded engine takes seconds per call). 'gone' once it is; 'foreign' when
   * it is not ours (never touched).
   */
  private async awaitOwnRemoval(
    docker: Dockerode,
    name: string | undefined,
    signal: AbortSignal,
  ): Promise<'gone' | 'foreign' | 'still-there'> {
    if (!name) return 'foreign';
    const c = docker.getContainer(name);
    const info = await inspectOrUndefined(c);
    if (info && info.Config.Labels?.[LABEL.project] !== this.project) return 'foreign';
    for (const end = Date.now() + OWN_REMOVAL_WAIT_MS; Date.now() < end && !signal.aborted; await new Promise((r) => setTimeout(r, 50))) {
      await removeContainer(c);
      if (!(await inspectOrUndefined(c))) return 'gone';
    }
    return 'still-there';
  }

  /**
   * Where the container's network comes from. `network_mode` as given (`service:<name>` becomes that
   * service's running container); else its networks, created first, the first one at create and
   * the others connected before start. Where the engine has no bridge (dockerd --bridge=none, as on
   * locked-down CI machines) a service on the implicit project network uses the host's network
   * instead, and we say so once.
   */
  private async networkingOf(
    docker: Dockerode,
    svc: DockerService,
    signal: AbortSignal,
  ): Promise<{ networkMode: string; endpoints: Endpoint[] }> {
    if (svc.networkMode !== undefined) {
      const other = /^service:(.+)$/.exec(svc.networkMode)?.[1];
      if (other === undefined) return { networkMode: svc.networkMode, endpoints: [] };
      const running = await callDocker(
        'ps',
        (abortSignal) =>
          docker.listContainers({
            filters: { label: [`${LABEL.project}=${this.project}`, `${LABEL.service}=${other}`], status: ['running'] },
            abortSignal,
          }),
        { signal },
      );
      if (running.length === 0)
        throw new Error(`network_mode ${svc.networkMode}: ${other} has no running container to share the network of; start ${other} first`);
      return { networkMode: `container:${running[0].Id}`, endpoints: [] };
    }
    const attachments = svc.networks ?? [{ network: DEFAULT_NETWORK, aliases: [] }];
    if (attachments.length === 0) return { networkMode: 'none', endpoints: [] };
    const implicitOnly = attachments.every(
      (a) =>
        a.network === DEFAULT_NETWORK ||
        (a.network.key === 'default' && !a.network.name && !a.network.external && !a.network.driver && !a.network.subnets),
    );
    if (implicitOnly && !(await this.hasBridge(docker, svc))) return { networkMode: 'host', endpoints: [] };
    await this.networks.ensure(
      docker,
      attachments.map((a) => a.network),
      signal,
    );
    const endpoints = attachments.map((a) => endpointOf(this.project, svc.name, a));
    return { networkMode: endpoints[0].network, endpoints };
  }

  private hasBridge(docker: Dockerode, svc: DockerService): Promise<boolean> {
    this.bridge ??= callDocker('network ls', (abortSignal) => docker.listNetworks({ filters: { driver: ['bridge'] }, abortSignal })).then(
      (nets) => {
        if (nets.some((n) => n.Name === 'bridge')) return true;
        this.logger?.info(
          `this Docker engine has no bridge network: docker services on the project's default network use the host's network (${svc.name} first)`,
        );
        return false;
      },
    );
    this.bridge.catch(() => (this.bridge = undefined));
    return this.bridge;
  }
}

class NetworkGone extends Error {}

function asDocker(spec: ServiceSpec): DockerService {
  if (spec.kind !== 'docker') throw new Error(`the docker runner cannot run ${spec.kind} service ${spec.name}`);
  return spec;
}

function hasHealthcheck(info: Dockerode.ContainerInspectInfo): boolean {
  const test = (info.Config as { Healthcheck?: { Test?: string[] } }).Healthcheck?.Test;
  return !!test && test.length > 0 && test[0] !== 'NONE';
}

/** How long a start waits for the engine to remove this service's earlier container (its name is needed). */
const OWN_REMOVAL_WAIT_MS = 30_000;

async function inspectOrUndefined(c: Dockerode.Container): Promise<Dockerode.ContainerInspectInfo | undefined> {
  try {
    return await callDocker('inspect', (abortSignal) => c.inspect({ abortSignal }));
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}
