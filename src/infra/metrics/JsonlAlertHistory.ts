import { appendFile, mkdir, readFile, stat, writeFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseHistory, type AlertHistory, type AlertHistoryEntry, type HistoryRead } from '../../core/alerts/AlertHistory';
import type { Logger } from '../../core/ports';

/**
 * Alert history as a JSON-lines file that never grows without bound: past `maxBytes` it is
 * rewritten (atomically) keeping the newest half. Writes are queued, so appends never block.
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
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skipped: [] };
      throw e;
    }
    const r = parseHistory(text);
    for (const s of r.skipped) this.logger?.warn(`alert history ${this.file}:${s.line}: skipped a corrupt line (${s.reason})`);
    return r;
  }

  private async write(line: string): Promise<void> {
    if (this.size === undefined) {
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      this.size = await stat(this.file).then(
        (s) => s.size,
        () => 0,
      );
    }
    await appendFile(this.file, line, { mode: 0o600 });
    this.size += Buffer.byteLength(line);
    if (this.size > this.maxBytes) await this.trim();
  }

  private async trim(): Promise<void> {
    const text = await readFile(this.file, 'utf8');
    let keep = text.slice(text.length - Math.floor(this.maxBytes / 2));
    keep = keep.slice(keep.indexOf('\n') + 1);
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, keep, { mode: 0o600 });
    await rename(tmp, this.file);
    this.size = Buffer.byteLength(keep);
  }
}
