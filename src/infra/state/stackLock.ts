import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSameProcess, readProcStat } from '../process/procStat';
import { stackIdOf } from '../process/processMarkers';
import { stackStateDir } from './stateHome';

/**
 * Who supervises: a foreground `up`, an `up --wait` (until its services settled), `down`, an editor
 * window, or the watchdog of a supervisor that died (while it stops what that supervisor owned).
 */
export type LockKind = 'cli' | 'cli-wait' | 'down' | 'window' | 'watchdog';

export interface LockHolder {
  pid: number;
  startTime: string;
  kind: LockKind;
  /** Epoch ms when the lock was taken. */
  since: number;
}

export interface StackLock {
  readonly holder: LockHolder;
  /** Removes the lock file if it still names this holder. */
  release(): Promise<void>;
}

const KINDS = new Set<LockKind>(['cli', 'cli-wait', 'down', 'window', 'watchdog']);

/** "stackpilot up (pid 1234)", "a VS Code window (pid 77)": who holds it, for a message. */
export function describeHolder(h: LockHolder): string {
  switch (h.kind) {
    case 'cli':
      return `stackpilot up (pid ${h.pid})`;
    case 'cli-wait':
      return `stackpilot up --wait (pid ${h.pid})`;
    case 'down':
      return `stackpilot down (pid ${h.pid})`;
    case 'window':
      return `a VS Code window (pid ${h.pid})`;
    case 'watchdog':
      return `the Stackpilot watchdog of a supervisor that died (pid ${h.pid})`;
  }
}

/** A holder that only holds the lock while it starts or stops things, and then lets go by itself. */
export const isTransient = (h: LockHolder): boolean => h.kind === 'cli-wait' || h.kind === 'down' || h.kind === 'watchdog';

function parseHolder(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (
      !Number.isSafeInteger(v.pid) ||
      (v.pid as number) <= 0 ||
      typeof v.startTime !== 'string' ||
      !/^\d+$/.test(v.startTime) ||
      !KINDS.has(v.kind as LockKind)
    )
      return undefined;
    return { pid: v.pid!, startTime: v.startTime, kind: v.kind!, since: Number(v.since) || 0 };
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One supervisor per stack, across editor windows and the CLI: `<dir>/lock`, created whole and at
 * once (a complete temp file hard-linked into place, which fails if the lock exists), holding the
 * holder's pid, process start time and kind. A lock whose holder no longer runs (another process
 * now has the pid, or none) is stale and taken over, under a second short-lived `takeover` lock so
 * two takers cannot both win.
 */
export class StackLocks {
  private readonly file: string;
  private readonly takeoverFile: string;

  constructor(private readonly dir: string) {
    this.file = join(dir, 'lock');
    this.takeoverFile = join(dir, 'lock.takeover');
  }

  /** The live holder, if any (a stale or unreadable lock has none). */
  async holder(): Promise<LockHolder | undefined> {
    const h = await this.read(this.file);
    return h && (await alive(h)) ? h : undefined;
  }

  /** Takes the lock, or returns who holds it. */
  async acquire(kind: LockKind): Promise<{ lock: StackLock } | { heldBy: LockHolder }> {
    const startTime = (await readProcStat(process.pid))?.startTime ?? '0';
    const me: LockHolder = { pid: process.pid, startTime, kind, since: Date.now() };
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = join(this.dir, `lock.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(tmp, JSON.stringify(me) + '\n', { mode: 0o600 });
    try {
      for (let attempt = 0; attempt < 200; attempt++) {
        if (await tryLink(tmp, this.file)) return { lock: this.lockFor(me) };
        const current = await this.read(this.file);
        if (current && (await alive(current))) return { heldBy: current };
        // Stale (or unreadable): take it over, one taker at a time.
        if (!(await tryLink(tmp, this.takeoverFile))) {
          await this.clearStaleTakeover();
          await sleep(20 + attempt);
          continue;
        }
        try {
          const again = await this.read(this.file);
          if (!again || !(await alive(again))) await unlink(this.file).catch(() => undefined);
          if (await tryLink(tmp, this.file)) return { lock: this.lockFor(me) };
        } finally {
          await unlink(this.takeoverFile).catch(() => undefined);
        }
      }
      throw new Error(`could not take the lock ${this.file}`);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  /** Waits until no live holder is left (or `timeoutMs` passes); true when free. */
  async waitUntilFree(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end && !signal?.aborted) {
      if (!(await this.holder())) return true;
      await sleep(100);
    }
    return !(await this.holder());
  }

  private lockFor(me: LockHolder): StackLock {
    return {
      holder: me,
      release: async () => {
        const now = await this.read(this.file);
        if (now && now.pid === me.pid && now.startTime === me.startTime && now.since === me.since)
          await unlink(this.file).catch(() => undefined);
      },
    };
  }

  /** A taker that died mid-takeover leaves its file: gone after its holder is, or after 10 s. */
  private async clearStaleTakeover(): Promise<void> {
    const h = await this.read(this.takeoverFile);
    const age = await stat(this.takeoverFile).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if ((h && !(await alive(h))) || age > 10_000) await unlink(this.takeoverFile).catch(() => undefined);
  }

  private async read(file: string): Promise<LockHolder | undefined> {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    return text === undefined ? undefined : parseHolder(text);
  }
}

async function tryLink(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

async function alive(h: LockHolder): Promise<boolean> {
  return isSameProcess(h.pid, h.startTime);
}

/** The lock of the stack whose files live in `root`, in the user's state folder. */
export function stackLocks(root: string, env: NodeJS.ProcessEnv = process.env): StackLocks {
  return new StackLocks(stackStateDir(stackIdOf(root), env));
}
