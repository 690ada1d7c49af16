import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readRunFile } from '../state/readRunFile';
import { writeFileAtomicSync } from '../state/writeFileAtomicSync';
import { parseHistory, type AlertHistory, type AlertHistoryEntry, type HistoryRead } from '../../core/alerts/AlertHistory';
import type { Logger } from '../../core/ports';

/**
 * Alert history as a JSON-lines file that never grows without bound: past `maxBytes` it is
 * rewritten (atomically) keeping the newest half. Writes are queued, so appends never block.
 * The file usually lives in `.stackpilot/`, which a repository can ship: it is never written
 * through a link (O_NOFOLLOW) and only when it is a regular file (a FIFO or a device is refused).
 */
export class JsonlAlertHistory implements AlertHistory {
  private queue: Promise<void> = Promise.resolve();
  private size?: number;

  constructor(
    readonly file: string,
    private readonly logger?: Logger,
    private readonly maxBytes = 1024 * 1024,
  ) {}

  append(entry: AlertHistoryEntry): void {
    const line = JSON.stringify(entry) + '\n';
    this.queue = this.queue.then(() => this.write(line)).catch((e: Error) => this.logger?.warn(`alert history ${this.file}: ${e.message}`));
  }

  flush(): Promise<void> {
    return this.queue;
  }

  async read(): Promise<HistoryRead> {
    await this.flush();
    let refused: string | undefined;
    const text = readRunFile(this.file, { maxBytes: this.maxBytes * 2, tail: true, refused: (why) => (refused = why) });
    if (refused !== undefined) this.logger?.warn(`alert history ${this.file}: not read, it ${refused}`);
    if (text === undefined) return { entries: [], skipped: [] };
    const r = parseHistory(text);
    for (const s of r.skipped) this.logger?.warn(`alert history ${this.file}:${s.line}: skipped a corrupt line (${s.reason})`);
    return r;
  }

  private async write(line: string): Promise<void> {
    if (this.size === undefined) await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;
    const fh = await open(this.file, flags, 0o600).catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'ELOOP' ? new Error('is a link: not written through (files under .stackpilot/ never are)') : e;
    });
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new Error('is not a regular file: not written');
      this.size ??= st.size;
      await fh.write(line);
    } finally {
      await fh.close();
    }
    this.size += Buffer.byteLength(line);
    if (this.size > this.maxBytes) this.trim();
  }

  private trim(): void {
    const text = readRunFile(this.file, { maxBytes: this.maxBytes * 2, tail: true }) ?? '';
    let keep = text.slice(text.length - Math.floor(this.maxBytes / 2));
    keep = keep.slice(keep.indexOf('\n') + 1);
    writeFileAtomicSync(this.file, keep);
    this.size = Buffer.byteLength(keep);
  }
}
