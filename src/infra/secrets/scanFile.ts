import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { keywordHitsInBytes, scanText } from '../../core/secrets/scanText';
import type { ScanOptions, SecretFinding } from '../../core/secrets/SecretFinding';

export type FileScan = { findings: SecretFinding[] } | { binary: true } | { error: string };

/** One read buffer, reused for every file (a fresh Buffer per file was most of the collector's work); its own memory, so offset 0 (even) as KeywordIndex needs. */
let buffer = Buffer.from(new ArrayBuffer(1024 * 1024));

/** The file's bytes into the shared buffer: its length, or an error. */
function readInto(path: string): number | { error: string } {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    if (buffer.length < size + 2) buffer = Buffer.from(new ArrayBuffer(Math.max(size + 2, buffer.length * 2)));
    let n = 0;
    // Read to the end (a file may grow after fstat, up to the buffer).
    for (let got = 1; got > 0 && n < buffer.length - 1; n += got) got = readSync(fd, buffer, n, buffer.length - 1 - n, null);
    return n;
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Read and scan one file. Binary (a NUL byte in the first 8 KB) is reported as such. An ASCII file
 * (most source) goes through the keyword prefilter on its bytes first: with no keyword, it is not
 * decoded at all; with some, it is decoded as Latin-1 (a plain copy for ASCII) and the hits are
 * reused. Other files are decoded as UTF-8 and scanned whole.
 */
export function scanFile(path: string, rel: string, options: ScanOptions): FileScan {
  const n = readInto(path);
  if (typeof n !== 'number') return n;
  if (buffer.subarray(0, Math.min(n, 8192)).includes(0)) return { binary: true };
  const bytes = buffer.subarray(0, n);
  if (isAscii(bytes)) {
    const hits = keywordHitsInBytes(buffer, n);
    if (!hits) return { findings: [] };
    return { findings: scanText(rel, buffer.toString('latin1', 0, n), options, hits) };
  }
  return { findings: scanText(rel, buffer.toString('utf8', 0, n), options) };
}
