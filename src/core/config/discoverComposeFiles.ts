import { posix } from 'node:path';
import { FileRefusedError, type FileSystem } from '../ports';
import { COMPOSE_FILE_NAMES, COMPOSE_OVERRIDE_NAMES } from './nativeKeys';

/**
 * The compose files docker compose v2 would read in `root` with no `-f`: the first of `compose.yaml`,
 * `compose.yml`, `docker-compose.yml`, `docker-compose.yaml`, plus its `.override.` file (the one with
 * the same name and extension, else the first override found). `others` lists further candidates
 * that exist but are ignored, so the caller can warn as compose does.
 */
export async function discoverComposeFiles(root: string, fs: FileSystem): Promise<{ files: string[]; others: string[] }> {
  // A cap of 0 bytes: whether the file is there, without reading it (the loader reads the chosen one
  // within its limits); one that is refused (a FIFO, a folder, any non-empty file here) is there too,
  // and the loader then says what is wrong with it.
  const exists = (name: string) =>
    fs.readFile(posix.join(root, name), { maxBytes: 0 }).then(
      (text) => text !== undefined,
      (e: unknown) => (e instanceof FileRefusedError ? true : Promise.reject(e)),
    );
  const found: string[] = [];
  for (const n of COMPOSE_FILE_NAMES) if (await exists(n)) found.push(n);
  if (found.length === 0) return { files: [], others: [] };
  const winner = found[0];
  const matching = winner.replace(/\.(ya?ml)$/, '.override.$1');
  const overrides: string[] = [];
  for (const n of COMPOSE_OVERRIDE_NAMES) if (await exists(n)) overrides.push(n);
  const override = overrides.includes(matching) ? matching : overrides[0];
  return {
    files: [winner, ...(override ? [override] : [])].map((n) => posix.join(root, n)),
    others: found.slice(1).map((n) => posix.join(root, n)),
  };
}
