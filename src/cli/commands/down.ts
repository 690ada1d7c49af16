import { createLogger } from '../../infra/createLogger';
import { createStackEngine } from '../../infra/createStackEngine';
import { parseArgs } from '../args';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';

/** `stackpilot down [SERVICE...]`: stop what an earlier `up` started (from the state file), dependents first. */
export async function runDown(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, stackOptions);
  const out = new Output(io);
  const loaded = await loadForCli(args, io, out);
  if (!loaded.config) return 1;
  const engine = createStackEngine(loaded.config, { output: createLogger(), runDir: loaded.runDir });
  try {
    const before = (await engine.observe()).filter((s) => s.state !== 'stopped').map((s) => s.name);
    await engine.down(args.positionals.length ? args.positionals : undefined);
    out.line(before.length ? `stopped ${before.filter((s) => !args.positionals.length || args.positionals.includes(s)).join(', ')}` : 'nothing was running');
    return 0;
  } finally {
    engine.dispose();
  }
}
