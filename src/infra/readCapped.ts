import { close, closeSync, constants, fstat, fstatSync, open, openSync, read, readSync, type Stats } from 'node:fs';
import { FileRefusedError } from '../core/ports';
import { formatBytes } from '../core/config/readLimited';

/** How a file from a hostile folder is read: at most `maxBytes` (or, with `tail`, its last `maxBytes`). */
export interface CapOptions {
  maxBytes: number;
  /** Read the last `maxBytes` of a longer file instead of refusing it (logs). */
  tail?: boolean;
  /** Refuse a symbolic link in the last component (O_NOFOLLOW), saying this. */
  noFollow?: string;
}

/**
 * UTF-8, or UTF-16 when the file starts with its byte order mark (YAML allows it; an editor or a
 * shell redirect on Windows writes it): read as UTF-8 it was a string of NULs and U+FFFD.
 */
function decodeText(buf: Buffer, atStart: boolean): string {
  if (atStart && buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.toString('utf16le', 2);
  if (atStart && buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff)
    return Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)))
      .swap16()
      .toString('utf16le');
  return buf.toString('utf8');
}

/** One file-system call, run by a synchronous or an asynchronous driver. */
type Step =
  | { op: 'open'; path: string; flags: number }
  | { op: 'fstat'; fd: number }
  | { op: 'read'; fd: number; buf: Buffer; offset: number; length: number; position: number }
  | { op: 'close'; fd: number };

const notFound = (e: unknown) => ['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '');

const kind = (st: Stats) => (st.isDirectory() ? 'folder' : st.isFIFO() ? 'FIFO' : st.isSocket() ? 'socket' : 'device');

/**
 * The one read of a file Stackpilot did not write: opened non-blocking (a FIFO or device never
 * hangs the caller), checked on the open descriptor (a file swapped after a check is still the one
 * checked), refused unless a regular file within the cap, then read in one call of size + 1 bytes
 * (a file grown since the fstat still cannot pass the cap unnoticed). Undefined when there is no
 * such file; a refusal throws FileRefusedError with the reason in words, never the content.
 */
function* readSteps(path: string, o: CapOptions): Generator<Step, string | undefined, unknown> {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (o.noFollow ? constants.O_NOFOLLOW : 0);
  let fd: number;
  try {
    fd = (yield { op: 'open', path, flags }) as number;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (notFound(e) || (code === 'ELOOP' && !o.noFollow)) return undefined;
    if (code === 'ELOOP') throw new FileRefusedError(o.noFollow!);
    if (code === 'EISDIR') throw new FileRefusedError('is a folder, not a file');
    throw e;
  }
  try {
    const st = (yield { op: 'fstat', fd }) as Stats;
    if (st.isDirectory()) throw new FileRefusedError('is a folder, not a file');
    if (!st.isFile()) throw new FileRefusedError(`is not a regular file (a ${kind(st)})`);
    const max = o.maxBytes;
    if (st.size > max && !o.tail) throw new FileRefusedError(`is ${formatBytes(st.size)}, over the ${formatBytes(max)} limit`);
    const from = o.tail ? Math.max(0, st.size - max) : 0;
    const want = Math.min(st.size - from, max) + (o.tail ? 0 : 1);
    const buf = Buffer.allocUnsafe(want);
    let n = 0;
    while (n < want) {
      const got = (yield { op: 'read', fd, buf, offset: n, length: want - n, position: from + n }) as number;
      n += got;
      // A short read of a regular file is its end: no second call to learn what the first one said.
      if (got === 0 || n < want) break;
    }
    if (n > max) throw new FileRefusedError(`is over the ${formatBytes(max)} limit`);
    const text = decodeText(buf.subarray(0, n), from === 0);
    // A tail starts mid-line: the partial first line is dropped.
    return from > 0 ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    yield { op: 'close', fd };
  }
}

function runSync(step: Step): unknown {
  switch (step.op) {
    case 'open':
      return openSync(step.path, step.flags);
    case 'fstat':
      return fstatSync(step.fd);
    case 'read':
      return readSync(step.fd, step.buf, step.offset, step.length, step.position);
    case 'close':
      return closeSync(step.fd);
  }
}

function runAsync(step: Step): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const done = (e: NodeJS.ErrnoException | null, v?: unknown) => (e ? reject(e) : resolve(v));
    switch (step.op) {
      case 'open':
        return open(step.path, step.flags, done);
      case 'fstat':
        return fstat(step.fd, done);
      case 'read':
        return read(step.fd, step.buf, step.offset, step.length, step.position, done);
      case 'close':
        return close(step.fd, done);
    }
  });
}

/** readSteps, each call blocking: for the small run files read where a callback cannot wait. */
export function readCappedSync(path: string, o: CapOptions): string | undefined {
  const g = readSteps(path, o);
  let r = g.next();
  while (!r.done) {
    let v: unknown;
    try {
      v = runSync(r.value);
    } catch (e) {
      r = g.throw(e);
      continue;
    }
    r = g.next(v);
  }
  return r.value;
}

/** readSteps on the thread pool: for stack, compose and env files (one callback per call, no FileHandle). */
export async function readCapped(path: string, o: CapOptions): Promise<string | undefined> {
  const g = readSteps(path, o);
  let r = g.next();
  while (!r.done) {
    let v: unknown;
    try {
      v = await runAsync(r.value);
    } catch (e) {
      r = g.throw(e);
      continue;
    }
    r = g.next(v);
  }
  return r.value;
}
