import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger, RunRecord, StateStore } from '../../core/ports';

const VERSION = 1;

/**
 * Run records in `<runDir>/state.json`. Saves write a temp file, fsync it and rename it over the
 * old one, so a reader (or a crash) sees the old or the new file, never half of one. Saves from
 * one store are applied in call order. A missing or unreadable file loads as no records.
 */
export class JsonStateStore implements StateStore {
  readonly file: string;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly runDir: string, private readonly logger?: Logger) {
    this.file = join(runDir, 'state.json');
  }

  async load(): Promise<RunRecord[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.logger?.warn(`could not read ${this.file}: ${(err as Error).message}; starting with no records`);
      return [];
    }
    try {
      const data: unknown = JSON.parse(text);
      const list: unknown = Array.isArray(data) ? data : (data as { records?: unknown } | null)?.records;
      if (!Array.isArray(list)) throw new Error('no records list');
      return list.filter(isRecord);
    } catch (err) {
      this.logger?.warn(`${this.file} is corrupt (${(err as Error).message}); ignoring it. Services an earlier run left running are not adopted.`);
      return [];
    }
  }

  save(records: RunRecord[]): Promise<void> {
    const text = JSON.stringify({ version: VERSION, records }, null, 2) + '\n';
    const next = this.queue.then(() => this.write(text));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(text: string): Promise<void> {
    await mkdir(this.runDir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const fh = await open(tmp, 'w', 0o600);
      try {
        await fh.writeFile(text, 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.file);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }
}

function isRecord(v: unknown): v is RunRecord {
  const r = v as Partial<RunRecord> | null;
  return typeof r === 'object' && r !== null && typeof r.service === 'string' && typeof r.id === 'string' && typeof r.kind === 'string' && typeof r.configHash === 'string';
}
