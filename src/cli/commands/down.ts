import { createLogger } from '../../infra/createLogger';
import { createStackEngine } from '../../infra/createStackEngine';
import { removeProjectVolumes } from '../../infra/docker/removeProjectVolumes';
import type { StackConfig } from '../../core/config/model';
import { describeHolder, stackLocks, type StackLock } from '../../infra/state/stackLock';
import { parseArgs, UsageError } from '../args';
import { askSupervisor } from '../askSupervisor';
import { takeSupervisorLock } from '../supervisorLock';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';
import { readLastRun, writeLastRun } from '../../infra/state/lastRunFile';
import { recordObserved, recordStops } from '../../core/report/observedSinceRun';
import type { ServiceStatus } from '../../core/engine/state';
import { isLive } from '../../shared/statePredicates';
import { describeDown } from '../../core/engine/describeDown';

/**
 * `stackpilot down [SERVICE...] [--volumes]` (and `stackpilot stop SERVICE...`): stop what an
 * earlier `up` started (from the state file), dependents first, then (without SERVICE) the
 * networks it created. `--volumes` also removes the stack's named Docker volumes (never done
 * otherwise). While a live supervisor (a foreground `up`, an editor window) holds the stack, it
 * is asked to do the stopping over its control channel: with SERVICE it stops those and keeps
 * supervising the rest; without, it stops everything and lets go, and then what is left (strays,
 * networks) is cleaned up here under the lock.
 */
export async function runDown(argv: string[], io: Io, command = 'down'): Promise<number> {
  const args = parseArgs(argv, { ...stackOptions, boolean: [...stackOptions.boolean, 'volumes'] });
  if (args.flags.has('volumes') && args.positionals.length)
    throw new UsageError("--volumes removes the whole stack's named volumes: run it without service names");
  if (command === 'stop' && !args.positionals.length)
    throw new UsageError('stop needs the services to stop (`stackpilot down` stops them all)');
  const out = new Output(io);
  const loaded = await loadForCli(args, io, out);
  if (!loaded.config) return 1;
  const only = args.positionals;
  const unknown = only.filter((s) => !loaded.config!.services[s]);
  if (unknown.length) {
    out.error(`no service named ${unknown.join(', ')} in ${loaded.config.name}`);
    return 1;
  }
  const asked = await askSupervisor(loaded.config, only.length ? 'stop' : 'down', only, command, out, io.env);
  if (asked.kind === 'failed') return 1;
  if (asked.kind === 'done') {
    for (const s of asked.reply.services) if (s.state !== 'stopped') out.line(`  ${s.name}: ${s.state}${s.reason ? ` (${s.reason})` : ''}`);
    if (only.length) return asked.reply.services.every((s) => s.state === 'stopped') ? 0 : 1;
    // It exits after replying; what it leaves (networks, strays) is cleaned up below, once its lock is free.
    await stackLocks(loaded.config.root, io.env).waitUntilFree(30_000);
  }
  const lock = await lockForDown(loaded.config, out);
  if (!lock) return 1;
  const engine = createStackEngine(loaded.config, { output: createLogger(), runDir: loaded.runDir });
  try {
    const observed = await engine.observe();
    // Only what still ran is stopped now; an instance that had already died keeps its own end for the report.
    const live = observed.filter((s) => isLive(s.state)).map((s) => s.name);
    const notes: string[] = [];
    // A full down also removes the project networks this stack created (never external or other tools' networks).
    const did = await engine.down(only.length ? only : undefined, { onNote: (n) => notes.push(n) });
    const scope = observed.filter((s) => !only.length || only.includes(s.name));
    if (asked.kind === 'none')
      noteStopsInRun(
        loaded.runDir,
        scope,
        live.filter((s) => !only.length || only.includes(s)),
        command,
      );
    // What it did, not what it was asked: a service found dead is not said to be stopped.
    const told = describeDown(scope, did, only.length > 0);
    if (asked.kind === 'none' || told[0] !== 'nothing was running') for (const line of told) out.line(line);
    for (const note of notes) out.line(note);
    if (args.flags.has('volumes') && Object.values(loaded.config.services).some((s) => s.kind === 'docker')) {
      const removed = await removeProjectVolumes(loaded.config.name);
      out.line(removed.length ? `removed volumes ${removed.join(', ')}` : 'no volumes to remove');
    }
    return 0;
  } finally {
    engine.dispose();
    await lock.release();
  }
}

/**
 * The run `up --wait` recorded (last-run.json) learns of the stops and their time, so `report` says
 * since when they are stopped. A live supervisor records its own; a finished run is left as it ended.
 */
function noteStopsInRun(runDir: string, observed: readonly ServiceStatus[], names: readonly string[], command: string): void {
  try {
    const { run } = readLastRun(runDir);
    // What had died unseen first (its downtime counts), then the stops of what still ran.
    if (run && run.endedAt === undefined)
      writeLastRun(runDir, recordStops(recordObserved(run, observed), names, Date.now(), `stackpilot ${command}`));
  } catch {
    // The record is a report's aid: a missing or unwritable one never fails a stop.
  }
}

/** `down` holds the stack's lock while it stops things itself, so no supervisor restarts what it stops. */
async function lockForDown(config: StackConfig, out: Output): Promise<StackLock | undefined> {
  const got = await takeSupervisorLock(config, 'down', out, 120_000);
  if ('heldBy' in got) {
    out.error(
      `${config.name} is supervised by ${describeHolder(got.heldBy)} (it took the stack meanwhile): stop it there${got.heldBy.kind === 'window' ? ' (Stackpilot: Stop Stack)' : ''}`,
    );
    return undefined;
  }
  return got.lock;
}
