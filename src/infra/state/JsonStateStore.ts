import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { realRunDir } from './realRunDir';
import { join } from 'node:path';
import type { Logger, RunRecord, StateStore } from '../../core/ports';
import { readRunFile } from './readRunFile';

const VERSION = 1;

/**
 * Run records in `<runDir>/state.json`. Saves write a temp file, fsync it and rename it over the
 * old one, so a reader (or a crash) sees the old or the new file, never half of one. Saves from
 * one store are applied in call order. A missing or unreadable file loads as no records.
 */
export class JsonStateStore implements StateStore {
  readonly file: string;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly runDir: string,
    private readonly logger?: Logger,
  ) {
    this.file = join(runDir, 'state.json');
  }

  async load(): Promise<RunRecord[]> {
    // The repository can ship this file: a link, FIFO or device is refused, not followed (a FIFO hung the window, /dev/zero filled its memory).
    const text = readRunFile(this.file, {
      refused: (why) => this.logger?.warn(`could not read ${this.file}: it ${why}; starting with no records`),
    });
    if (text === undefined) return [];
    try {
      const data: unknown = JSON.parse(text);
      const list: unknown = Array.isArray(data) ? data : (data as { records?: unknown } | null)?.records;
      if (!Array.isArray(list)) throw new Error('no records list');
      const out: RunRecord[] = [];
      list.forEach((item, i) => {
        const problem = recordProblem(item);
        if (problem) this.logger?.warn(`${this.file}: record ${i + 1} dropped: ${problem}`);
        else out.push(item as RunRecord);
      });
      return out;
    } catch (err) {
      this.logger?.warn(
        `${this.file} is corrupt (${(err as Error).message}); ignoring it. Services an earlier run left running are not adopted.`,
      );
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
    await realRunDir(this.runDir);
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

const KINDS = new Set(['process', 'docker', 'external']);
const isPosInt = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;
const isTime = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * Why `v` is not a well-formed run record (undefined when it is). The file may come from anyone
 * (a repository can ship one): integers must be integers, start times digit strings.
 */
export function recordProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not an object';
  const r = v as Record<string, unknown>;
  if (typeof r.service !== 'string' || r.service === '') return 'service is not a name';
  if (typeof r.kind !== 'string' || !KINDS.has(r.kind)) return `kind is not one of ${[...KINDS].join(', ')}`;
  if (typeof r.id !== 'string') return 'id is not a string';
  if (typeof r.configHash !== 'string') return 'configHash is not a string';
  if (!isTime(r.startedAt)) return 'startedAt is not a time';
  if (r.completedAt !== undefined && !isTime(r.completedAt)) return 'completedAt is not a time';
  if (r.exitedAt !== undefined && !isTime(r.exitedAt)) return 'exitedAt is not a time';
  if (r.exitCode !== undefined && !(Number.isSafeInteger(r.exitCode) && (r.exitCode as number) >= 0 && (r.exitCode as number) <= 255))
    return 'exitCode is not a whole number from 0 to 255';
  if (r.exitSignal !== undefined && (typeof r.exitSignal !== 'string' || !/^SIG[A-Z0-9+-]{1,12}$/.test(r.exitSignal)))
    return 'exitSignal is not a signal name';
  if (r.stopping !== undefined) {
    const m = r.stopping as Record<string, unknown> | null;
    if (typeof m !== 'object' || m === null || m.by !== 'watchdog' || !isTime(m.at)) return 'stopping is not a watchdog mark';
  }
  if (r.pid !== undefined && !isPosInt(r.pid)) return 'pid is not a positive integer';
  if (r.pgid !== undefined && !isPosInt(r.pgid)) return 'pgid is not a positive integer';
  if (r.startTime !== undefined && (typeof r.startTime !== 'string' || !/^\d{1,20}$/.test(r.startTime)))
    return 'startTime is not a number of clock ticks';
  if (r.kind === 'process' && (r.pid === undefined || r.startTime === undefined)) return 'a process record needs pid and startTime';
  return undefined;
}
