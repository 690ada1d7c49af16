import * as path from 'node:path';
import { lastRunServices, type LastRun } from '../../core/report/LastRun';
import { createLogger } from '../../infra/createLogger';
import { createStackEngine } from '../../infra/createStackEngine';
import { createMonitor, type Monitor } from '../../infra/metrics/createMonitor';
import { claimSupervision } from '../../infra/state/supervisorRecords';
import { liveStatusFile, publishLiveStatus } from '../../infra/state/liveStatusFile';
import { describeHolder, type LockHolder } from '../../infra/state/stackLock';
import type { StackConfig } from '../../core/config/model';
import { isUp } from '../../core/status/serviceStates';
import { takeSupervisorLock } from '../supervisorLock';
import { formatDuration } from '../../core/status/formatDuration';
import { parseArgs, stringFlag, UsageError } from '../args';
import { statusDetail } from '../../core/status/serviceStates';
import { paintStateLine, printStatusTable } from '../describeStatus';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';
import { drainBriefly } from '../drainBriefly';
import { writeLastRun } from '../lastRunFile';
import { readyDurations, saveTimings } from '../timings';
import { startWatching, wantsWatch, watchFlags } from '../watchFlags';
import type { StackWatch } from '../../infra/watch/watchStack';
import { controlDir, serveControl } from '../../infra/session/controlChannel';
import { supervisorControlHandler } from '../../infra/session/controlHandler';

export interface Signals {
  /** Called on Ctrl-C / SIGTERM; returns an unsubscribe function. */
  onInterrupt(fn: () => void): () => void;
}

/**
 * `stackpilot up [SERVICE...] [--profile P] [--wait] [--timeout S]`.
 * --wait: start, wait until everything settled, print a summary, exit (services keep running; `down` stops them).
 * Otherwise: supervise in the foreground, printing logs and alerts, until Ctrl-C, which stops everything
 * gracefully. While supervising, the monitor runs: alert history in `.stackpilot/alerts.jsonl`,
 * webhooks, and the Prometheus endpoint (`monitoring.prometheus`, or `--prometheus PORT`).
 * Both modes record the run in `.stackpilot/last-run.json` for `stackpilot report`.
 */
export async function runUp(argv: string[], io: Io, signals: Signals): Promise<number> {
  const args = parseArgs(argv, {
    string: [...stackOptions.string, 'timeout', 'prometheus'],
    boolean: [...stackOptions.boolean, 'wait', 'quiet', ...watchFlags],
  });
  const out = new Output(io);
  const timeoutS = stringFlag(args, 'timeout');
  if (timeoutS !== undefined && !(Number(timeoutS) > 0))
    throw new UsageError(`--timeout takes seconds, e.g. --timeout 120 (got ${timeoutS})`);
  const promFlag = stringFlag(args, 'prometheus');
  if (promFlag !== undefined && (!/^\d+$/.test(promFlag) || Number(promFlag) > 65535))
    throw new UsageError(`--prometheus takes a port on 127.0.0.1, e.g. --prometheus 9464 (0: any free port), got ${promFlag}`);
  const wait = args.flags.has('wait');
  if (wait && promFlag !== undefined)
    throw new UsageError('--prometheus needs a supervising `up` (without --wait): the endpoint lives as long as the supervisor');
  const watching = wantsWatch(args.flags, wait);
  const loaded = await loadForCli(args, io, out, args.positionals);
  if (!loaded.config) return 1;
  // One supervisor per stack: a second `up` starts nothing (with --wait it reports the services as they are).
  const claimed = await takeSupervisorLock(loaded.config, wait ? 'cli-wait' : 'cli', out, timeoutS ? Number(timeoutS) * 1000 : 300_000);
  if ('heldBy' in claimed) return reportHeld(loaded.config, loaded.runDir, loaded.selected, claimed.heldBy, wait, out);
  const lock = claimed.lock;
  const logger = createLogger();
  const engine = createStackEngine(loaded.config, { output: logger, runDir: loaded.runDir });
  const began = Date.now();
  let monitor: Monitor | undefined;
  let watch: StackWatch | undefined;
  const record = (extra: Partial<LastRun> = {}) => {
    try {
      writeLastRun(loaded.runDir, {
        version: 1,
        stack: loaded.config!.name,
        profile: loaded.profile ?? null,
        selected: loaded.selected,
        mode: wait ? 'wait' : 'supervise',
        startedAt: began,
        updatedAt: Date.now(),
        failures: [],
        services: lastRunServices(engine.status()),
        ...(monitor ? { metrics: monitor.snapshot().metrics } : {}),
        ...extra,
      });
    } catch (err) {
      logger.warn(`could not record the run for \`stackpilot report\`: ${(err as Error).message}`);
    }
  };
  if (!wait) {
    monitor = createMonitor(engine, loaded.config, {
      logger,
      historyFile: path.join(loaded.runDir, 'alerts.jsonl'),
      ...(promFlag !== undefined ? { prometheus: { port: Number(promFlag) } } : {}),
      env: io.env,
    });
    monitor.onAlert((a) => {
      const colour = a.kind === 'resolved' ? 'green' : a.alert.severity === 'critical' ? 'red' : 'yellow';
      out.line(
        `${out.paint(colour, `alert ${a.kind}`)} [${a.alert.severity}] ${a.alert.service ? `${a.alert.service}: ` : ''}${a.alert.summary}`,
      );
    });
    void monitor.prometheus.then((url) => url && out.line(out.paint('gray', `Prometheus metrics at ${url}`)));
  }
  const width = Math.max(...loaded.selected.map((s) => s.length));
  const sub = engine.onEvent((e) => {
    if (e.type === 'state') {
      out.line(`${out.paint('gray', e.service.padEnd(width))} ${paintStateLine(out, e.transition.to, statusDetail(e.status))}`);
    } else if (e.type === 'log' && !wait && !args.flags.has('quiet')) {
      out.line(`${out.paint(e.line.stream === 'stderr' ? 'yellow' : 'blue', `${e.line.service.padEnd(width)} |`)} ${e.line.text}`);
    }
  });

  const abort = new AbortController();
  let interrupted = 0;
  let stopped: (() => void) | undefined;
  const untilStopped = new Promise<void>((resolve) => (stopped = resolve));
  // `stackpilot down` (or a window's Stop) from another process, through the control channel: who asked, and when all is stopped.
  let downBy: string | undefined;
  let allStopped: (() => void) | undefined;
  const whenAllStopped = new Promise<void>((resolve) => (allStopped = resolve));
  const unhook = signals.onInterrupt(() => {
    interrupted++;
    if (interrupted > 1) {
      io.stderr('second interrupt: exiting now; `stackpilot down` stops what is left\n');
      process.exit(130);
    }
    abort.abort();
    stopped!();
  });
  // While supervising, the run record follows every state change (at most one write a second).
  let pending: ReturnType<typeof setTimeout> | undefined;
  const recordSub = wait
    ? undefined
    : engine.onEvent((ev) => {
        if (ev.type !== 'state' || pending) return;
        pending = setTimeout(() => {
          pending = undefined;
          record();
        }, 1000);
      });
  // While supervising, this process is recorded as the services' supervisor (pid and start time) until it
  // exits: an editor window reopened meanwhile shows them but does not supervise them a second time.
  const release = wait
    ? undefined
    : await claimSupervision(loaded.runDir, loaded.selected).catch(
        (err: Error) => void logger.warn(`could not record this process as the supervisor: ${err.message}`),
      );
  // While supervising, every other process (`stackpilot status`, a window) reads this process's view.
  const published = wait
    ? undefined
    : await publishLiveStatus(liveStatusFile(loaded.config.root, io.env), loaded.config.name, engine, monitor, (m) => logger.warn(m));
  // While supervising, other processes ask this one to stop or restart services instead of acting themselves.
  const control = wait
    ? undefined
    : await serveControl(
        controlDir(loaded.config.root, io.env),
        supervisorControlHandler(
          { status: () => engine.status(), stop: (names) => engine.down(names), restart: (n, o) => engine.restart(n, o) },
          () => Object.keys(loaded.config!.services),
          (from) => {
            downBy ??= from;
            abort.abort();
            stopped!();
            return whenAllStopped;
          },
          (line) => out.line(out.paint('gray', line)),
        ),
        (m) => logger.warn(m),
      ).catch((err: Error) => void logger.warn(`could not open the control channel: ${err.message}`));
  try {
    const result = await engine.up(loaded.selected, { signal: abort.signal, timeoutMs: timeoutS ? Number(timeoutS) * 1000 : undefined });
    saveTimings(loaded.runDir, readyDurations(result.statuses));
    const outcome = { ok: result.ok, failures: result.failures };
    record(outcome);
    out.line();
    out.line(
      `${out.paint('bold', loaded.config.name)}: ${result.ok ? out.paint('green', 'up') : out.paint('red', 'not fully up')} in ${formatDuration(Date.now() - began)}`,
    );
    printStatusTable(
      out,
      result.statuses.filter((s) => loaded.selected.includes(s.name)),
    );
    for (const f of result.failures) out.error(f);
    if (wait || abort.signal.aborted) {
      if (abort.signal.aborted) {
        out.line(downBy ? `${downBy} asked to stop the stack: stopping it…` : 'interrupted: stopping the stack…');
        await engine.down();
        allStopped!();
        record({ ...outcome, endedAt: Date.now() });
        if (downBy) out.line(`stopped by ${downBy}`);
        return downBy ? 0 : 130;
      }
      return result.ok ? 0 : 1;
    }
    if (watching) watch = await startWatching(engine, loaded.config, loaded.selected, logger, out);
    out.line(out.paint('gray', 'supervising; Ctrl-C stops the stack'));
    await untilStopped;
    out.line(downBy ? `${downBy} asked to stop the stack: stopping it…` : 'stopping the stack…');
    if (pending) clearTimeout(pending);
    recordSub?.dispose();
    const endedAt = Date.now();
    // Recorded before stopping: the run's uptime ends at Ctrl-C, not after the deliberate stop.
    record({ ...outcome, endedAt });
    await engine.down();
    allStopped!();
    out.line(downBy ? `stopped by ${downBy}` : 'stopped');
    return 0;
  } finally {
    watch?.dispose();
    published?.dispose();
    await release?.();
    // The reply to a `down` is flushed before the lock goes: its sender then takes the lock.
    allStopped!();
    await control?.dispose();
    await lock.release();
    if (pending) clearTimeout(pending);
    recordSub?.dispose();
    unhook();
    sub.dispose();
    if (monitor) await drainBriefly(monitor, out, (fn) => signals.onInterrupt(fn));
    monitor?.dispose();
    engine.dispose();
  }
}

/**
 * Another supervisor holds the stack: say who. Without --wait that is an error (exit 1); with
 * --wait the services are reported as they are (exit 0 when every selected one is up).
 */
async function reportHeld(
  config: StackConfig,
  runDir: string,
  selected: string[],
  holder: LockHolder,
  wait: boolean,
  out: Output,
): Promise<number> {
  const who = `${config.name} is supervised by ${describeHolder(holder)}`;
  if (!wait) {
    out.error(`${who}: not starting it a second time (stop that one first, or use \`stackpilot status\`)`);
    return 1;
  }
  out.line(`${who}; its services as they are:`);
  const engine = createStackEngine(config, { output: createLogger(), runDir });
  try {
    const statuses = (await engine.observe()).filter((s) => selected.includes(s.name));
    printStatusTable(out, statuses);
    return statuses.every((s) => isUp(s.state)) ? 0 : 1;
  } finally {
    engine.dispose();
  }
}
