import { createLogger } from '../../infra/createLogger';
import { createStackEngine } from '../../infra/createStackEngine';
import { RunSession } from '../../infra/session/RunSession';
import { restartWithFile } from '../../infra/session/applyStackFile';
import { liveStatusFile } from '../../infra/state/liveStatusFile';
import { writeDetached } from '../../infra/state/handOverFile';
import { runningInstances } from '../../core/session/ownership';
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
import { dependsOnOf } from '../../core/status/dependencyTrouble';
import { startWatching, wantsWatch, watchFlags } from '../watchFlags';
import type { StackWatch } from '../../infra/watch/watchStack';
import { controlDir, serveControl, type ControlServer } from '../../infra/session/controlChannel';
import { supervisorControlHandler } from '../../infra/session/controlHandler';
import { waitForLiveStatus } from '../liveView';
import { displayWidth, padColumns } from '../../shared/displayWidth';

export interface Signals {
  /** Called on Ctrl-C / SIGTERM; returns an unsubscribe function. */
  onInterrupt(fn: () => void): () => void;
}

/**
 * `stackpilot up [SERVICE...] [--profile P] [--wait] [--timeout S]`.
 * --wait: start, wait until everything settled, print a summary, exit (services keep running; `down` stops them).
 * Otherwise: supervise in the foreground, printing logs and alerts, until Ctrl-C, which stops everything
 * gracefully; should this process die any other way (SIGKILL, a second Ctrl-C), the run's watchdog
 * stops what it started. While supervising, the monitor runs: alert history in `.stackpilot/alerts.jsonl`,
 * webhooks, and the Prometheus endpoint (`monitoring.prometheus`, or `--prometheus PORT`).
 * Both modes run inside a RunSession (lock, engine, run files) and record the run in
 * `.stackpilot/last-run.json` for `stackpilot report`.
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
  const loaded = await loadForCli(args, io, out, args.positionals, { checkPrograms: 'selected' });
  if (!loaded.config) return 1;
  const config = loaded.config;
  // One supervisor per stack: a second `up` starts nothing (with --wait it reports the services as they are).
  const claimed = await takeSupervisorLock(config, wait ? 'cli-wait' : 'cli', out, timeoutS ? Number(timeoutS) * 1000 : 300_000);
  if ('heldBy' in claimed) return reportHeld(config, loaded.runDir, loaded.selected, claimed.heldBy, wait, out, io.env);
  const logger = createLogger();
  // The session owns the lock from here: released when it ends, whatever happens below.
  const session = new RunSession(config, {
    output: logger,
    runDir: loaded.runDir,
    lock: claimed.lock,
    monitor: wait
      ? false
      : {
          ...(promFlag !== undefined ? { prometheus: { port: Number(promFlag) } } : {}),
          env: io.env,
        },
    onAlert: (a) => {
      const colour = a.kind === 'resolved' ? 'green' : a.alert.severity === 'critical' ? 'red' : 'yellow';
      out.line(
        `${out.paint(colour, `alert ${a.kind}`)} [${a.alert.severity}] ${a.alert.service ? `${a.alert.service}: ` : ''}${a.alert.summary}`,
      );
    },
  });
  const engine = session.engine;
  const began = Date.now();
  let watch: StackWatch | undefined;
  void session.monitor?.prometheus.then((url) => url && out.line(out.paint('gray', `Prometheus metrics at ${url}`)));
  const width = Math.max(...loaded.selected.map((s) => displayWidth(s)));
  const sub = engine.onEvent((e) => {
    if (e.type === 'state') {
      out.line(`${out.paint('gray', padColumns(e.service, width))} ${paintStateLine(out, e.transition.to, statusDetail(e.status))}`);
    } else if (e.type === 'log' && !wait && !args.flags.has('quiet')) {
      out.line(`${out.paint(e.line.stream === 'stderr' ? 'yellow' : 'blue', `${padColumns(e.line.service, width)} |`)} ${e.line.text}`);
    }
  });

  // A restart (`stackpilot restart`, a watched file) uses the definition the stack file has now, as the editor's Restart does.
  const restartAsFiled = async (n: string, o: { reason?: string; signal?: AbortSignal }): Promise<void> => {
    // Its diagnostics were printed at the start; a file with errors now is said by restartWithFile.
    const quiet: Io = { ...io, stdout: () => undefined, stderr: () => undefined };
    const now = await loadForCli(args, quiet, new Output(quiet), args.positionals).catch(() => undefined);
    await restartWithFile(engine, n, now?.config, logger, o);
  };
  const abort = new AbortController();
  let interrupted = 0;
  let stopped: (() => void) | undefined;
  const untilStopped = new Promise<void>((resolve) => (stopped = resolve));
  // `stackpilot down` (or a window's Stop) from another process, through the control channel: who asked, and when all is stopped.
  let downBy: string | undefined;
  let allStopped: (() => void) | undefined;
  const whenAllStopped = new Promise<void>((resolve) => (allStopped = resolve));
  let control: ControlServer | undefined;
  /** Stops the stack; the reply to a `down` is flushed before the session releases the lock (its sender then takes it). */
  const stopAll = async (e: typeof engine): Promise<void> => {
    await e.down();
    out.line(downBy ? `stopped by ${downBy}` : 'stopped');
    allStopped!();
    await control?.dispose();
  };
  const unhook = signals.onInterrupt(() => {
    interrupted++;
    if (interrupted > 1) {
      io.stderr('second interrupt: exiting now; the watchdog stops what is left\n');
      process.exit(130);
    }
    abort.abort();
    stopped!();
  });
  // The run record follows every state change (at most one write a second); `--wait` hands its run over at exit.
  session.recordRun(loaded.runDir, { profile: loaded.profile ?? null, selected: loaded.selected, mode: wait ? 'wait' : 'supervise' }, (m) =>
    logger.warn(m),
  );
  if (!wait) {
    // Should this process die without stopping its stack (SIGKILL, a second Ctrl-C), the watchdog does.
    session.own(Object.keys(config.services), 'stackpilot up');
    // Recorded as the services' supervisor, and every other process (`stackpilot status`, a window) reads this process's view.
    await session.recordSupervisor(loaded.runDir, loaded.selected);
    session.publish(liveStatusFile(config.root, io.env), (m) => logger.warn(m));
    // Other processes ask this one to stop or restart services instead of acting themselves.
    control = await serveControl(
      controlDir(config.root, io.env),
      supervisorControlHandler(
        {
          status: () => engine.status(),
          stop: async (names) => void (await engine.down(names)),
          restart: restartAsFiled,
          // Its alerts and metrics: acknowledged or silenced from another terminal or window, charted there.
          monitor: () => session.monitor,
          alertsChanged: () => session.publishNow(),
        },
        () => Object.keys(config.services),
        (from) => {
          downBy ??= from;
          // The reason each service still waited for is given (`dep stopped by stackpilot down (pid N) before it was up`).
          abort.abort(`stopped by ${downBy} before it was up`);
          stopped!();
          return whenAllStopped;
        },
        (line) => out.line(out.paint('gray', line)),
      ),
      (m) => logger.warn(m),
    ).catch((err: Error) => {
      logger.warn(`could not open the control channel: ${err.message}`);
      return undefined;
    });
  }
  try {
    const result = await engine.up(loaded.selected, { signal: abort.signal, timeoutMs: timeoutS ? Number(timeoutS) * 1000 : undefined });
    // A start cut short by `stackpilot down` from another process is that process's wish, not a failure of the start.
    const cutShort = downBy !== undefined && result.interrupted === 'aborted';
    session.recordOutcome({ ok: result.ok, failures: result.failures });
    out.line();
    out.line(
      `${out.paint('bold', config.name)}: ${result.ok ? out.paint('green', 'up') : cutShort ? out.paint('yellow', `stopped by ${downBy} before it was up`) : out.paint('red', 'not fully up')}${cutShort ? ', after' : ' in'} ${formatDuration(Date.now() - began)}`,
    );
    printStatusTable(
      out,
      result.statuses.filter((s) => loaded.selected.includes(s.name)),
      dependsOnOf(config.services),
    );
    for (const f of result.failures) if (!(cutShort && f.includes(': stopped by '))) out.error(f);
    if (abort.signal.aborted) {
      out.line(downBy ? `${downBy} asked to stop the stack: stopping it…` : 'interrupted: stopping the stack…');
      await session.end({ stop: stopAll });
      return downBy ? 0 : 130;
    }
    if (wait) {
      // Left running on purpose: a window that adopts them later does not stop them when it closes.
      const left = runningInstances(engine.status());
      writeDetached(config.root, left, (m) => logger.warn(m), io.env);
      // As `docker compose up --wait`: what did start keeps running after a failure, and the user is told how to end it.
      if (!result.ok && left.length)
        out.line(out.paint('gray', `left running: ${left.map((i) => i.service).join(', ')} (stackpilot down stops them)`));
      return result.ok ? 0 : 1;
    }
    if (watching)
      watch = await startWatching({ status: () => engine.status(), restart: restartAsFiled }, config, loaded.selected, logger, out);
    out.line(out.paint('gray', 'supervising; Ctrl-C stops the stack'));
    await untilStopped;
    out.line(downBy ? `${downBy} asked to stop the stack: stopping it…` : 'stopping the stack…');
    watch?.dispose();
    await session.end({
      stop: async (e) => {
        await stopAll(e);
        // From here a further Ctrl-C only skips the webhook wait below (no longer "exit at once").
        unhook();
      },
      drain: (m) => drainBriefly(m, out, (fn) => signals.onInterrupt(fn)),
    });
    return 0;
  } finally {
    watch?.dispose();
    unhook();
    sub.dispose();
    allStopped!();
    await control?.dispose();
    // Whatever path got here (--wait done, an error), the session ends: lock, records, watchdog released.
    // A supervising `up` that failed stops what it started; `--wait` hands its services over.
    await session.end({
      ...(wait ? { handOver: true } : { stop: (e) => e.down() }),
      drain: (m) => drainBriefly(m, out, (fn) => signals.onInterrupt(fn)),
    });
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
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const who = `${config.name} is supervised by ${describeHolder(holder)}`;
  if (!wait) {
    out.error(`${who}: not starting it a second time (stop that one first, or use \`stackpilot status\`)`);
    return 1;
  }
  out.line(`${who}; its services as they are:`);
  // As `status` shows them: the supervisor's own view; without one, records and /proc, never a probe
  // of our own (its one-shot verdict would disagree with the supervisor's retries).
  const live = await waitForLiveStatus(config.root, holder, env);
  const engine = live ? undefined : createStackEngine(config, { output: createLogger(), runDir });
  try {
    const all = live ? live.services : await engine!.observe({ notProbed: `not probed: ${describeHolder(holder)} supervises it` });
    const statuses = all.filter((s) => selected.includes(s.name));
    printStatusTable(out, statuses, dependsOnOf(config.services));
    const down = statuses.filter((s) => !isUp(s.state)).map((s) => s.name);
    if (!down.length) return 0;
    // Nothing is started beside a live supervisor: say how to have it start them.
    out.line(
      out.paint('gray', `not started here: ${down.join(', ')}; \`stackpilot restart ${down.join(' ')}\` asks the supervisor to start them`),
    );
    return 1;
  } finally {
    engine?.dispose();
  }
}
