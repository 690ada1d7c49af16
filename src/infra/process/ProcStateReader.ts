import { closeSync, openSync, readSync } from 'node:fs';
import { parseProcStat } from './procStat';

/** /proc/<pid>/stat is a few hundred bytes (52 numbers and a 16-byte name). */
const buf = Buffer.alloc(1024);

/**
 * Reads one process's state letter (R, S, T for stopped, Z...) from /proc/<pid>/stat through a
 * descriptor kept open: each read is one pread at offset 0, which procfs answers afresh, instead of
 * an open, a read and a close (the pause check asks 4 times a second per service). The descriptor
 * stays bound to the process it was opened for: once that process is gone, reads fail (ESRCH)
 * rather than describe another one that reuses its pid.
 */
export class ProcStateReader {
  private fd: number | undefined;

  constructor(private readonly pid: number) {}

  /** The state letter, or undefined when the process cannot be read (gone, or no procfs). */
  state(): string | undefined {
    try {
      this.fd ??= openSync(`/proc/${this.pid}/stat`, 'r');
      const n = readSync(this.fd, buf, 0, buf.length, 0);
      // Through the one parser of the file (the name in parentheses may itself hold ')').
      return parseProcStat(buf.toString('utf8', 0, n))?.state;
    } catch {
      this.close();
      return undefined;
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = undefined;
  }
}
