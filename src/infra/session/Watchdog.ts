import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { readProcStat } from '../process/procStat';
import { SERVICE_MARKER, STACK_MARKER } from '../process/processMarkers';
import type { OwnedService, WatchdogMessage } from './watchdogProtocol';

/** The variable naming the stack a watchdog process guards (how a test or a person finds it in /proc). */
export const WATCHDOG_MARKER = 'STACKPILOT_WATCHDOG';
/**
 * `pid:startTime` of the supervisor, set by it when it spawns its watchdog: who may send `init`,
 * believed even when the supervisor died before the watchdog read its first line (its parent is then
 * no longer the supervisor).
 */
export const WATCHDOG_SUPERVISOR = 'STACKPILOT_WATCHDOG_SUPERVISOR';

/**
 * dist/watchdog.js beside the running bundle (dist/cli.js, dist/extension.js); from the sources
 * (tests), the built one in the repository's dist/.
 */
export function defaultWatchdogScript(): string {
  const beside = join(__dirname, 'watchdog.js');
  const built = join(__dirname, '..', '..', '..', 'dist', 'watchdog.js');
  return existsSync(beside) || !existsSync(built) ? beside : built;
}

export interface WatchdogOptions {
  stackId: string;
  project: string;
  stateDir: string;
  /** The run's folder (absolute): the watchdog drops the records of what it stops from its state.json. */
  runDir?: string;
  /** Who supervises, for the watchdog's log: "stackpilot up", "a VS Code window". */
  what: string;
  script?: string;
  warn: (message: string) => void;
}

/**
 * The supervisor's side of its watchdog: a small detached process (its own session, so a Ctrl-C
 * meant for the supervisor does not reach it) holding the read end of a pipe whose write end only
 * this process holds. `own` tells it what to stop should this process die without ending its run;
 * `release` ends it (after this process stopped what it should, or to hand the services over).
 */
export class Watchdog {
  private constructor(
    private readonly child: ChildProcess,
    private readonly warn: (message: string) => void,
  ) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts the watchdog; undefined (with a warning) when its script is missing or it cannot start. */
  static async start(opts: WatchdogOptions): Promise<Watchdog | undefined> {
    const script = opts.script ?? defaultWatchdogScript();
    if (!existsSync(script)) {
      opts.warn(`no watchdog (${script} is missing): what this run starts is not stopped if this process dies`);
      return undefined;
    }
    const startTime = (await readProcStat(process.pid))?.startTime;
    if (!startTime) {
      opts.warn('no watchdog (this process has no /proc entry): what this run starts is not stopped if this process dies');
      return undefined;
    }
    mkdirSync(opts.stateDir, { recursive: true, mode: 0o700 });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      [WATCHDOG_MARKER]: opts.stackId,
      [WATCHDOG_SUPERVISOR]: `${process.pid}:${startTime}`,
      ELECTRON_RUN_AS_NODE: '1',
    };
    // Never mistaken for one of the stack's services (which would make it a stray to reap).
    delete env[STACK_MARKER];
    delete env[SERVICE_MARKER];
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [script], { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env, cwd: opts.stateDir });
    const w = new Watchdog(child, opts.warn);
    const failed = await new Promise<Error | undefined>((resolve) => {
      child.once('error', resolve);
      child.once('spawn', () => resolve(undefined));
    });
    if (failed) {
      opts.warn(`no watchdog (${failed.message}): what this run starts is not stopped if this process dies`);
      return undefined;
    }
    child.on('error', () => undefined);
    child.stdin!.on('error', () => undefined);
    // Neither keeps this process alive: the watchdog lives beside it, not as a task of it.
    child.unref();
    (child.stdin as Socket).unref?.();
    w.send({
      type: 'init',
      stackId: opts.stackId,
      project: opts.project,
      stateDir: opts.stateDir,
      ...(opts.runDir ? { runDir: opts.runDir } : {}),
      supervisor: { pid: process.pid, startTime, what: opts.what },
    });
    return w;
  }

  /** What to stop should this process die now (replaces the earlier set). */
  own(services: OwnedService[]): void {
    this.send({ type: 'own', services });
  }

  /** Ends the watchdog without it stopping anything. Resolves once the message is written. */
  release(): Promise<void> {
    return new Promise((resolve) => {
      const stdin = this.child.stdin;
      if (!stdin || stdin.destroyed || !stdin.writable) return resolve();
      stdin.write(JSON.stringify({ type: 'release' } satisfies WatchdogMessage) + '\n', () => {
        stdin.end();
        resolve();
      });
    });
  }

  private send(m: WatchdogMessage): void {
    const stdin = this.child.stdin;
    if (!stdin || stdin.destroyed || !stdin.writable)
      return this.warn('the watchdog is gone: what this run starts is not stopped if this process dies');
    stdin.write(JSON.stringify(m) + '\n');
  }
}
