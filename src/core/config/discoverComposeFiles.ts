import { posix } from 'node:path';
import type { FileSystem } from '../ports';
import { COMPOSE_FILE_NAMES, COMPOSE_OVERRIDE_NAMES } from './nativeKeys';

/**
 * The compose files docker compose v2 would read in `root` with no `-f`: the first of `compose.yaml`,
 * `compose.yml`, `docker-compose.yml`, `docker-compose.yaml`, plus its `.override.` file (the one with
 * the same name and extension, else the first override found). `others` lists further candidates
 * that exist but are ignored, so the caller can warn as compose does.
 */
export async function discoverComposeFiles(root: string, fs: FileSystem): Promise<{ files: string[]; others: string[] }> {
  const exists = async (name: string) => (await fs.readFile(posix.join(root, name))) !== undefined;
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
