import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { keywordHitsInBytes, scanText } from '../../core/secrets/scanText';
import type { ScanOptions, SecretFinding } from '../../core/secrets/SecretFinding';
import { utf16Offsets } from '../../core/secrets/utf16Offsets';

export type FileScan = { findings: SecretFinding[] } | { binary: true } | { error: string };

/** One read buffer, reused for every file (a fresh Buffer per file was most of the collector's work); its own memory, so offset 0 (even) as KeywordIndex needs. */
let buffer = Buffer.from(new ArrayBuffer(1024 * 1024));
/** Where a NUL byte makes a file binary. */
const sniffBytes = 8192;
/** A file larger than this has its first bytes read on their own, so a binary is not read whole. */
const sniffFirstOver = 256 * 1024;

/**
 * The file's bytes into the shared buffer: its length, `binary` (a NUL in the first 8 KB), or an
 * error. `size` (from the walk's lstat) spares an fstat; a read of size + 1 bytes that comes back
 * short is the end of the file, so most files take one read. A file that grew since is read on, up
 * to the buffer.
 */
function readInto(path: string, size: number | undefined): number | 'binary' | { error: string } {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const expected = size ?? fstatSync(fd).size;
    if (buffer.length < expected + 2) buffer = Buffer.from(new ArrayBuffer(Math.max(expected + 2, buffer.length * 2)));
    const limit = buffer.length - 1;
    let n = 0;
    if (expected > sniffFirstOver) {
      for (let got = 1; got > 0 && n < sniffBytes; n += got) got = readSync(fd, buffer, n, sniffBytes - n, null);
      if (buffer.subarray(0, n).includes(0)) return 'binary';
    }
    for (let got = 1; got > 0 && n < limit;) {
      const want = Math.min(expected + 1 - n, limit - n);
      got = readSync(fd, buffer, n, want > 0 ? want : limit - n, null);
      n += got;
      if (got < want) break; // short read of a regular file: its end
    }
    return n;
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Read and scan one file. Binary (a NUL byte in the first 8 KB) is reported as such. The keyword
 * prefilter runs on the bytes before anything is decoded: with no keyword, the file is not decoded
 * at all. ASCII (most source) is then decoded as Latin-1 (a plain copy) and the hits reused as they
 * are; valid UTF-8 is decoded and its hits moved from byte to character offsets (keywords are ASCII,
 * and an ASCII byte of UTF-8 is always that character). Anything else is decoded as UTF-8 (with
 * replacement characters) and searched whole. `size`: what the walk saw, if known.
 */
export function scanFile(path: string, rel: string, options: ScanOptions, size?: number): FileScan {
  const n = readInto(path, size);
  if (n === 'binary') return { binary: true };
  if (typeof n !== 'number') return n;
  if (buffer.subarray(0, Math.min(n, sniffBytes)).includes(0)) return { binary: true };
  const bytes = buffer.subarray(0, n);
  const ascii = isAscii(bytes);
  if (ascii || isUtf8(bytes)) {
    const hits = keywordHitsInBytes(buffer, n);
    if (!hits) return { findings: [] };
    if (ascii) return { findings: scanText(rel, buffer.toString('latin1', 0, n), options, hits) };
    return { findings: scanText(rel, buffer.toString('utf8', 0, n), options, utf16Offsets(bytes, hits)) };
  }
  return { findings: scanText(rel, buffer.toString('utf8', 0, n), options) };
}
