/**
 * The resolved stack model: what the loaders (native stackpilot.yaml and compose files) produce and
 * what the engine runs. Pure data, no I/O. Durations are milliseconds throughout.
 */
import type { MonitorConfig } from '../alerts/MonitorConfig';

/** A place in a source file. Lines and columns are 1-based, as editors and compilers print them. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** A config problem: what is wrong, where, and (in the message) what would be right. */
export interface ConfigDiagnostic {
  severity: Severity;
  /** Stable id, e.g. `unknown-key`, `dependency-cycle`, `missing-dependency`, `port-conflict`. */
  code: string;
  message: string;
  location: SourceLocation;
}

export type DependencyCondition = 'started' | 'healthy' | 'completed';

export interface Dependency {
  service: string;
  condition: DependencyCondition;
  /** Compose `required: false`: a missing or failed optional dependency does not block. */
  required: boolean;
  /** Compose `restart: true`: this service is restarted whenever the dependency is (by a restart, or by its restart policy after a crash). */
  restart?: boolean;
  location?: SourceLocation;
}

/**
 * `label` is what people see of the probe (CLI, status, reports, the editor): built from the text
 * as written, so `${TOKEN}` stays `${TOKEN}`, and without a URL's userinfo or query string.
 */
export type ProbeSpec = { label?: string } & (
  | {
      kind: 'http';
      url: string;
      method?: string;
      expectStatus: [number, number];
      bodyContains?: string;
      bodyRegex?: string;
      headers?: Record<string, string>;
    }
  | { kind: 'tcp'; host: string; port: number }
  /** `in: 'container'` runs inside the service's container (docker kind); `host` runs on this machine. */
  | { kind: 'exec'; command: string[] | string; in: 'host' | 'container' }
  /** Ready once an output line of the service matches. */
  | { kind: 'log'; pattern: string }
);

export interface HealthSpec {
  probe: ProbeSpec;
  interval: number;
  timeout: number;
  retries: number;
  startPeriod: number;
  /** Compose `start_interval`; Stackpilot probes fast (~50 ms, backing off) during start regardless. */
  startInterval?: number;
}

export type RestartPolicy = 'no' | 'on-failure' | 'always' | 'unless-stopped';

export interface RestartSpec {
  policy: RestartPolicy;
  /** on-failure: give up after this many restarts (undefined = no limit besides the crash-loop rule). */
  maxRetries?: number;
  backoffInitial: number;
  backoffMax: number;
  /** Crash-loop rule: `crashLoopCount` restarts within `crashLoopWindow` ms -> crash-looping, stop trying. */
  crashLoopCount: number;
  crashLoopWindow: number;
}

export interface PortSpec {
  /** The port on this machine (host side). */
  port: number;
  host: string;
  /** Container side, for docker services. */
  target?: number;
  protocol: 'tcp' | 'udp';
  location?: SourceLocation;
}

export interface EnvFromSpec {
  /** A command whose stdout is dotenv text (e.g. `doppler secrets download --no-file --format env`). */
  command: string;
}

interface ServiceBase {
  name: string;
  location: SourceLocation;
  dependsOn: Dependency[];
  health?: HealthSpec;
  restart: RestartSpec;
  ports: PortSpec[];
  /** Compose profiles this service belongs to (empty = always in a plain `up`). */
  profiles: string[];
  environment: Record<string, string>;
  /** Memory the service needs, MB: checked against free memory before start. */
  memoryMb?: number;
  stopGracePeriod: number;
  /** The `x-stackpilot` block or native extras the engine does not interpret (alert rules, etc.). */
  extensions: Record<string, unknown>;
  /** `restartWith: [api]`: restart this service too after `api` restarts because a watched file changed. */
  restartWith?: { service: string; location: SourceLocation }[];
}

/** `watch:` of a process service: which file changes restart it. */
export interface WatchSpec {
  /** Globs relative to `base` (`**` any depth; a glob without `/` matches a file name at any depth). */
  paths: string[];
  /** Globs (relative to `base`) whose matches never restart; node_modules, .git and .stackpilot always added. */
  ignore: string[];
  /** Skip what the `.gitignore` files under the stack root ignore (default true). */
  gitignore: boolean;
  /** Absolute folder the globs are relative to: the service's `cwd`. */
  base: string;
  location: SourceLocation;
}

export interface ProcessService extends ServiceBase {
  kind: 'process';
  /** Exactly one of command (a string) or argv. A string runs through a shell only when `shell` is true. */
  command?: string;
  argv?: string[];
  shell: boolean;
  /** Absolute working directory. */
  cwd: string;
  envFiles: string[];
  envFrom?: EnvFromSpec;
  watch?: WatchSpec;
}

export interface ExternalService extends ServiceBase {
  kind: 'external';
}

export interface VolumeMount {
  type: 'bind' | 'volume' | 'tmpfs';
  source?: string;
  target: string;
  readOnly: boolean;
}

/** A network as compose defines it at the top level (`networks.<key>`). */
export interface NetworkDef {
  /** The key under top-level `networks:` (`default` for the project network). */
  key: string;
  /** `name:` as written: the engine's name for it, not scoped to the project. */
  name?: string;
  /** `external: true`: it must exist; Stackpilot never creates or removes it. */
  external: boolean;
  internal: boolean;
  driver?: string;
  driverOpts?: Record<string, string>;
  /** `ipam.config` entries (needed for `ipv4_address`). */
  subnets?: { subnet: string; gateway?: string; ipRange?: string }[];
  labels?: Record<string, string>;
  enableIpv6?: boolean;
}

/** One service's place on one network: reachable there by its service name and these aliases. */
export interface NetworkAttachment {
  network: NetworkDef;
  aliases: string[];
  ipv4Address?: string;
  ipv6Address?: string;
}

export interface DockerService extends ServiceBase {
  kind: 'docker';
  image: string;
  /** Set when the image comes from a build section (not built by Stackpilot yet). */
  build?: { context: string; dockerfile?: string };
  command?: string[] | string;
  entrypoint?: string[] | string;
  volumes: VolumeMount[];
  /** `host`, `none`, `service:<name>` (that service's container's network), `container:<name>`, or an engine network. */
  networkMode?: string;
  /** The networks it joins (compose: `<project>_default` unless `networks:` says otherwise); none with `networkMode`. */
  networks?: NetworkAttachment[];
  labels: Record<string, string>;
  memLimitBytes?: number;
  cpus?: number;
  containerName?: string;
  /** Healthcheck declared in compose (becomes the container's HEALTHCHECK); `health` mirrors it. */
  composeHealthcheck?: {
    test: string[];
    interval?: number;
    timeout?: number;
    retries?: number;
    startPeriod?: number;
    startInterval?: number;
    disable?: boolean;
  };
  /** Where this service came from when imported from compose. */
  composeProject?: string;
  /** Compose `develop.watch` rules. */
  developWatch?: ComposeWatchRule[];
}

export type ComposeWatchAction = 'sync' | 'sync+restart' | 'restart' | 'rebuild';

/** One rule of compose `develop.watch` (Compose Specification, Develop). */
export interface ComposeWatchRule {
  action: ComposeWatchAction;
  /** Absolute file or folder on this machine, watched recursively (no globs, as in compose). */
  path: string;
  /** Absolute path in the container that `path` maps to (sync actions). */
  target?: string;
  /** Patterns relative to `path` (.dockerignore syntax) whose changes are ignored. */
  ignore: string[];
  /** Copy every file under `path` into the container when watching begins and after each start. */
  initialSync: boolean;
  location: SourceLocation;
}

export type ServiceSpec = ProcessService | ExternalService | DockerService;
export type ServiceKind = ServiceSpec['kind'];

export interface StackConfig {
  name: string;
  /** Absolute folder the stack file lives in; relative paths resolve against it. */
  root: string;
  /** Every file read, in order (native file first, then compose files and overrides). */
  files: string[];
  services: Record<string, ServiceSpec>;
  profiles: Record<string, string[]>;
  defaultProfile?: string;
  /** COMPOSE_PROFILES from the environment or the compose project's `.env` (comma-separated), used when no profile is asked for. */
  envProfiles?: string;
  /** Native settings the engine does not interpret (alerts, monitoring), keyed as written. */
  extensions: Record<string, unknown>;
  /**
   * `monitoring:` and the alert rules as `loadStack` read and checked them (with their located
   * problems), so the monitor does not read them again. Absent on a config built by hand.
   */
  monitoring?: MonitorConfig;
}

export interface LoadResult {
  /** Undefined when errors make the stack unusable. */
  config?: StackConfig;
  diagnostics: ConfigDiagnostic[];
}
