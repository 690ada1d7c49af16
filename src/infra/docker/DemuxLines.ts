import type { LogStream } from '../../core/ports';

const MAX_LINE = 16 * 1024;

/**
 * Splits Docker's multiplexed log stream (non-TTY containers: 8-byte frames, byte 0 = 1 stdout /
 * 2 stderr, bytes 4-7 = big-endian length) into text lines per stream. Frames and lines may be cut
 * anywhere across chunks; very long lines are emitted in 16 KiB pieces.
 */
export class DemuxLines {
  private pending: Buffer = Buffer.alloc(0);
  private readonly partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };

  constructor(
    private readonly onLine: (stream: LogStream, text: string) => void,
    private readonly tty = false,
  ) {}

  push(chunk: Buffer): void {
    if (this.tty) return this.text('stdout', chunk.toString('utf8'));
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const len = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + len) break;
      const stream = this.pending[0] === 2 ? 'stderr' : 'stdout';
      this.text(stream, this.pending.subarray(8, 8 + len).toString('utf8'));
      this.pending = this.pending.subarray(8 + len);
    }
  }

  /** Emits what is left without a final newline. */
  end(): void {
    for (const s of ['stdout', 'stderr'] as const) {
      if (this.partial[s]) this.onLine(s, this.partial[s]);
      this.partial[s] = '';
    }
  }

  private text(stream: 'stdout' | 'stderr', text: string): void {
    let buf = this.partial[stream] + text;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      this.onLine(stream, buf.slice(0, nl).replace(/\r$/, ''));
      buf = buf.slice(nl + 1);
    }
    while (buf.length > MAX_LINE) {
      this.onLine(stream, buf.slice(0, MAX_LINE));
      buf = buf.slice(MAX_LINE);
    }
    this.partial[stream] = buf;
  }
}
