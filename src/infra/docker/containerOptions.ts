import type Dockerode from 'dockerode';
import type { DockerService } from '../../core/config/model';
import { splitCommand } from '../../core/config/splitCommand';
import { dockerName, LABEL, volumeName } from './labels';
import type { Endpoint } from './ProjectNetworks';

export interface ContainerInputs {
  spec: DockerService;
  project: string;
  configHash: string;
  /** The service's environment (StartContext.env): a container never inherits this process's env. */
  env: Record<string, string>;
  /** Resolved network mode: `host`, `none`, `container:<id>`, or the first network's name. */
  networkMode: string;
  /** The stack's id, labelled so Restricted Mode can tell this stack's containers (not hashed). */
  stackId?: string;
  /** The endpoint of the network named by `networkMode` (aliases, address); the others are connected after create. */
  endpoint?: Endpoint;
}

const NS = 1_000_000; // ms -> ns

/** Compose `command: "a b"` is split like a shell would, not run through one. */
function argv(v: string[] | string | undefined, what: string, service: string): string[] | undefined {
  if (v === undefined || Array.isArray(v)) return v;
  const split = splitCommand(v);
  if ('error' in split) throw new Error(`${service}: ${what} has an ${split.error}`);
  return split.argv;
}

/** Container name: `container_name`, else `<project>-<service>` like compose v2 without the index. */
export function containerName(spec: DockerService, project: string): string {
  return spec.containerName ?? dockerName(project, spec.name);
}

/** The create request for one service. Pure: everything it needs comes in `inp`. */
export function containerOptions(inp: ContainerInputs): Dockerode.ContainerCreateOptions {
  const { spec, project, networkMode } = inp;
  // host, none and container:<id> share (or have) no network of their own: no ports, no hostname.
  const hostNet = networkMode === 'host' || networkMode === 'none' || networkMode.startsWith('container:');
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of spec.ports) {
    const key = `${p.target ?? p.port}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.host, HostPort: String(p.port) });
  }
  const binds: string[] = [];
  const mounts: Dockerode.MountSettings[] = [];
  const anonymous: Record<string, object> = {};
  const tmpfs: Record<string, string> = {};
  for (const v of spec.volumes) {
    if (v.type === 'bind' && v.source) binds.push(`${v.source}:${v.target}${v.readOnly ? ':ro' : ''}`);
    else if (v.type === 'tmpfs') tmpfs[v.target] = '';
    else if (v.source) mounts.push({ Type: 'volume', Source: volumeName(project, v.source), Target: v.target, ReadOnly: v.readOnly });
    else anonymous[v.target] = {};
  }
  const compose = (spec.extensions.compose ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof compose[k] === 'string' ? (compose[k] as string) : undefined);
  const hc = spec.composeHealthcheck;
  const opts: Dockerode.ContainerCreateOptions = {
    name: containerName(spec, project),
    Image: spec.image,
    Cmd: argv(spec.command, 'command', spec.name),
    Entrypoint: argv(spec.entrypoint, 'entrypoint', spec.name),
    Env: Object.entries(inp.env).map(([k, v]) => `${k}=${v}`),
    Labels: {
      ...spec.labels,
      [LABEL.project]: project,
      [LABEL.service]: spec.name,
      [LABEL.configHash]: inp.configHash,
      ...(inp.stackId ? { [LABEL.stack]: inp.stackId } : {}),
    },
    ExposedPorts: hostNet ? undefined : exposed,
    Volumes: Object.keys(anonymous).length ? anonymous : undefined,
    StopTimeout: Math.ceil(spec.stopGracePeriod / 1000),
    User: str('user'),
    WorkingDir: str('working_dir'),
    StopSignal: str('stop_signal'),
    Hostname: hostNet ? undefined : str('hostname'),
    Healthcheck:
      hc &&
      (hc.disable
        ? { Test: ['NONE'] }
        : hc.test.length
          ? {
              Test: hc.test,
              Interval: hc.interval && hc.interval * NS,
              Timeout: hc.timeout && hc.timeout * NS,
              Retries: hc.retries,
              StartPeriod: hc.startPeriod && hc.startPeriod * NS,
            }
          : undefined),
    HostConfig: {
      NetworkMode: networkMode,
      PortBindings: hostNet ? undefined : bindings,
      Binds: binds.length ? binds : undefined,
      Mounts: mounts.length ? mounts : undefined,
      Tmpfs: Object.keys(tmpfs).length ? tmpfs : undefined,
      Memory: spec.memLimitBytes,
      NanoCpus: spec.cpus !== undefined ? Math.round(spec.cpus * 1e9) : undefined,
      Init: typeof compose.init === 'boolean' ? compose.init : undefined,
      // The engine applies the restart policy (backoff, crash-loop rule), not the daemon.
      RestartPolicy: { Name: 'no' },
    },
    NetworkingConfig: inp.endpoint ? { EndpointsConfig: { [inp.endpoint.network]: inp.endpoint.config } } : undefined,
  };
  return JSON.parse(JSON.stringify(opts)) as Dockerode.ContainerCreateOptions; // drops undefined keys
}
