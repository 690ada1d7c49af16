import { join } from 'node:path';
import type { RunRecord } from '../../core/ports';
import { recordStops } from '../../core/report/observedSinceRun';
import { readLastRun, writeLastRun } from '../state/lastRunFile';
import { stopMarkedProcesses } from '../process/stopMarkedProcesses';
import { findMarkedProcesses } from '../process/verifyProcess';
import { JsonStateStore } from '../state/JsonStateStore';
import type { OwnedService } from './watchdogProtocol';

export interface WatchdogStopTarget {
  stackId: string;
  project: string;
  /** The run's folder: its state.json is marked during the stop and cleared of what was stopped. */
  runDir?: string;
  owned: OwnedService[];
  log: (line: string) => void;
}

/**
 * What a dead supervisor's watchdog does, under the stack's lock: it leaves what `down` leaves.
 * 1. Marks the run records of what it will stop (`stopping` by the watchdog): a reader meanwhile
 *    shows them `stopping`, and those already gone `stopped`, not crashed or adopted.
 * 2. Stops the marked process groups and the stack's containers (removed, an ended one too), then
 *    the project networks this stack created once no container uses them.
 * 3. Drops the records of every service of it that verifiably no longer runs.
 * Each step is logged; returns the services still running (a stop that failed).
 */
export async function stopForDeadSupervisor(t: WatchdogStopTarget): Promise<string[]> {
  const store = t.runDir ? new JsonStateStore(t.runDir) : undefined;
  const owned = new Set(t.owned.map((s) => s.service));
  await updateRecords(store, t, (records) =>
    records.map((r) =>
      owned.has(r.service) && r.exitedAt === undefined && r.completedAt === undefined
        ? { ...r, stopping: { by: 'watchdog' as const, at: Date.now() } }
        : r,
    ),
  );
  const procs = t.owned.filter((s) => s.kind === 'process');
  const docker = t.owned.filter((s) => s.kind === 'docker');
  const [stoppedProcs, containers] = await Promise.all([
    procs.length
      ? stopMarkedProcesses(t.stackId, procs).catch((err: Error) => (t.log(`processes: ${err.message}`), [] as string[]))
      : Promise.resolve([] as string[]),
    docker.length
      ? import('../docker/stopStackContainers')
          .then((m) => m.stopStackContainers(t.stackId, t.project, docker, { networks: true }))
          .catch((err: Error) => (t.log(`containers: ${err.message}`), undefined))
      : Promise.resolve({ containers: [], networks: [], kept: [] }),
  ]);
  if (stoppedProcs.length) t.log(`stopped ${stoppedProcs.join(', ')} (process groups, after SIGTERM and their grace period)`);
  for (const c of containers?.containers ?? []) {
    if (c.error) t.log(`could not stop or remove container ${c.container} (${c.service}): ${c.error}`);
    else if (c.was === 'running') t.log(`stopped and removed container ${c.container} (${c.service})`);
    else
      t.log(
        `removed container ${c.container} (${c.service}; it had ${c.exitCode !== undefined ? `exited with code ${c.exitCode}` : c.was})`,
      );
  }
  if (containers?.networks.length) t.log(`removed networks ${containers.networks.join(', ')}`);
  if (containers?.kept.length) t.log(`kept networks ${containers.kept.join('; ')}`);

  // What still runs keeps its record, without the mark (it is not being stopped any more: a next
  // window adopts it and it reads running, not `stopping` for 15 min); what is verifiably gone is cleared.
  const left = new Set((await findMarkedProcesses(t.stackId).catch(() => [])).map((p) => p.service).filter((s) => owned.has(s)));
  for (const c of containers?.containers ?? []) if (!c.removed) left.add(c.service);
  // The engine did not answer: nothing is known of the containers, their records stay.
  if (!containers) for (const s of docker) left.add(s.service);
  await updateRecords(store, t, (records) =>
    records.filter((r) => !owned.has(r.service) || left.has(r.service)).map((r) => (owned.has(r.service) ? unmarked(r) : r)),
  );
  if (t.runDir)
    endRun(t.runDir, [...stoppedProcs, ...(containers?.containers ?? []).filter((c) => c.was === 'running').map((c) => c.service)], t);
  if (!stoppedProcs.length && !containers?.containers.some((c) => c.was === 'running')) t.log('nothing of it was still running');
  return [...left].sort();
}

/** The run `stackpilot report` reads (last-run.json) ends here, with the stops it made: as a supervisor's own stop would have. */
function endRun(runDir: string, stopped: string[], t: WatchdogStopTarget): void {
  try {
    const { run } = readLastRun(runDir);
    if (!run || run.endedAt !== undefined) return;
    const now = Date.now();
    writeLastRun(runDir, { ...recordStops(run, stopped, now, 'the watchdog (its supervisor died)'), endedAt: now });
  } catch (err) {
    t.log(`could not end the run in ${join(runDir, 'last-run.json')}: ${(err as Error).message}`);
  }
}

function unmarked(r: RunRecord): RunRecord {
  if (r.stopping === undefined) return r;
  const { stopping: _done, ...rest } = r;
  return rest;
}

async function updateRecords(
  store: JsonStateStore | undefined,
  t: WatchdogStopTarget,
  change: (records: RunRecord[]) => RunRecord[],
): Promise<void> {
  if (!store) return;
  try {
    const records = await store.load();
    const next = change(records);
    if (JSON.stringify(next) !== JSON.stringify(records)) await store.save(next);
  } catch (err) {
    t.log(`could not update ${join(t.runDir!, 'state.json')}: ${(err as Error).message}`);
  }
}
