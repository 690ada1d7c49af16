import { FileRefusedError } from '../../core/ports';
import { readCappedSync } from '../readCapped';

/** Larger than any run file Stackpilot writes (records, timings, start history, a run record). */
export const MAX_RUN_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Reads a file Stackpilot itself writes under `.stackpilot/` (run records, timings, start history,
 * log files) — a folder the repository can ship, so its content is hostile: never through a link
 * (O_NOFOLLOW), never a FIFO or device (O_NONBLOCK, then checked on the open descriptor: a FIFO
 * would block the editor's extension host for good, /dev/zero fill its memory), and at most
 * `maxBytes` — or, with `tail`, only the last `maxBytes` of a longer file (logs). Undefined when
 * there is no such regular file; `refused` says why one was not read.
 */
export function readRunFile(
  file: string,
  opts: { maxBytes?: number; tail?: boolean; refused?: (why: string) => void } = {},
): string | undefined {
  try {
    return readCappedSync(file, {
      maxBytes: opts.maxBytes ?? MAX_RUN_FILE_BYTES,
      tail: opts.tail,
      noFollow: 'is a link (files under .stackpilot/ are never read through links)',
    });
  } catch (err) {
    opts.refused?.(err instanceof FileRefusedError ? err.reason : (err as Error).message);
    return undefined;
  }
}
