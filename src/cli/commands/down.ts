import { createLogger } from '../../infra/createLogger';
import { createStackEngine } from '../../infra/createStackEngine';
import { removeProjectNetworks } from '../../infra/docker/removeProjectNetworks';
import { removeProjectVolumes } from '../../infra/docker/removeProjectVolumes';
import { parseArgs, UsageError } from '../args';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';

/**
 * `stackpilot down [SERVICE...] [--volumes]`: stop what an earlier `up` started (from the state file),
 * dependents first, then (without SERVICE) the networks it created. `--volumes` also removes the stack's named Docker volumes (never done otherwise).
 */
export async function runDown(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { ...stackOptions, boolean: [...stackOptions.boolean, 'volumes'] });
  if (args.flags.has('volumes') && args.positionals.length) throw new UsageError('--volumes removes the whole stack\'s named volumes: run it without service names');
  const out = new Output(io);
  const loaded = await loadForCli(args, io, out);
  if (!loaded.config) return 1;
  const engine = createStackEngine(loaded.config, { output: createLogger(), runDir: loaded.runDir });
  try {
    const before = (await engine.observe()).filter((s) => s.state !== 'stopped').map((s) => s.name);
    await engine.down(args.positionals.length ? args.positionals : undefined);
    out.line(before.length ? `stopped ${before.filter((s) => !args.positionals.length || args.positionals.includes(s)).join(', ')}` : 'nothing was running');
    if (!args.positionals.length && Object.values(loaded.config.services).some((s) => s.kind === 'docker')) {
      const nets = await removeProjectNetworks(loaded.config.name);
      if (nets.removed.length) out.line(`removed networks ${nets.removed.join(', ')}`);
      if (nets.kept.length) out.line(`kept networks in use: ${nets.kept.join('; ')}`);
    }
    if (args.flags.has('volumes') && Object.values(loaded.config.services).some((s) => s.kind === 'docker')) {
      const removed = await removeProjectVolumes(loaded.config.name);
      out.line(removed.length ? `removed volumes ${removed.join(', ')}` : 'no volumes to remove');
    }
    return 0;
  } finally {
    engine.dispose();
  }
}
