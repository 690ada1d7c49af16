/** One file of a tar archive: its path inside the archive (no leading `/`), mode bits and content. */
export interface TarEntry {
  name: string;
  mode: number;
  mtime: number;
  data: Buffer;
}

const BLOCK = 512;

/**
 * A POSIX ustar archive of regular files (what the Docker API's archive PUT extracts). Names up to
 * 255 bytes (prefix + name split at a `/`); longer names throw.
 */
export function tarArchive(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(header(e));
    parts.push(e.data);
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function header(e: TarEntry): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { prefix, name } = splitName(e.name);
  h.write(name, 0, 100, 'utf8');
  octal(h, e.mode & 0o7777, 100, 8);
  octal(h, 0, 108, 8);
  octal(h, 0, 116, 8);
  octal(h, e.data.length, 124, 12);
  octal(h, Math.floor(e.mtime / 1000), 136, 12);
  h.write('        ', 148, 8, 'ascii');
  h.write('0', 156, 1, 'ascii');
  h.write('ustar\u000000', 257, 8, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return h;
}

function octal(h: Buffer, value: number, offset: number, length: number): void {
  h.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}

function splitName(full: string): { prefix: string; name: string } {
  if (Buffer.byteLength(full) <= 100) return { prefix: '', name: full };
  for (let i = full.indexOf('/'); i > 0; i = full.indexOf('/', i + 1)) {
    const prefix = full.slice(0, i);
    const name = full.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  throw new Error(`path too long for a tar archive (${Buffer.byteLength(full)} bytes): ${full.slice(0, 80)}…`);
}
