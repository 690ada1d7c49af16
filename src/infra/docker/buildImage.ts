import { createHash } from 'node:crypto';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type Dockerode from 'dockerode';
import type { DockerService } from '../../core/config/model';
import { callDocker } from './callDocker';
import { dockerMessage } from './dockerMessage';
import { LABEL } from './labels';

const BUILD_TIMEOUT_MS = 30 * 60_000;
/** The image label that records which build inputs it was built from. */
export const BUILD_HASH_LABEL = 'dev.stackpilot.build-hash';

interface BuildEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * The files docker would send as the build context (the folder minus what `.dockerignore` excludes,
 * with the matcher dockerode itself uses) and a hash of their paths and contents plus the Dockerfile
 * name: the build inputs. An unchanged hash means the image need not be built again. A symlink is
 * an input by its target string, not what it points to: docker sends it as a link (tar-fs lstat), so
 * a link to a folder or a dangling one is fine in a context and must not be read through.
 */
export async function buildContext(build: NonNullable<DockerService['build']>): Promise<{ files: string[]; hash: string }> {
  const keep = await ignoreFilter(build.context);
  const files: string[] = [];
  const links = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      const rel = relative(build.context, abs).split(sep).join('/');
      if (!keep(rel)) continue;
      if (e.isDirectory()) await walk(abs);
      else if (e.isSymbolicLink()) {
        links.add(rel);
        files.push(rel);
      } else if (e.isFile()) files.push(rel);
      // Sockets and FIFOs are skipped: reading a FIFO would block, and a build cannot use either.
    }
  };
  await walk(build.context);
  files.sort();
  const h = createHash('sha256').update(`dockerfile:${build.dockerfile ?? 'Dockerfile'}\0`);
  for (const f of files) {
    if (links.has(f)) h.update(`${f}\0link\0${await readlink(join(build.context, f))}\0`);
    else
      h.update(`${f}\0`)
        .update(await readFile(join(build.context, f)))
        .update('\0');
  }
  return { files, hash: h.digest('hex').slice(0, 16) };
}

/**
 * Builds `svc.image` from `svc.build` unless an image of that name built from the same inputs is
 * already there. Build output goes to the service's log; a failed build rejects with docker's
 * message (the failing step). Returns the build hash, part of the container's config hash.
 */
export async function ensureBuilt(
  docker: Dockerode,
  svc: DockerService,
  project: string,
  log: (text: string) => void,
  signal: AbortSignal,
): Promise<string> {
  const build = svc.build!;
  let hash: string;
  let current: Dockerode.ImageInspectInfo | undefined;
  // Everything from reading the context on is inside the try: an unreadable context file fails the
  // start with the image and the context named, not with a bare errno.
  try {
    const context = await buildContext(build);
    hash = context.hash;
    current = await callDocker('image inspect', (abortSignal) =>
      docker.getImage(svc.image).inspect({ abortSignal } as Dockerode.ImageInspectOptions),
    ).catch(() => undefined);
    if (current?.Config?.Labels?.[BUILD_HASH_LABEL] === hash) return hash;
    log(
      `building ${svc.image} from ${build.context}${build.dockerfile ? ` (${build.dockerfile})` : ''}: ${context.files.length} file(s)${current ? ', its inputs changed' : ''}`,
    );
    const files = context.files;
    const opts = {
      t: svc.image,
      labels: { [BUILD_HASH_LABEL]: hash, [LABEL.project]: project },
      rm: true,
      forcerm: true,
      ...(build.dockerfile ? { dockerfile: build.dockerfile } : {}),
    };
    await callDocker(
      `build ${svc.image}`,
      async (abortSignal) => {
        const stream = (await docker.buildImage({ context: build.context, src: files }, {
          ...opts,
          abortSignal,
        } as Dockerode.ImageBuildOptions)) as NodeJS.ReadableStream;
        await new Promise<void>((resolve, reject) => {
          docker.modem.followProgress(
            stream,
            (err: Error | null, out: BuildEvent[]) => {
              const failed = err?.message ?? out.find((e) => e.error)?.error;
              if (failed) reject(new Error(failed.trim()));
              else resolve();
            },
            (e: BuildEvent) => {
              for (const line of (e.stream ?? '').split('\n')) if (line.trim()) log(line.trimEnd());
            },
          );
        });
      },
      { timeoutMs: BUILD_TIMEOUT_MS, signal },
    );
  } catch (err) {
    throw new Error(`building ${svc.image} from ${build.context} failed: ${dockerMessage(err)}`);
  }
  // The image this build replaced is now untagged: remove it when we built it and nothing uses it (409 otherwise).
  if (current?.Config?.Labels?.[LABEL.project] === project) {
    await callDocker('image rm', (abortSignal) =>
      docker.getImage(current.Id).remove({ abortSignal } as Dockerode.ImageRemoveOptions),
    ).catch(() => undefined);
  }
  return hash;
}

/** What `.dockerignore` keeps, with dockerode's own matcher (everything when there is no such file). */
async function ignoreFilter(context: string): Promise<(rel: string) => boolean> {
  const text = await readFile(join(context, '.dockerignore'), 'utf8').catch(() => undefined);
  if (text === undefined) return () => true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- dockerode's dependency, loaded with it
  const dockerignore = require('@balena/dockerignore') as (o: { ignorecase: boolean }) => {
    add(p: string): { createFilter(): (p: string) => boolean };
  };
  return dockerignore({ ignorecase: false }).add(text).createFilter();
}
