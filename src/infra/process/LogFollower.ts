import { watch, type FSWatcher } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** Longest line kept whole; a longer run of bytes without a newline is passed on in pieces. */
const MAX_LINE = 64 * 1024;
const CHUNK = 64 * 1024;
const SAFETY_POLL_MS = 5000;

/**
 * Follows a log file a service appends to, calling `onLine` for every complete line (without the
 * newline). fs.watch wakes it promptly, with a 5 s poll as a safety net; without a working watch
 * (some platforms and filesystems) a 100 ms poll does. Reads are serialised so lines arrive in order exactly once.
 */
export class LogFollower {
  private offset: number;
  private partial: Buffer = Buffer.alloc(0);
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly path: string,
    startOffset: number,
    private readonly onLine: (text: string) => void,
  ) {
    this.offset = startOffset;
    try {
      this.watcher = watch(path, (event) => {
        // Renamed or removed: this watch no longer sees the file's writes; the fast poll takes over.
        if (event === 'rename') this.closeWatcher();
        this.poke();
      });
      this.watcher.on('error', () => this.closeWatcher());
    } catch {
      // No watch support here: the poll alone will do.
    }
    this.schedulePoll();
    this.poke();
  }

  /**
   * With a watcher the poll is only a safety net (every 5 s: a stat of every log file of every
   * service each second was a fifth of an idle supervisor's CPU); without one it is the wake-up (100 ms).
   */
  private schedulePoll(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => this.poke(), this.watcher ? SAFETY_POLL_MS : 100);
    this.timer.unref();
  }

  /** The file's current size: where a follower of only new output starts. */
  static async endOf(path: string): Promise<number> {
    try {
      return (await stat(path)).size;
    } catch {
      return 0;
    }
  }

  /** Reads what is left, passes on a last unterminated line, and stops following. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.closeWatcher();
    if (this.timer) clearInterval(this.timer);
    this.poke();
    while (this.reading) await this.reading;
    this.stopped = true;
    if (this.partial.length > 0) this.emit(this.partial);
    this.partial = Buffer.alloc(0);
  }

  private poke(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.drain().finally(() => {
      this.reading = undefined;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  private async drain(): Promise<void> {
    // Most polls find nothing new: one stat then, no open/read/close and no buffer.
    try {
      if ((await stat(this.path)).size === this.offset) return;
    } catch {
      return;
    }
    let fh;
    try {
      fh = await open(this.path, 'r');
    } catch {
      return;
    }
    try {
      const { size } = await fh.stat();
      if (size < this.offset) {
        // Truncated (a fresh start of the service): follow from the top again.
        this.offset = 0;
        this.partial = Buffer.alloc(0);
      }
      const buf = Buffer.alloc(CHUNK);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, CHUNK, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        this.split(buf.subarray(0, bytesRead));
      }
    } catch {
      // The file vanished or could not be read this time; the next poke tries again.
    } finally {
      await fh.close();
    }
  }

  private split(chunk: Buffer): void {
    let data = this.partial.length > 0 ? Buffer.concat([this.partial, chunk]) : chunk;
    let nl: number;
    while ((nl = data.indexOf(0x0a)) >= 0) {
      this.emit(data.subarray(0, nl));
      data = data.subarray(nl + 1);
    }
    while (data.length > MAX_LINE) {
      this.emit(data.subarray(0, MAX_LINE));
      data = data.subarray(MAX_LINE);
    }
    this.partial = Buffer.from(data);
  }

  private emit(bytes: Buffer): void {
    const text = bytes.toString('utf8');
    this.onLine(text.endsWith('\r') ? text.slice(0, -1) : text);
  }

  private closeWatcher(): void {
    if (!this.watcher) return;
    this.watcher.close();
    this.watcher = undefined;
    if (!this.stopped && this.timer) this.schedulePoll();
  }
}
