/**
 * The small interfaces through which the pure core reaches the world. Adapters in src/infra
 * (Node: child_process, HTTP, dockerode, fs) and src/vscode implement them; tests may pass
 * real adapters or, for pure logic only, simple in-memory ones.
 */
import type { ProbeSpec, ServiceSpec } from './config/model';

export interface Disposable {
  dispose(): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): Disposable;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type LogStream = 'stdout' | 'stderr' | 'system';

export interface LogLine {
  service: string;
  stream: LogStream;
  text: string;
  at: number;
}

/** How a run of a service ended. */
export interface ExitInfo {
  /** Exit code, or null when ended by a signal. */
  code: number | null;
  signal: string | null;
  /** Killed by the kernel's OOM killer (docker reports it; for processes when known). */
  oomKilled?: boolean;
  at: number;
}

/** One running instance of a service, started or adopted by a runner. */
export interface RunHandle {
  /** Runner-specific id: `pid:<pid>` for processes, the container id for docker. */
  readonly id: string;
  readonly pid?: number;
  /** True when this instance was found running from an earlier run and adopted, not started. */
  readonly adopted: boolean;
  /** Process start time as the OS reports it (/proc/<pid>/stat field 22), recorded so a reused pid is never touched. */
  readonly startTime?: string;
  /** Process group signalled as a whole on stop. */
  readonly pgid?: number;
  /** Resolves once, when the instance ends for any reason. */
  readonly exited: Promise<ExitInfo>;
  /** Graceful stop: SIGTERM (or the container's stop signal), then kill after `graceMs`. */
  stop(graceMs: number): Promise<ExitInfo>;
  /**
   * Present when the engine itself keeps a health verdict for this instance (a Docker HEALTHCHECK,
   * e.g. the image's own): the current verdict soon after subscribing, then every change. Used for
   * services without a probe of their own.
   */
  onEngineHealth?(listener: (h: EngineHealth) => void): Disposable;
  /**
   * Present when the OS can say the instance is stopped (a process in state `T` of
   * /proc/<pid>/stat after SIGSTOP): true while it is. Its listening sockets still accept
   * connections then (the kernel completes the handshake), so a tcp probe cannot see it.
   */
  paused?(): Promise<boolean>;
  /**
   * Present when the runner can see cheap signs that readiness may be near (a process opening its
   * first socket): `onHint` is called then, and the engine probes at once instead of waiting for
   * the next scheduled probe. A hint is never a verdict: healthy still needs the check to pass.
   */
  readinessHints?(onHint: () => void): Disposable;
}

/** The container engine's own health verdict (Docker's State.Health / `health_status` events). */
export interface EngineHealth {
  status: 'starting' | 'healthy' | 'unhealthy';
  /** The last check's output or exit code, as the engine logged it. */
  detail: string;
  at: number;
}

export interface StartContext {
  /**
   * The service's own `environment` as configured. The runner resolves the rest itself, in this
   * order of precedence (later wins): parent process env, envFile(s), envFrom command output, this.
   */
  env: Record<string, string>;
  /** Folder for runtime files of this stack (logs, state): `<root>/.stackpilot`. */
  runDir: string;
  onLog(line: LogLine): void;
  signal: AbortSignal;
  /** Only looking (`stackpilot status`, a window's first look): `adopt` changes nothing, e.g. removes no ended container. */
  observeOnly?: boolean;
}

/** Starts (or adopts) instances of one service kind. */
export interface ServiceRunner {
  readonly kind: ServiceSpec['kind'];
  start(spec: ServiceSpec, ctx: StartContext): Promise<RunHandle>;
  /**
   * The live instance an earlier run recorded, or undefined when it is gone (or its pid was reused:
   * start time differs). Never starts anything. The engine compares config hashes and decides
   * whether to keep the instance or stop it.
   */
  adopt?(spec: ServiceSpec, record: RunRecord, ctx: StartContext): Promise<RunHandle | undefined>;
  /**
   * How the recorded instance ended, when it still exists and no longer runs (a container that exited
   * while nobody watched: its exit code and time as the engine keeps them). Read-only; undefined when
   * it runs, is gone, or is not this stack's.
   */
  endedInstance?(spec: ServiceSpec, record: RunRecord): Promise<ExitInfo | undefined>;
  /**
   * Stop a recorded instance without adopting it: `stopped` when it ran and was stopped, `removed`
   * when it had already ended and only its remains went (a container), false when nothing was there.
   */
  reap?(record: RunRecord, graceMs: number): Promise<ReapOutcome>;
  /**
   * Stop what this runner started for this stack but no record names (a supervisor killed between
   * starting an instance and recording it), found by the runner's own markers. Returns the services stopped.
   */
  reapStrays?(known: readonly RunRecord[], graceMs: number): Promise<string[]>;
  /**
   * Resolves once the engine behind this runner answers again, after `start` failed with an error
   * for which `isEngineUnavailable` holds (a Docker daemon stopped or restarting); rejects when
   * `signal` aborts. The service then starts again by itself, without anyone running `up`.
   */
  whenAvailable?(signal: AbortSignal): Promise<void>;
  /**
   * After a full down (every service stopped): removes what the runner created for the stack besides
   * its instances (Docker: the project networks), never what it did not create. `specs` are the
   * stack's services of this runner's kind. Returns what it did, in words, one line each.
   */
  cleanUp?(specs: readonly ServiceSpec[]): Promise<string[]>;
}

/**
 * An error that means "the engine is not there right now" (a state that ends by itself), not "this
 * service is broken": a runner sets `engineUnavailable: true` on it.
 */
export function isEngineUnavailable(err: unknown): boolean {
  return (err as { engineUnavailable?: unknown } | undefined)?.engineUnavailable === true;
}

/** A declared port someone already listens on. */
export interface PortInUse {
  port: number;
  host: string;
  /** "redis-server (pid 1234)" when the OS tells. */
  holder?: string;
}

/** Facts about this machine the engine checks before starting. */
export interface HostInfo {
  portsInUse(ports: readonly { port: number; host: string; protocol: 'tcp' | 'udp' }[]): Promise<PortInUse[]>;
  /** Memory available for new processes, MB (MemAvailable). */
  freeMemoryMb(): Promise<number>;
}

export interface ProbeResult {
  ok: boolean;
  /** Time the probe took, ms. */
  latencyMs: number;
  at: number;
  /** A reason a person can read: "GET /health -> 503 after 12 ms", "connect ECONNREFUSED 127.0.0.1:6379". */
  detail: string;
}

export interface ProbeContext {
  service: string;
  timeoutMs: number;
  /** The running instance, for probes that run inside it (exec in a container). */
  handle?: RunHandle;
  signal: AbortSignal;
}

export interface ProbeRunner {
  run(probe: ProbeSpec, ctx: ProbeContext): Promise<ProbeResult>;
  /**
   * Loads what these probes need (an HTTP client) before any is timed: a latency shown must be the
   * service's, not our module loading blocking the event loop under another probe's clock.
   */
  prepare?(probes: readonly ProbeSpec[]): Promise<void>;
}

/** What a reap did (see ServiceRunner.reap). */
export type ReapOutcome = 'stopped' | 'removed' | false;

/** What was started, so the next run can adopt it or reap it. Written atomically. */
export interface RunRecord {
  service: string;
  kind: ServiceSpec['kind'];
  id: string;
  pid?: number;
  /** Process start time as the OS reports it (e.g. /proc/<pid>/stat field 22), so a reused pid is never touched. */
  startTime?: string;
  /** Process group to signal as a whole. */
  pgid?: number;
  configHash: string;
  startedAt: number;
  /** Set when the instance exited 0 with no restart due (a job): kept so `status` says completed. */
  completedAt?: number;
  /**
   * Set when the instance ended on its own, not cleanly (a crash, a kill from outside): kept so
   * `status` says `exited` with its code or signal, never `stopped` (which means stopped on purpose).
   */
  exitedAt?: number;
  exitCode?: number;
  exitSignal?: string;
  /**
   * Set by a dead supervisor's watchdog before it stops the instance (see watchdogStop.ts): readers
   * show it `stopping`, then `stopped`, not a crash. Believed only for a while after `at`.
   */
  stopping?: { by: 'watchdog'; at: number };
}

export interface StateStore {
  load(): Promise<RunRecord[]>;
  save(records: RunRecord[]): Promise<void>;
}

/** Read-only file access for loaders (config, env files, secret scanning). */
/** Bounds on reading a file a repository names (stack, compose, env files). */
export interface ReadLimits {
  /** Refuse a file larger than this many bytes. */
  maxBytes?: number;
  /** Refuse a file whose real path (symbolic links resolved) is outside this folder. */
  within?: string;
}

/** A file that exists but is not read: `reason` says why, in words for a located error (never its content). */
export class FileRefusedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface FileSystem {
  /**
   * The file's text, or undefined when it does not exist. Only regular files are read: a folder,
   * FIFO, device or socket, a file over `limits.maxBytes` or outside `limits.within` throws
   * FileRefusedError without blocking. Other errors throw.
   */
  readFile(path: string, limits?: ReadLimits): Promise<string | undefined>;
  /** Whether a folder exists at `path` (false for a file or nothing). */
  isDirectory(path: string): Promise<boolean>;
}
