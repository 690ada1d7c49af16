import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { liveStatusFile } from './liveStatusFile';
import { readSupervisorView, type SupervisorView } from './readSupervisorView';

/** The safety poll while a supervisor holds the stack: how soon a paused or silent one is seen stale. */
export const VIEW_POLL_MS = 2000;
/** The safety poll while nobody does (a new holder's lock file is normally seen by fs.watch at once). */
const IDLE_POLL_MS = 5000;
/**
 * The poll while a holder publishes nothing (a dead supervisor's watchdog stopping what it left,
 * `down`, `up --wait`): what changes then is in the run records and the instances, not in a file
 * watched here, so every read is passed on (the reader looks again), twice a second.
 */
const SILENT_HOLDER_POLL_MS = 500;
/** File events come in bursts (the temp file, the rename): one read per burst. */
const SETTLE_MS = 20;

/** Identity of a view for change detection: holder, what it says (not when it said it: a heartbeat is no change), whether it is stale. */
const keyOf = (v: SupervisorView): string =>
  JSON.stringify([v.holder?.pid, v.holder?.startTime, v.live?.services ?? null, v.live?.alerts ?? null, v.freshness]);

/**
 * Follows a stack's live supervisor as another process sees it (a window that does not hold the
 * lock): `onChange` gets the lock holder, its published view and whether that view is current,
 * whenever one of them changes. fs.watch on the stack's state folder (the lock and status.json
 * live there; replaced by rename, so the folder is watched, not the file) plus a slow safety poll,
 * which is also what notices a supervisor that stopped writing. No busy polling. Reads are bounded
 * (size cap, validated JSON, only the verified live holder's file).
 */
export class SupervisorViewWatch {
  private watcher: fs.FSWatcher | undefined;
  private poll: ReturnType<typeof setTimeout> | undefined;
  private settle: ReturnType<typeof setTimeout> | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private last = '';
  private silentReads = 0;
  private disposed = false;
  private readonly dir: string;
  current: SupervisorView | undefined;

  constructor(
    private readonly root: string,
    private readonly onChange: (view: SupervisorView) => void,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly pollMs = VIEW_POLL_MS,
    /** True while this process is the supervisor itself (it holds the lock): nothing is read then. */
    private readonly paused: () => boolean = () => false,
  ) {
    this.dir = dirname(liveStatusFile(root, env));
    this.refresh();
  }

  /** Reads now (coalesced with a read in progress). */
  refresh(): void {
    if (this.disposed) return;
    // Our own writes (up to 20 a second) would each trigger a read of what we just wrote.
    if (this.paused()) {
      this.last = '';
      return this.schedulePoll(IDLE_POLL_MS);
    }
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.read().finally(() => {
      this.reading = undefined;
      if (this.again) {
        this.again = false;
        this.refresh();
      } else this.schedulePoll();
    });
  }

  private async read(): Promise<void> {
    this.ensureWatch();
    const view = await readSupervisorView(this.root, this.env).catch(() => undefined);
    if (!view || this.disposed) return;
    this.current = view;
    // A holder that publishes no view: each read is news (a watchdog's mark, a container that ended meanwhile).
    const key = view.holder && !view.live ? `${keyOf(view)}#${++this.silentReads}` : keyOf(view);
    if (key === this.last) return;
    this.last = key;
    this.onChange(view);
  }

  private schedulePoll(
    ms = this.current?.holder
      ? this.current.live
        ? this.pollMs
        : Math.min(this.pollMs, SILENT_HOLDER_POLL_MS)
      : Math.max(this.pollMs, IDLE_POLL_MS),
  ): void {
    if (this.disposed) return;
    if (this.poll) clearTimeout(this.poll);
    this.poll = setTimeout(() => this.refresh(), ms);
    this.poll.unref?.();
  }

  /** The folder may not exist yet (no supervisor ever ran): then the poll retries. */
  private ensureWatch(): void {
    if (this.watcher || this.disposed) return;
    try {
      this.watcher = fs.watch(this.dir, { persistent: false }, (_event, name) => {
        if (name && name !== 'status.json' && name !== 'lock') return;
        if (this.settle) return;
        this.settle = setTimeout(() => {
          this.settle = undefined;
          this.refresh();
        }, SETTLE_MS);
      });
      this.watcher.on('error', () => {
        // The folder went away (removed by hand): watch again once it is back.
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      this.watcher = undefined;
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.poll) clearTimeout(this.poll);
    if (this.settle) clearTimeout(this.settle);
    this.watcher?.close();
  }
}
