import { createLogger } from '../../infra/createLogger';
import { createStackEngine } from '../../infra/createStackEngine';
import { isUp } from '../../core/status/serviceStates';
import { describeHolder, stackLocks } from '../../infra/state/stackLock';
import { parseArgs } from '../args';
import { printStatusTable, statusJson } from '../describeStatus';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';

/** `stackpilot status [--json]`: what runs now (from the state file, probed once). Exit 1 when a selected service is not up. */
export async function runStatus(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { ...stackOptions, boolean: [...stackOptions.boolean, 'json'] });
  const out = new Output(io);
  const loaded = await loadForCli(args, io, out);
  if (!loaded.config) return 1;
  const engine = createStackEngine(loaded.config, { output: createLogger(), runDir: loaded.runDir });
  try {
    const statuses = await engine.observe();
    const down = statuses.filter((s) => loaded.selected.includes(s.name) && !isUp(s.state));
    const holder = await stackLocks(loaded.config.root).holder().catch(() => undefined);
    const supervisedBy = holder ? describeHolder(holder) : null;
    if (args.flags.has('json')) {
      out.json({ stack: loaded.config.name, profile: loaded.profile ?? null, selected: loaded.selected, supervisedBy, services: statuses.map(statusJson) });
    } else {
      out.line(`${out.paint('bold', loaded.config.name)} · profile ${loaded.profile ?? '(default)'}${supervisedBy ? ` · supervised by ${supervisedBy}` : ''}`);
      printStatusTable(out, statuses);
    }
    return down.length ? 1 : 0;
  } finally {
    engine.dispose();
  }
}
