import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Disposable } from '../../core/ports';

/**
 * The first look comes at once; then every 1% of the time watched, within these bounds. 10 ms, not
 * less: 14 services starting at once cost ~1,400 looks a second at this floor, on a machine that is
 * also spawning them (bench:startup at load 16-34 showed no gain from hints, 0.92-0.98x).
 */
export const HINT_POLL_MIN_MS = 10;
export const HINT_POLL_MAX_MS = 50;
const HINT_POLL_SHARE = 0.01;
/** A service's tree is looked at this deep and this wide at most (a shell, npm, node, a worker...). */
const MAX_DEPTH = 4;
const MAX_PIDS = 32;

/**
 * The sockets a process tree holds, seen through /proc: `/proc/<pid>/fd/*` links reading
 * `socket:[inode]`, for the root and its descendants (`/proc/<pid>/task/<pid>/children`). A socket
 * inode not seen before is the sign that a server is about to listen (socket, bind and listen follow
 * each other within microseconds). Only fd numbers not seen before are resolved, so a look at an
 * idle tree costs one readdir per process. Reads are synchronous: procfs is in memory, and a
 * readdir takes microseconds where a promise round trip through the thread pool takes more.
 */
export class SocketSeer {
  /** Per pid, the fd names already resolved. */
  private readonly fds = new Map<number, Set<string>>();
  private readonly sockets = new Set<string>();
  private looked = false;

  constructor(private readonly root: number) {}

  /**
   * True when the tree holds a socket this seer had not seen before. The first look only takes
   * stock: sockets held then were inherited (an output that is a socket), not opened to listen.
   */
  look(): boolean {
    let found = false;
    const pids = this.tree();
    for (const pid of pids) if (this.lookAt(pid)) found = true;
    for (const pid of this.fds.keys()) if (!pids.includes(pid)) this.fds.delete(pid);
    const first = !this.looked;
    this.looked = true;
    return found && !first;
  }

  private lookAt(pid: number): boolean {
    let names: string[];
    try {
      names = readdirSync(`/proc/${pid}/fd`);
    } catch {
      return false;
    }
    let known = this.fds.get(pid);
    if (!known) this.fds.set(pid, (known = new Set()));
    let found = false;
    for (const fd of names) {
      if (known.has(fd)) continue;
      known.add(fd);
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target.startsWith('socket:') && !this.sockets.has(target)) {
        this.sockets.add(target);
        found = true;
      }
    }
    // Closed fds are forgotten, so a number reused for a socket is resolved again.
    if (known.size > names.length) for (const fd of known) if (!names.includes(fd)) known.delete(fd);
    return found;
  }

  /** The root and its descendants, breadth first, bounded. */
  private tree(): number[] {
    const out = [this.root];
    for (let i = 0, depth = 0, levelEnd = 1; i < out.length && out.length < MAX_PIDS; i++) {
      if (i === levelEnd) {
        depth++;
        levelEnd = out.length;
      }
      if (depth >= MAX_DEPTH) break;
      for (const c of childrenOf(out[i])) if (out.length < MAX_PIDS && !out.includes(c)) out.push(c);
    }
    return out;
  }
}

function childrenOf(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim();
    return text ? text.split(' ').map(Number) : [];
  } catch {
    return [];
  }
}

/**
 * Calls `onHint` whenever the tree rooted at `pid` opens a socket it did not hold before, looking
 * every 10 ms at first and less often the longer it takes (1% of the time watched, at most 50 ms),
 * until disposed. Not Linux (no /proc): never calls.
 */
export function watchSockets(pid: number, onHint: () => void): Disposable {
  const seer = new SocketSeer(pid);
  const since = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const look = () => {
    if (seer.look()) onHint();
    const gap = Math.min(HINT_POLL_MAX_MS, Math.max(HINT_POLL_MIN_MS, (performance.now() - since) * HINT_POLL_SHARE));
    timer = setTimeout(look, gap);
    timer.unref();
  };
  timer = setTimeout(look, 0);
  timer.unref();
  return { dispose: () => clearTimeout(timer) };
}
