import type { Disposable, ExitInfo, RunHandle } from '../../core/ports';
import type { LogFollower } from './LogFollower';
import { groupMembers, isSameProcess } from './procStat';
import { ProcStateReader } from './ProcStateReader';
import { STACK_MARKER } from './processMarkers';
import { stopGroup } from './signalGroup';
import { readEnviron } from './verifyProcess';
import { watchSockets } from './watchSockets';

/** How long members a crashed leader leaves behind in its group get to go after SIGTERM. */
const LEFTOVER_GRACE_MS = 2000;
const ADOPTED_POLL_MS = 250;

/**
 * A running process group: one this runner spawned (its child is the group leader) or one adopted
 * from an earlier run (known only by pid, start time and group, watched through /proc).
 */
export class ProcessHandle implements RunHandle {
  readonly id: string;
  readonly exited: Promise<ExitInfo>;
  private ended: ExitInfo | undefined;
  private resolveExit!: (info: ExitInfo) => void;
  private poll: NodeJS.Timeout | undefined;
  private stopping = false;
  /** For an adopted group: the stack id its members must carry before the group is signalled. */
  private stackId: string | undefined;
  /** The leader's /proc/<pid>/stat, kept open for the pause check. */
  private readonly stat: ProcStateReader;

  private constructor(
    readonly pid: number,
    readonly pgid: number,
    readonly startTime: string | undefined,
    readonly adopted: boolean,
    private readonly followers: LogFollower[],
  ) {
    this.id = `pid:${pid}`;
    this.stat = new ProcStateReader(pid);
    this.exited = new Promise((r) => (this.resolveExit = r));
  }

  /**
   * A child spawned with `detached: true` (so its pid is its group id). `exit` comes from the
   * child's 'exit' event, subscribed right at spawn so a quick exit is not missed.
   */
  static own(pid: number, startTime: string | undefined, followers: LogFollower[], exit: Promise<ExitInfo>, hints = true): ProcessHandle {
    const h = new ProcessHandle(pid, pid, startTime, false, followers);
    if (!hints) h.readinessHints = undefined;
    void exit.then((info) => h.finish(info, true));
    return h;
  }

  /** A process from an earlier run, already checked to be the recorded one. */
  static adopt(pid: number, pgid: number, startTime: string, followers: LogFollower[], stackId: string): ProcessHandle {
    const h = new ProcessHandle(pid, pgid, startTime, true, followers);
    h.stackId = stackId;
    h.poll = setInterval(() => void h.checkAdopted(), ADOPTED_POLL_MS);
    h.poll.unref();
    return h;
  }

  async stop(graceMs: number): Promise<ExitInfo> {
    this.stopping = true;
    // Even after the leader ended, members it left in the group are stopped too.
    if ((!this.ended || (await groupMembers(this.pgid)).length > 0) && (await this.stillOurs())) await stopGroup(this.pgid, graceMs);
    if (this.adopted) await this.checkAdopted();
    return this.exited;
  }

  /**
   * Stopped by SIGSTOP (or SIGTSTP, SIGTTIN, SIGTTOU): state `T` of the leader in /proc/<pid>/stat.
   * Asked 4 times a second of every service, so read synchronously (procfs is in memory; an async
   * readFile cost a thread-pool round trip, a file handle and a buffer each), through a descriptor
   * kept open until the leader ends: one pread per check instead of open, read and close.
   */
  async paused(): Promise<boolean> {
    if (this.ended) return false;
    return this.stat.state() === 'T';
  }

  /** A socket appearing in the process tree hints that it is about to listen (see watchSockets). */
  readinessHints?: (onHint: () => void) => Disposable = (onHint) => {
    if (this.ended) return { dispose() {} };
    const w = watchSockets(this.pid, onHint);
    void this.exited.then(() => w.dispose());
    return w;
  };

  /**
   * The engine is done watching this run (its StartContext was aborted): stop following logs and,
   * for an adopted process, stop polling /proc. The process itself is left alone; `exited` of an
   * adopted handle then never resolves, since nobody watches any more.
   */
  detach(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    this.stat.close();
    for (const f of this.followers) void f.stop();
  }

  /**
   * An adopted group is signalled only while a live member of it still carries the stack's markers
   * (its group id could otherwise have been reused since). A group this handle spawned is ours.
   */
  private async stillOurs(): Promise<boolean> {
    if (!this.adopted || this.stackId === undefined) return true;
    for (const pid of await groupMembers(this.pgid)) {
      const env = await readEnviron(pid);
      if (env?.get(STACK_MARKER) === this.stackId) return true;
    }
    return false;
  }

  private async checkAdopted(): Promise<void> {
    if (this.ended || (this.startTime && (await isSameProcess(this.pid, this.startTime)))) return;
    // Not our child, so the exit status is unknown.
    await this.finish({ code: null, signal: null, at: Date.now() }, false);
  }

  private async finish(info: ExitInfo, reapLeftovers: boolean): Promise<void> {
    if (this.ended) return;
    this.ended = info;
    this.stat.close();
    if (this.poll) clearInterval(this.poll);
    await Promise.all(this.followers.map((f) => f.stop()));
    // The exit is told first: finding leftovers scans all of /proc, which took 30-190 ms on a loaded
    // machine and delayed every crash's detection by as much (measured with `npm run bench:truth`).
    this.resolveExit(info);
    if (reapLeftovers && !this.stopping) void this.reapLeftovers();
  }

  /** Members a crashed leader left in its group are stopped (SIGTERM, then SIGKILL after a grace). */
  private async reapLeftovers(): Promise<void> {
    try {
      if ((await groupMembers(this.pgid)).length > 0) await stopGroup(this.pgid, LEFTOVER_GRACE_MS);
    } catch {
      // best effort
    }
  }
}
