import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { ComposeWatchRule } from '../../core/config/model';
import { matchesAnyGlob } from '../../core/secrets/ignoreGlobs';
import type { ContainerSync } from '../../core/watch/engineWatchPort';
import { ALWAYS_IGNORED_DIRS } from '../../core/watch/WatchRules';
import { callDocker } from '../docker/callDocker';
import { DockerClient } from '../docker/DockerClient';
import { tarArchive, type TarEntry } from '../docker/tarArchive';

const MAX_FILES = 20_000;
const MAX_BYTES = 256 * 2 ** 20;
/** Up to 256 MB in one archive: more than the default deadline of a Docker call. A put that times out is tried again by the scheduler. */
const PUT_TIMEOUT_MS = 60_000;

/**
 * Compose `sync`: the files go into the container as one tar archive through the Docker API's
 * archive PUT (no shell, no `docker cp`), extracted at `/` with their target paths, so missing
 * folders are created. Regular files only: symlinks are not followed (a repository must not be able
 * to copy, say, ~/.ssh into a container), deleted files are not deleted in the container.
 */
export class DockerContainerSync implements ContainerSync {
  constructor(private readonly client = new DockerClient(process.env)) {}

  async copy(containerId: string, rule: ComposeWatchRule, files: string[] | undefined): Promise<number> {
    const entries = await collect(rule, files);
    if (!entries.length) return 0;
    const tar = tarArchive(entries);
    await this.client.use(undefined, (docker) =>
      callDocker(
        'put archive',
        // The signal really cancels the upload: a put given up on must not land later, after a retry.
        (abortSignal) => docker.getContainer(containerId).putArchive(tar, { path: '/', abortSignal }) as Promise<unknown>,
        { timeoutMs: PUT_TIMEOUT_MS },
      ),
    );
    return entries.length;
  }
}

async function collect(rule: ComposeWatchRule, files: string[] | undefined): Promise<TarEntry[]> {
  const target = rule.target ?? '/';
  const root = await lstat(rule.path).catch(() => undefined);
  if (!root) return [];
  if (root.isFile()) return [{ name: target.slice(1), mode: root.mode, mtime: root.mtimeMs, data: await readFile(rule.path) }];
  if (!root.isDirectory()) return [];
  const out: TarEntry[] = [];
  let bytes = 0;
  for (const rel of files ?? (await walk(rule))) {
    const abs = join(rule.path, rel);
    const st = await lstat(abs).catch(() => undefined);
    if (!st?.isFile()) continue;
    bytes += st.size;
    if (bytes > MAX_BYTES) throw new Error(`more than ${MAX_BYTES / 2 ** 20} MB to sync under ${rule.path}: add \`ignore\` patterns`);
    out.push({ name: posix.join(target, rel).slice(1), mode: st.mode, mtime: st.mtimeMs, data: await readFile(abs) });
  }
  return out;
}

/** Every regular file under the rule's folder that its `ignore` does not exclude (bounded). */
async function walk(rule: ComposeWatchRule): Promise<string[]> {
  const out: string[] = [];
  const queue = [''];
  while (queue.length) {
    const rel = queue.shift()!;
    const entries = await readdir(join(rule.path, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (matchesAnyGlob(r, rule.ignore)) continue;
      if (e.isDirectory() && !ALWAYS_IGNORED_DIRS.has(e.name)) queue.push(r);
      else if (e.isFile()) out.push(r);
      if (out.length > MAX_FILES) throw new Error(`more than ${MAX_FILES} files to sync under ${rule.path}: add \`ignore\` patterns`);
    }
  }
  return out;
}
