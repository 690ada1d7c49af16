import { createLogger } from '../../infra/createLogger';
import { createStackEngine } from '../../infra/createStackEngine';
import { describeHolder } from '../../infra/state/stackLock';
import { isServiceState, isUp } from '../../core/status/serviceStates';
import { parseArgs, stringFlag, UsageError } from '../args';
import { askSupervisor } from '../askSupervisor';
import { printStatusTable } from '../describeStatus';
import { takeSupervisorLock } from '../supervisorLock';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';

/**
 * `stackpilot restart SERVICE... [--timeout S]`: stops the services and starts them again,
 * health-gated. While a live supervisor holds the stack, it restarts them (and keeps supervising
 * them); otherwise this process does, under the lock, and leaves them running as `up --wait` does.
 * Exit 1 when one of them is not up afterwards.
 */
export async function runRestart(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { string: [...stackOptions.string, 'timeout'], boolean: stackOptions.boolean });
  if (!args.positionals.length) throw new UsageError('restart needs the services to restart, e.g. `stackpilot restart api`');
  const timeoutS = stringFlag(args, 'timeout');
  if (timeoutS !== undefined && !(Number(timeoutS) > 0))
    throw new UsageError(`--timeout takes seconds, e.g. --timeout 120 (got ${timeoutS})`);
  const out = new Output(io);
  const names = args.positionals;
  // Selected: the services and what they depend on (started too when not running; adopted when they are).
  const loaded = await loadForCli(args, io, out, names);
  if (!loaded.config) return 1;
  const unknown = names.filter((s) => !loaded.config!.services[s]);
  if (unknown.length) {
    out.error(`no service named ${unknown.join(', ')} in ${loaded.config.name}`);
    return 1;
  }
  const asked = await askSupervisor(loaded.config, 'restart', names, 'restart', out, io.env);
  if (asked.kind === 'failed') return 1;
  if (asked.kind === 'done') {
    for (const s of asked.reply.services) out.line(`  ${s.name}: ${s.state}${s.reason ? ` (${s.reason})` : ''}`);
    return asked.reply.services.every((s) => isServiceState(s.state) && isUp(s.state)) ? 0 : 1;
  }
  const got = await takeSupervisorLock(loaded.config, 'cli-wait', out, 120_000);
  if ('heldBy' in got) {
    out.error(`${loaded.config.name} is supervised by ${describeHolder(got.heldBy)} (it took the stack meanwhile): restart it there`);
    return 1;
  }
  const engine = createStackEngine(loaded.config, { output: createLogger(), runDir: loaded.runDir });
  try {
    await engine.down(names);
    const result = await engine.up(loaded.selected, { timeoutMs: timeoutS ? Number(timeoutS) * 1000 : 300_000 });
    printStatusTable(
      out,
      result.statuses.filter((s) => names.includes(s.name)),
    );
    for (const f of result.failures) out.error(f);
    return result.ok ? 0 : 1;
  } finally {
    engine.dispose();
    await got.lock.release();
  }
}
