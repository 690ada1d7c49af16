import type Dockerode from 'dockerode';
import type { LogLine } from '../../core/ports';
import { callDocker } from './callDocker';
import { DemuxLines } from './DemuxLines';

export interface FollowLogs {
  service: string;
  /** Unix seconds: logs from then (an adopted container), else all of them. */
  since?: number;
  tty: boolean;
  onLog(line: LogLine): void;
  /** Aborted when nobody watches any more. */
  signal: AbortSignal;
  /** The container is known to have ended: no reason to follow again. */
  isOver(): boolean;
  /** Resolves once the daemon answers again; without it a broken stream is not resumed. */
  whenAvailable?: (signal: AbortSignal) => Promise<void>;
}

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;

/**
 * Follows a container's output (demultiplexed, with Docker's own timestamps, RFC 3339 ns, so each
 * line carries the time it was written even when read late). When the stream breaks while the
 * container still runs — a daemon restart with live-restore — it follows again from the last line
 * once the daemon answers, skipping lines already delivered.
 */
export async function followContainerLogs(container: Dockerode.Container, o: FollowLogs): Promise<void> {
  let since: number | string | undefined = o.since;
  let lastNs = -1n;
  for (let delay = RETRY_MIN_MS; ; delay = Math.min(delay * 2, RETRY_MAX_MS)) {
    const before = lastNs;
    await followOnce(container, o, since, lastNs, (ns) => (lastNs = ns)).catch(() => undefined);
    if (o.signal.aborted || o.isOver() || !o.whenAvailable) return;
    if (lastNs !== before) delay = RETRY_MIN_MS;
    await new Promise((r) => setTimeout(r, delay));
    try {
      await o.whenAvailable(o.signal);
      const running = (await callDocker('inspect', (abortSignal) => container.inspect({ abortSignal }), { signal: o.signal })).State
        .Running;
      if (!running || o.isOver()) return;
    } catch {
      return;
    }
    // Docker's `since` takes seconds with a fraction (ns); it is inclusive, so the last line comes again and is skipped.
    since = lastNs >= 0n ? `${lastNs / 1_000_000_000n}.${String(lastNs % 1_000_000_000n).padStart(9, '0')}` : Math.floor(Date.now() / 1000);
  }
}

async function followOnce(
  container: Dockerode.Container,
  o: FollowLogs,
  since: number | string | undefined,
  skipUpTo: bigint,
  seen: (ns: bigint) => void,
): Promise<void> {
  const opts = {
    follow: true as const,
    stdout: true,
    stderr: true,
    timestamps: true,
    ...(since !== undefined ? { since } : {}),
    abortSignal: o.signal,
  };
  const stream = (await callDocker('logs', () => container.logs(opts as Dockerode.ContainerLogsOptions & { follow: true }), {
    signal: o.signal,
  })) as NodeJS.ReadableStream & { destroy(): void };
  const lines = new DemuxLines((s, line) => {
    const sp = line.indexOf(' ');
    const stamp = sp > 0 && /^\d{4}-\d\d-\d\dT/.test(line) ? line.slice(0, sp) : undefined;
    const ns = stamp ? nanos(stamp) : undefined;
    if (ns !== undefined) {
      if (ns <= skipUpTo) return;
      seen(ns);
    }
    const at = stamp ? Date.parse(stamp) : NaN;
    o.onLog({ service: o.service, stream: s, text: stamp ? line.slice(sp + 1) : line, at: Number.isNaN(at) ? Date.now() : at });
  }, o.tty);
  const onAbort = () => stream.destroy();
  o.signal.addEventListener('abort', onAbort, { once: true });
  stream.on('data', (b: Buffer) => lines.push(b));
  await new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
  o.signal.removeEventListener('abort', onAbort);
  lines.end();
}

/** RFC 3339 with up to 9 fraction digits -> ns since the epoch (Date.parse stops at ms). */
function nanos(stamp: string): bigint | undefined {
  const m = /^(.*?)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(stamp);
  const ms = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  if (!m || Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
}
