import { createLogger } from '../../infra/createLogger';
import { createStackEngine } from '../../infra/createStackEngine';
import { formatDuration } from '../../core/status/formatDuration';
import { parseArgs, stringFlag, UsageError } from '../args';
import { statusDetail } from '../../core/status/serviceStates';
import { paintState, printStatusTable } from '../describeStatus';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';
import { readyDurations, saveTimings } from '../timings';

export interface Signals {
  /** Called on Ctrl-C / SIGTERM; returns an unsubscribe function. */
  onInterrupt(fn: () => void): () => void;
}

/**
 * `stackpilot up [SERVICE...] [--profile P] [--wait] [--timeout S]`.
 * --wait: start, wait until everything settled, print a summary, exit (services keep running; `down` stops them).
 * Otherwise: supervise in the foreground, printing logs, until Ctrl-C, which stops everything gracefully.
 */
export async function runUp(argv: string[], io: Io, signals: Signals): Promise<number> {
  const args = parseArgs(argv, { string: [...stackOptions.string, 'timeout'], boolean: ['wait', 'quiet'] });
  const out = new Output(io);
  const timeoutS = stringFlag(args, 'timeout');
  if (timeoutS !== undefined && !(Number(timeoutS) > 0)) throw new UsageError(`--timeout takes seconds, e.g. --timeout 120 (got ${timeoutS})`);
  const loaded = await loadForCli(args, io, out, args.positionals);
  if (!loaded.config) return 1;
  const wait = args.flags.has('wait');
  const engine = createStackEngine(loaded.config, { output: createLogger(), runDir: loaded.runDir });
  const width = Math.max(...loaded.selected.map((s) => s.length));
  const sub = engine.onEvent((e) => {
    if (e.type === 'state') {
      const detail = statusDetail(e.status);
      out.line(`${out.paint('gray', e.service.padEnd(width))} ${paintState(out, e.transition.to)}${detail ? ` ${out.paint('gray', detail)}` : ''}`);
    } else if (e.type === 'log' && !wait && !args.flags.has('quiet')) {
      out.line(`${out.paint(e.line.stream === 'stderr' ? 'yellow' : 'blue', `${e.line.service.padEnd(width)} |`)} ${e.line.text}`);
    }
  });

  const abort = new AbortController();
  let interrupted = 0;
  let stopped: (() => void) | undefined;
  const untilStopped = new Promise<void>((resolve) => (stopped = resolve));
  const unhook = signals.onInterrupt(() => {
    interrupted++;
    if (interrupted > 1) {
      io.stderr('second interrupt: exiting now; `stackpilot down` stops what is left\n');
      process.exit(130);
    }
    abort.abort();
    stopped!();
  });
  const began = Date.now();
  try {
    const result = await engine.up(loaded.selected, { signal: abort.signal, timeoutMs: timeoutS ? Number(timeoutS) * 1000 : undefined });
    saveTimings(loaded.runDir, readyDurations(result.statuses));
    out.line();
    out.line(`${out.paint('bold', loaded.config.name)}: ${result.ok ? out.paint('green', 'up') : out.paint('red', 'not fully up')} in ${formatDuration(Date.now() - began)}`);
    printStatusTable(out, result.statuses.filter((s) => loaded.selected.includes(s.name)));
    for (const f of result.failures) out.error(f);
    if (wait || abort.signal.aborted) {
      if (abort.signal.aborted) {
        out.line('interrupted: stopping the stack…');
        await engine.down();
        return 130;
      }
      return result.ok ? 0 : 1;
    }
    out.line(out.paint('gray', 'supervising; Ctrl-C stops the stack'));
    await untilStopped;
    out.line('stopping the stack…');
    await engine.down();
    out.line('stopped');
    return 0;
  } finally {
    unhook();
    sub.dispose();
    engine.dispose();
  }
}
