import type Dockerode from 'dockerode';
import { callDocker } from './callDocker';
import { dockerMessage } from './dockerMessage';

const PULL_TIMEOUT_MS = 10 * 60_000;

interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Pulls `image`, reporting "pulling IMAGE: 42% of 3 layers" at most every 500 ms. A failed pull
 * rejects with a message naming the image and the registry's own answer.
 */
export async function pullImage(docker: Dockerode, image: string, onProgress: (text: string) => void, signal: AbortSignal): Promise<void> {
  const layers = new Map<string, { current: number; total: number }>();
  let last = 0;
  const report = (e: PullEvent) => {
    if (e.id && e.progressDetail?.total) layers.set(e.id, { current: e.progressDetail.current ?? 0, total: e.progressDetail.total });
    const now = Date.now();
    if (now - last < 500) return;
    last = now;
    let cur = 0;
    let tot = 0;
    for (const l of layers.values()) {
      cur += l.current;
      tot += l.total;
    }
    onProgress(
      tot ? `pulling ${image}: ${Math.floor((100 * cur) / tot)}% of ${layers.size} layer(s)` : `pulling ${image}: ${e.status ?? ''}`,
    );
  };
  try {
    await callDocker(
      `pull ${image}`,
      async (abortSignal) => {
        const stream = (await docker.pull(image, { abortSignal })) as NodeJS.ReadableStream;
        await new Promise<void>((resolve, reject) => {
          docker.modem.followProgress(
            stream,
            (err: Error | null, out: PullEvent[]) => {
              const failed = err?.message ?? out.find((e) => e.error)?.error;
              if (failed) reject(new Error(failed));
              else resolve();
            },
            report,
          );
        });
      },
      { timeoutMs: PULL_TIMEOUT_MS, signal },
    );
  } catch (err) {
    throw new Error(`image ${image} is not on this Docker engine and pulling it failed: ${dockerMessage(err)}`);
  }
  onProgress(`pulled ${image}`);
}
