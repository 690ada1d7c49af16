import { spawn } from 'node:child_process';
import { quietText } from '../../core/config/quietText';
import { closeSync, constants, openSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { realRunDir } from '../state/realRunDir';
import { join } from 'node:path';
import type { ProcessService, ServiceSpec } from '../../core/config/model';
import { splitCommand } from '../../core/config/splitCommand';
import { RestrictedModeError } from '../../core/engine/restricted';
import type { ExitInfo, Logger, LogStream, RunHandle, ReapOutcome, RunRecord, ServiceRunner, StartContext } from '../../core/ports';
import { LogFollower } from './LogFollower';
import { ProcessHandle } from './ProcessHandle';
import { readProcStat } from './procStat';
import { DEFAULT_STACK_ID, markersFor } from './processMarkers';
import { stopGroup } from './signalGroup';
import { resolveEnv } from './resolveEnv';
import { findMarkedProcesses, verifyProcess } from './verifyProcess';
import { logFileBase } from '../../core/session/logFileName';

export interface ProcessRunnerOptions {
  /** The stack's id (`stackIdOf`): every process started carries it, and only processes carrying it are ever signalled. */
  stackId?: string;
  /** The state file records come from, named in the warning when one is dropped. */
  stateFile?: string;
  /** Restricted Mode: start refuses; only verified instances are looked at or stopped. */
  restricted?: boolean;
  /** false: started processes give no readiness hints (see watchSockets). Default true. */
  readinessHints?: boolean;
}

/** Where a service's output goes: `<runDir>/logs/<service>.out.log` and `.err.log`. */
export function logPaths(runDir: string, service: string): Record<'stdout' | 'stderr', string> {
  const base = join(runDir, 'logs', logFileBase(service));
  return { stdout: `${base}.out.log`, stderr: `${base}.err.log` };
}

/**
 * Runs `process` services as their own process group (detached), so a whole tree is stopped
 * together and a service outlives a supervisor that dies (the next run adopts or reaps it through
 * the state file). Output goes to files, never pipes: a service never gets EPIPE when the
 * supervisor is gone. The files are followed to produce log lines.
 */
export class ProcessRunner implements ServiceRunner {
  readonly kind = 'process' as const;

  private readonly stackId: string;

  constructor(
    private readonly logger?: Logger,
    private readonly opts: ProcessRunnerOptions = {},
  ) {
    this.stackId = opts.stackId ?? DEFAULT_STACK_ID;
  }

  async start(spec: ServiceSpec, ctx: StartContext): Promise<RunHandle> {
    const svc = asProcess(spec);
    if (this.opts.restricted) throw new RestrictedModeError(`not starting ${svc.name}`);
    const [file, ...args] = commandOf(svc);
    await checkCwd(svc.cwd);
    const env = { ...(await resolveEnv(svc, ctx, this.logger)), ...markersFor(this.stackId, svc.name) };
    if (ctx.signal.aborted) throw new Error(`start of ${svc.name} cancelled`);
    const paths = logPaths(ctx.runDir, svc.name);
    await realRunDir(ctx.runDir);
    await realRunDir(join(ctx.runDir, 'logs'));
    // Append mode (a service writing after its file was rotated or followed never seeks); truncated per fresh start.
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_TRUNC;
    const outFd = openSync(paths.stdout, flags, 0o600);
    const errFd = openSync(paths.stderr, flags, 0o600);
    let child;
    try {
      child = spawn(file, args, { cwd: svc.cwd, env, detached: true, stdio: ['ignore', outFd, errFd] });
    } finally {
      // The child has its own copies now.
      closeSync(outFd);
      closeSync(errFd);
    }
    const exit = new Promise<ExitInfo>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err: NodeJS.ErrnoException) => reject(spawnError(err, file, svc.cwd)));
    });
    const pid = child.pid!;
    const startTime = (await readProcStat(pid))?.startTime;
    const handle = detachOnAbort(
      ProcessHandle.own(pid, startTime, this.follow(svc.name, paths, 0, 0, ctx), exit, this.opts.readinessHints !== false),
      ctx.signal,
    );
    this.logger?.debug(`${svc.name}: started ${file} as pid ${pid}`);
    return handle;
  }

  async adopt(spec: ServiceSpec, record: RunRecord, ctx: StartContext): Promise<RunHandle | undefined> {
    const verified = await this.verify(record);
    if (!verified) return undefined;
    const paths = logPaths(ctx.runDir, spec.name);
    const followers = this.follow(spec.name, paths, await LogFollower.endOf(paths.stdout), await LogFollower.endOf(paths.stderr), ctx);
    return detachOnAbort(ProcessHandle.adopt(verified.pid, verified.pgid, verified.startTime, followers, this.stackId), ctx.signal);
  }

  async reap(record: RunRecord, graceMs: number): Promise<ReapOutcome> {
    const verified = await this.verify(record);
    if (!verified) return false;
    this.logger?.info(`stopping ${record.service} (pid ${verified.pid}) left from an earlier run`);
    return (await stopGroup(verified.pgid, graceMs)) && 'stopped';
  }

  /**
   * Stops every process group of this stack that no record names (a supervisor killed between
   * spawn and saving its record), found by the markers in their environment. Returns the services stopped.
   */
  async reapStrays(known: readonly RunRecord[], graceMs: number): Promise<string[]> {
    const recorded = new Set(known.map((r) => r.pid));
    const strays = (await findMarkedProcesses(this.stackId)).filter((p) => !recorded.has(p.pid));
    await Promise.all(
      strays.map(async (p) => {
        this.logger?.info(`stopping ${p.service} (pid ${p.pid}): started for this stack but never recorded (its supervisor died)`);
        await stopGroup(p.pid, graceMs);
      }),
    );
    return strays.map((p) => p.service);
  }

  /**
   * A record is a claim: the pid, start time, owner and markers are checked in /proc and the group
   * taken from there. One that fails is dropped with a warning naming the file and the reason.
   */
  private async verify(record: RunRecord): Promise<{ pid: number; startTime: string; pgid: number } | undefined> {
    const { pid, startTime } = record;
    // Without a start time the pid cannot be told apart from a reused one: never touch it.
    if (pid === undefined || startTime === undefined) return undefined;
    const v = await verifyProcess({ pid, startTime, stackId: this.stackId, service: record.service });
    if (v.ok) return { pid, startTime, pgid: v.pgid };
    // A process that simply ended is the common case, not an attack: only a live mismatch is warned about.
    if (!/is not running$/.test(v.reason))
      this.logger?.warn(`${this.opts.stateFile ?? 'state file'}: record of ${record.service} dropped: ${v.reason}; nothing was signalled`);
    return undefined;
  }

  private follow(
    service: string,
    paths: Record<'stdout' | 'stderr', string>,
    outFrom: number,
    errFrom: number,
    ctx: StartContext,
  ): LogFollower[] {
    const line = (stream: LogStream) => (text: string) => ctx.onLog({ service, stream, text, at: Date.now() });
    return [new LogFollower(paths.stdout, outFrom, line('stdout')), new LogFollower(paths.stderr, errFrom, line('stderr'))];
  }
}

/** An aborted StartContext means the engine stopped watching this run (it keeps running). */
function detachOnAbort(handle: ProcessHandle, signal: AbortSignal): ProcessHandle {
  if (signal.aborted) handle.detach();
  else signal.addEventListener('abort', () => handle.detach(), { once: true });
  return handle;
}

function asProcess(spec: ServiceSpec): ProcessService {
  if (spec.kind !== 'process') throw new Error(`the process runner cannot run ${spec.kind} service ${spec.name}`);
  return spec;
}

/** argv as given, `command` split like a shell would (no expansion), or `/bin/sh -c` when `shell: true`. */
export function commandOf(spec: ProcessService): string[] {
  if (spec.argv && spec.argv.length > 0) return spec.argv;
  if (spec.command === undefined) throw new Error(`${spec.name} has no command`);
  if (spec.shell) return ['/bin/sh', '-c', spec.command];
  const split = splitCommand(spec.command);
  if ('error' in split) throw new Error(`${spec.name}: command has an ${split.error}`);
  if (split.argv.length === 0) throw new Error(`${spec.name} has an empty command`);
  return split.argv;
}

async function checkCwd(cwd: string): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await stat(cwd)).isDirectory();
  } catch {
    throw new Error(`working directory does not exist: ${cwd}`);
  }
  if (!isDir) throw new Error(`working directory is not a directory: ${cwd}`);
}

function spawnError(err: NodeJS.ErrnoException, file: string, cwd: string): Error {
  if (err.code === 'ENOENT') return new Error(quietText(`command not found: ${file} (cwd ${cwd})`));
  if (err.code === 'EACCES') return new Error(`permission denied running ${file} (cwd ${cwd}): is it executable?`);
  return new Error(`could not start ${file} (cwd ${cwd}): ${err.message}`);
}
