import { createLogger } from '../../infra/createLogger';
import { createStackEngine } from '../../infra/createStackEngine';
import { isUp } from '../../core/status/serviceStates';
import { describeHolder, stackLocks } from '../../infra/state/stackLock';
import { waitForLiveStatus } from '../liveView';
import { parseArgs } from '../args';
import { printStatusTable, statusJson } from '../describeStatus';
import { dependencyTrouble, dependsOnOf } from '../../core/status/dependencyTrouble';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';
import { isoTime } from '../../shared/isoTime';
import { clockTime } from '../../shared/clockTime';
import { staleNote } from '../../core/status/liveFreshness';
import { freshnessOf } from '../../infra/state/readSupervisorView';
import { readLastStops } from '../../infra/state/lastRunFile';
import { explainStops } from '../../core/report/lastStops';

/**
 * `stackpilot status [--json]`: what runs now. While a live supervisor holds the stack's lock, its
 * published view (states, exit codes, restarts, firing alerts); otherwise observed (state file,
 * probed once). A view its supervisor stopped rewriting (paused, hung) is said to be stale. Exit 1
 * when a selected service is not up, or the view is stale.
 */
export async function runStatus(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { ...stackOptions, boolean: [...stackOptions.boolean, 'json'] });
  const out = new Output(io);
  const loaded = await loadForCli(args, io, out);
  if (!loaded.config) return 1;
  const holder = await stackLocks(loaded.config.root, io.env)
    .holder()
    .catch(() => undefined);
  const supervisedBy = holder ? describeHolder(holder) : null;
  const live = holder ? await waitForLiveStatus(loaded.config.root, holder, io.env) : undefined;
  // A supervisor that stopped rewriting its view (paused, hung) is not vouching for it any more.
  const fresh = live && holder ? await freshnessOf(live, holder) : ({ stale: false } as const);
  const stale = fresh.stale && supervisedBy ? { ...fresh, note: staleNote(supervisedBy, fresh, clockTime) } : undefined;
  // While a supervisor holds the stack, this process never probes on its own (its one-shot verdict
  // would disagree with the supervisor's retries): without its view, only what records and /proc show.
  const engine = live ? undefined : createStackEngine(loaded.config, { output: createLogger(), runDir: loaded.runDir });
  try {
    // Observed: a service stopped with nothing left to say says who stopped it (the last run's record).
    const statuses = live
      ? live.services
      : explainStops(
          await engine!.observe(
            holder
              ? { notProbed: `not probed: ${describeHolder(holder)} supervises it and published no status` }
              : { selected: loaded.selected },
          ),
          readLastStops(loaded.runDir, loaded.config.name),
          clockTime,
        );
    const alerts = live?.alerts ?? [];
    const deps = dependsOnOf(loaded.config.services);
    // While a supervisor runs the stack, its run's profile and selection, not this command's own default.
    const run = live?.run ?? { profile: loaded.profile ?? null, selected: loaded.selected };
    const down = statuses.filter((s) => run.selected.includes(s.name) && !isUp(s.state));
    if (args.flags.has('json')) {
      out.json({
        stack: loaded.config.name,
        profile: run.profile,
        selected: run.selected,
        supervisedBy,
        source: live ? 'supervisor' : 'observed',
        // The supervisor's last view, not the truth now: `since` is its last write.
        stale: stale ? { since: isoTime(stale.since), why: stale.why, message: stale.note } : null,
        services: statuses.map((s) => statusJson(s, dependencyTrouble(s.name, statuses, deps))),
        alerts: alerts.map((a) => ({
          ...a,
          firingSince: a.firingSince === null ? null : isoTime(a.firingSince),
          ...(a.silencedUntil !== undefined ? { silencedUntil: isoTime(a.silencedUntil) } : {}),
        })),
      });
    } else {
      out.line(
        `${out.paint('bold', loaded.config.name)} · profile ${run.profile ?? '(default)'}${supervisedBy ? ` · supervised by ${supervisedBy}` : ''}`,
      );
      if (stale) out.line(out.paint('yellow', stale.note));
      printStatusTable(out, statuses, deps);
      // The key is what `stackpilot acknowledge|silence` take; acknowledged and silenced ones are said so, in calm colours.
      for (const a of alerts) {
        const calm = a.acknowledged || a.silenced;
        const marks = [
          a.key,
          a.acknowledged ? 'acknowledged' : '',
          a.silenced ? `silenced${a.silencedUntil ? ` until ${clockTime(a.silencedUntil)}` : ''}` : '',
        ]
          .filter(Boolean)
          .join(' · ');
        out.line(
          `${out.paint(calm ? 'gray' : a.severity === 'critical' ? 'red' : 'yellow', `alert firing`)} [${a.severity}] ${a.service ? `${a.service}: ` : ''}${a.summary} ${out.paint('gray', `(${marks})`)}`,
        );
      }
    }
    // A stale view cannot vouch that anything is up.
    return down.length || stale ? 1 : 0;
  } finally {
    engine?.dispose();
  }
}
