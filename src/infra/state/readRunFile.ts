import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

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
  const max = opts.maxBytes ?? MAX_RUN_FILE_BYTES;
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW | constants.O_NOCTTY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') opts.refused?.('is a link (files under .stackpilot/ are never read through links)');
    else if (code !== 'ENOENT' && code !== 'ENOTDIR') opts.refused?.((err as Error).message);
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      opts.refused?.(
        `is not a regular file (a ${st.isDirectory() ? 'folder' : st.isFIFO() ? 'FIFO' : st.isSocket() ? 'socket' : 'device'})`,
      );
      return undefined;
    }
    if (st.size > max && !opts.tail) {
      opts.refused?.(`is ${st.size} bytes, over the ${max} byte limit`);
      return undefined;
    }
    const from = opts.tail ? Math.max(0, st.size - max) : 0;
    const buf = Buffer.alloc(Math.min(max, st.size - from));
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, from + n);
      if (got === 0) break;
      n += got;
    }
    const text = buf.subarray(0, n).toString('utf8');
    // A tail starts mid-line: the partial first line is dropped.
    return from > 0 ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    closeSync(fd);
  }
}
