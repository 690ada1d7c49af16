/** Small in-memory ports for the engine's unit tests (real processes are covered by integration tests). */
import type { ProcessService, ProbeSpec, ServiceSpec, StackConfig } from '../../../src/core/config/model';
import type {
  Clock,
  Disposable,
  ExitInfo,
  HostInfo,
  LogLine,
  Logger,
  PortInUse,
  ProbeResult,
  ProbeRunner,
  RunHandle,
  ReapOutcome,
  RunRecord,
  ServiceRunner,
  StartContext,
  StateStore,
} from '../../../src/core/ports';
import { StackEngine, type EngineDeps } from '../../../src/core/engine/StackEngine';

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn: () => void, ms: number): Disposable {
    const t = setTimeout(fn, ms);
    return { dispose: () => clearTimeout(t) };
  },
};

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `cond` holds (fails the test after `ms`). */
export async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(5);
  }
}

export class FakeHandle implements RunHandle {
  readonly exited: Promise<ExitInfo>;
  private resolveExit!: (e: ExitInfo) => void;
  ended = false;
  constructor(
    readonly id: string,
    readonly pid: number,
    readonly adopted: boolean,
    private readonly onStop: (h: FakeHandle) => void,
  ) {
    this.exited = new Promise((r) => (this.resolveExit = r));
  }
  exit(code: number | null, signal: string | null = null): void {
    if (this.ended) return;
    this.ended = true;
    this.resolveExit({ code, signal, at: Date.now() });
  }
  async stop(_graceMs: number): Promise<ExitInfo> {
    this.onStop(this);
    await sleep(2);
    this.exit(null, 'SIGTERM');
    return this.exited;
  }
}

/** What a started instance does: exit, log lines... `run` counts starts of that service from 1. */
export type Behaviour = (h: FakeHandle, ctx: StartContext, run: number) => void;

export class FakeRunner implements ServiceRunner {
  readonly kind = 'process' as const;
  readonly started: string[] = [];
  readonly stopped: string[] = [];
  readonly reaped: string[] = [];
  readonly behaviours = new Map<string, Behaviour>();
  readonly startDelay = new Map<string, number>();
  /** Instances alive "from an earlier run", by record id. */
  readonly alive = new Map<string, FakeHandle>();
  private nextPid = 1000;

  async start(spec: ServiceSpec, ctx: StartContext): Promise<RunHandle> {
    await sleep(this.startDelay.get(spec.name) ?? 0);
    this.started.push(spec.name);
    const pid = this.nextPid++;
    const h = new FakeHandle(`pid:${pid}`, pid, false, () => this.stopped.push(spec.name));
    this.behaviours.get(spec.name)?.(h, ctx, this.started.filter((n) => n === spec.name).length);
    return h;
  }

  async adopt(_spec: ServiceSpec, record: RunRecord): Promise<RunHandle | undefined> {
    return this.alive.get(record.id);
  }

  async reap(record: RunRecord): Promise<ReapOutcome> {
    this.reaped.push(record.service);
    return 'stopped';
  }

  /** An instance alive from an earlier run, adoptable through its record. */
  leftRunning(service: string, pid: number): FakeHandle {
    const h = new FakeHandle(`pid:${pid}`, pid, true, () => this.stopped.push(service));
    this.alive.set(h.id, h);
    return h;
  }
}

/** Probe results scripted per service: a function of the call number (from 1). */
export class FakeProbes implements ProbeRunner {
  readonly script = new Map<string, (n: number) => boolean>();
  readonly calls = new Map<string, number>();
  async run(_probe: ProbeSpec, ctx: { service: string }): Promise<ProbeResult> {
    const n = (this.calls.get(ctx.service) ?? 0) + 1;
    this.calls.set(ctx.service, n);
    const ok = this.script.get(ctx.service)?.(n) ?? true;
    return { ok, latencyMs: 1, at: Date.now(), detail: ok ? 'GET /health -> 200' : 'connect ECONNREFUSED' };
  }
}

export class MemoryStore implements StateStore {
  records: RunRecord[] = [];
  saves = 0;
  async load(): Promise<RunRecord[]> {
    return [...this.records];
  }
  async save(records: RunRecord[]): Promise<void> {
    this.saves++;
    this.records = [...records];
  }
}

export class FakeHost implements HostInfo {
  busy: PortInUse[] = [];
  freeMb = 16_000;
  async portsInUse(ports: readonly { port: number; host: string }[]): Promise<PortInUse[]> {
    return this.busy.filter((b) => ports.some((p) => p.port === b.port));
  }
  async freeMemoryMb(): Promise<number> {
    return this.freeMb;
  }
}

export class ListLogger implements Logger {
  readonly lines: string[] = [];
  debug(m: string): void {
    this.lines.push(m);
  }
  info(m: string): void {
    this.lines.push(m);
  }
  warn(m: string): void {
    this.lines.push(m);
  }
  error(m: string): void {
    this.lines.push(m);
  }
}

export const HTTP: ProbeSpec = { kind: 'http', url: 'http://127.0.0.1/health', expectStatus: [200, 399] };

/** A process service with test-friendly defaults (fast health, fast restarts). */
export function svc(name: string, over: Partial<ProcessService> = {}): ProcessService {
  return {
    kind: 'process',
    name,
    command: 'true',
    shell: false,
    cwd: '/tmp',
    envFiles: [],
    location: { file: 'stack.yaml', line: 1, column: 1 },
    dependsOn: [],
    ports: [],
    profiles: [],
    environment: {},
    stopGracePeriod: 100,
    extensions: {},
    restart: { policy: 'no', backoffInitial: 5, backoffMax: 40, crashLoopCount: 3, crashLoopWindow: 10_000 },
    ...over,
  };
}

export function health(over: Partial<NonNullable<ServiceSpec['health']>> = {}): NonNullable<ServiceSpec['health']> {
  return { probe: HTTP, interval: 40, timeout: 200, retries: 2, startPeriod: 0, ...over };
}

export function dep(service: string, condition: 'started' | 'healthy' | 'completed' = 'started', required = true) {
  return { service, condition, required };
}

export function stack(...services: ServiceSpec[]): StackConfig {
  return {
    name: 't',
    root: '/tmp',
    files: [],
    services: Object.fromEntries(services.map((s) => [s.name, s])),
    profiles: {},
    extensions: {},
  };
}

export function world() {
  const runner = new FakeRunner();
  const probes = new FakeProbes();
  const store = new MemoryStore();
  const host = new FakeHost();
  const logger = new ListLogger();
  const deps: EngineDeps = {
    runners: { process: runner },
    probes,
    store,
    host,
    clock: realClock,
    logger,
    runDir: '/tmp/run',
    random: () => 0.5,
  };
  /** An engine disposed after the test, even a failing one, so no probe loop outlives it. */
  const engine = (config: StackConfig) => {
    const e = new StackEngine(config, deps);
    live.push(e);
    return e;
  };
  return { runner, probes, store, host, logger, deps, engine };
}

export function logLine(service: string, text: string): LogLine {
  return { service, stream: 'stdout', text, at: Date.now() };
}

const live: StackEngine[] = [];
afterEach(() => {
  for (const e of live.splice(0)) e.dispose();
});
