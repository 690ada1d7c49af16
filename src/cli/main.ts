// The `stackpilot` command: a thin front end over the same core as the extension.
import { version } from './version';
import { unknownCommand, UsageError } from './args';
import { commandUsage, wantsHelp } from './commandUsage';
import { runAlertCommand } from './commands/alert';
import { runDown } from './commands/down';
import { runLogs } from './commands/logs';
import { runPlan } from './commands/plan';
import { runReport } from './commands/report';
import { runRestart } from './commands/restart';
import { runScan, scanUsage } from './commands/scan';
import { runStatus } from './commands/status';
import { runUp } from './commands/up';
import { runValidate } from './commands/validate';
import { Output, type Io } from './Output';

const usage = `usage: stackpilot <command> [options]

  validate                      check the stack file(s); errors as file:line:col
  plan [SERVICE...]             start order and critical path (durations from the last run)
  up [SERVICE...] [--wait] [--timeout S] [--quiet] [--prometheus PORT]
                                start in dependency order, gated on health; without --wait,
                                supervise in the foreground until Ctrl-C, with alerts, webhooks
                                and (--prometheus, or monitoring.prometheus) metrics on 127.0.0.1
  down [SERVICE...] [--volumes]  stop what up started, dependents first (--volumes: also named volumes);
                                a live supervisor (foreground up, editor window) is asked to do it
  stop SERVICE...               stop those services (a live supervisor keeps supervising the rest)
  restart SERVICE... [--timeout S]
                                stop and start them again, health-gated (through a live supervisor)
  status [--json]               what runs now; exit 1 when a selected service is not up
  acknowledge ALERT             acknowledge a firing alert of the live supervisor (ALERT as status names it)
  silence ALERT [--for 1h]      hold its notifications back for a while (1s to 7d)
  report [--out DIR] [--history FILE]
                                report.json and a self-contained report.html of the last run:
                                health, uptime, alerts, start-up timeline (default DIR .stackpilot)
  logs SERVICE [--follow] [--tail N]
  scan [PATHS...] [--format text|json|sarif] [--baseline FILE] [--update-baseline]
                                find hardcoded secrets; exit 1 on findings not in the baseline

  common: --file PATH (default ./stackpilot.yaml, else the compose file here), --profile NAME,
          --allow-outside (read env/compose files the stack names outside its folder),
          --max-file-size SIZE (stack, compose and env files; default 1m)`;

const COMMANDS = [...new Set([...Object.keys(commandUsage), 'scan'])];

const interrupts = {
  onInterrupt(fn: () => void) {
    process.on('SIGINT', fn);
    process.on('SIGTERM', fn);
    return () => {
      process.off('SIGINT', fn);
      process.off('SIGTERM', fn);
    };
  },
};

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  const out = new Output(io);
  try {
    // `<command> --help` prints that command's usage and does nothing else (it used to run it: `up --help` started the stack).
    const topic = command === 'help' ? rest[0] : wantsHelp(rest) ? command : undefined;
    if (topic !== undefined && !topic.startsWith('-')) {
      const text = topic === 'scan' ? scanUsage : Object.hasOwn(commandUsage, topic) ? commandUsage[topic] : undefined;
      if (text === undefined) throw new UsageError(unknownCommand(topic, COMMANDS));
      out.line(text);
      return 0;
    }
    switch (command) {
      case 'validate':
        return await runValidate(rest, io);
      case 'plan':
        return await runPlan(rest, io);
      case 'up':
        return await runUp(rest, io, interrupts);
      case 'down':
        return await runDown(rest, io);
      case 'stop':
        return await runDown(rest, io, 'stop');
      case 'restart':
        return await runRestart(rest, io);
      case 'status':
        return await runStatus(rest, io);
      case 'acknowledge':
      case 'silence':
        return await runAlertCommand(rest, io, command);
      case 'report':
        return await runReport(rest, io);
      case 'logs':
        return await runLogs(rest, io, interrupts);
      case 'scan':
        return await runScan(rest, io);
      case '--version':
      case '-v':
        out.line(version);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.line(usage);
        return 0;
      default:
        throw new UsageError(unknownCommand(command, COMMANDS));
    }
  } catch (err) {
    if (err instanceof UsageError) {
      out.error(err.message);
      io.stderr(`${usage}\n`);
      return 2;
    }
    out.error(err instanceof Error ? err.message : String(err));
    if (process.env.STACKPILOT_DEBUG && err instanceof Error) io.stderr(`${err.stack}\n`);
    return 1;
  }
}

/**
 * Writes to a stream until its reader goes away: `stackpilot up | tee up.log`, then Ctrl-C, ends
 * `tee` first, and a write then failed with an unhandled EPIPE that killed `up` half-way through
 * stopping its services. Output nobody reads is dropped; the work goes on.
 */
function writerOf(stream: NodeJS.WriteStream): (s: string) => void {
  let gone = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    gone = true;
  });
  return (s) => {
    if (!gone) stream.write(s);
  };
}

if (require.main === module) {
  const io: Io = {
    stdout: writerOf(process.stdout),
    stderr: writerOf(process.stderr),
    cwd: process.cwd(),
    env: process.env,
    isTTY: !!process.stdout.isTTY,
  };
  // Exit explicitly: `up --wait` leaves services running detached, and nothing else should keep us.
  void main(process.argv.slice(2), io).then((code) => process.exit(code));
}
