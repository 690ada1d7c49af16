/**
 * The watchdog of one run session (bundled as dist/watchdog.js, started detached by Watchdog.ts).
 * It reads the supervisor's messages on stdin; when stdin ends without `release` (the supervisor
 * died: Ctrl-C twice, SIGKILL, a crashed extension host), or the supervisor's pid no longer names the
 * process that started it, it takes the stack's lock (only if nobody live took it over meanwhile),
 * removes the dead supervisor's status.json and stops the services it was told the supervisor owns
 * through the verified stop path (marked process groups checked in /proc; containers carrying the
 * stack's id and project labels), leaving what `down` leaves (see watchdogStop.ts), lets go of the
 * lock and exits. It signals nothing else, ever.
 */
import { appendFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseLiveStatus } from '../../core/status/liveStatus';
import { isSameProcess } from '../process/procStat';
import { describeHolder, StackLocks } from '../state/stackLock';
import { parseWatchdogMessage, type OwnedService, type WatchdogMessage } from './watchdogProtocol';
import { stopForDeadSupervisor } from './watchdogStop';

type Init = Extract<WatchdogMessage, { type: 'init' }>;

const POLL_MS = 1000;
/** The whole stop is bounded: a hung Docker engine does not keep the watchdog alive forever. */
const STOP_BUDGET_MS = 180_000;

let init: Init | undefined;
let owned: OwnedService[] = [];
let released = false;
let acting = false;
let buffered = '';

process.title = 'stackpilot-watchdog';

function log(message: string): void {
  if (!init) return;
  const file = join(init.stateDir, 'watchdog.log');
  try {
    // Kept small: one line per event, the file cut when it passes 256 KB.
    if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 256 * 1024) rmSync(file, { force: true });
    appendFileSync(file, `${new Date().toISOString()} [pid ${process.pid}] ${message}\n`, { mode: 0o600 });
  } catch {
    // Nowhere to say it.
  }
}

function onMessage(m: WatchdogMessage): void {
  if (m.type === 'init') {
    if (init) return;
    // The supervisor is the process that started us: anything else in init is not believed. It may
    // have died before this line was read (we are then a child of init): the pid and start time it
    // put in our environment when it spawned us still name it.
    const spawnedBy = process.env.STACKPILOT_WATCHDOG_SUPERVISOR;
    if (m.supervisor.pid !== process.ppid && spawnedBy !== `${m.supervisor.pid}:${m.supervisor.startTime}`) process.exit(2);
    init = m;
    setInterval(() => void check(), POLL_MS).unref();
  } else if (m.type === 'own') owned = m.services;
  else if (m.type === 'release') {
    released = true;
    process.exit(0);
  }
}

async function check(): Promise<void> {
  if (init && !acting && !(await isSameProcess(init.supervisor.pid, init.supervisor.startTime))) await supervisorDied('is gone');
}

async function supervisorDied(how: string): Promise<void> {
  if (acting || released) return;
  acting = true;
  if (!init) process.exit(0);
  const { stackId, project, stateDir, supervisor } = init;
  if (!owned.length) {
    removeStatusOf(stateDir, supervisor);
    process.exit(0);
  }
  const locks = new StackLocks(stateDir);
  const got = await locks.acquire('watchdog').catch((err: Error) => {
    log(`could not take the stack's lock: ${err.message}`);
    return undefined;
  });
  if (!got) process.exit(1);
  if ('heldBy' in got) {
    // Someone live supervises the stack already (a new window adopted the services): theirs now.
    log(`${supervisor.what} (pid ${supervisor.pid}) ${how}; ${describeHolder(got.heldBy)} holds the stack now: nothing stopped`);
    process.exit(0);
  }
  const names = owned.map((s) => s.service).join(', ');
  log(`${supervisor.what} (pid ${supervisor.pid}) ${how} without ending its run: stopping ${names}`);
  // It says nothing true any more; while this holds the lock, readers observe (and see the marks below).
  removeStatusOf(stateDir, supervisor);
  const timer = setTimeout(() => {
    log(`gave up after ${STOP_BUDGET_MS / 1000} s`);
    void got.lock.release().finally(() => process.exit(1));
  }, STOP_BUDGET_MS);
  try {
    const left = await stopForDeadSupervisor({ stackId, project, ...(init.runDir ? { runDir: init.runDir } : {}), owned, log }).catch(
      (err: Error) => (log(`stopping: ${err.message}`), ['?']),
    );
    log(left.length ? `done; still running: ${left.join(', ')}` : 'done: nothing of the run is left');
  } finally {
    clearTimeout(timer);
    await got.lock.release();
  }
  process.exit(0);
}

/** The dead supervisor's status.json says nothing true any more: removed, if it is still that one's. */
function removeStatusOf(stateDir: string, supervisor: Init['supervisor']): void {
  const file = join(stateDir, 'status.json');
  try {
    const s = parseLiveStatus(readFileSync(file, 'utf8'));
    if (s && s.supervisor.pid === supervisor.pid && s.supervisor.startTime === supervisor.startTime) rmSync(file, { force: true });
  } catch {
    // none
  }
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  let nl: number;
  while ((nl = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    const m = parseWatchdogMessage(line);
    if (m) onMessage(m);
  }
  if (buffered.length > 2_000_000) buffered = '';
});
// The write end closes when the supervisor's process ends, however it ends.
process.stdin.on('end', () => void supervisorDied('exited'));
process.stdin.on('error', () => void supervisorDied('exited'));
// Detached from the terminal and the supervisor's group: a Ctrl-C meant for them is not ours; a hang-up neither.
for (const sig of ['SIGINT', 'SIGHUP', 'SIGPIPE'] as const) process.on(sig, () => undefined);
