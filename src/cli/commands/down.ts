import { createLogger } from '../../infra/createLogger';
import { createStackEngine } from '../../infra/createStackEngine';
import { removeProjectVolumes } from '../../infra/docker/removeProjectVolumes';
import type { StackConfig } from '../../core/config/model';
import { askToStop, describeHolder, stackLocks, type StackLock } from '../../infra/state/stackLock';
import { parseArgs, UsageError } from '../args';
import { takeSupervisorLock } from '../supervisorLock';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';

/**
 * `stackpilot down [SERVICE...] [--volumes]`: stop what an earlier `up` started (from the state file),
 * dependents first, then (without SERVICE) the networks it created. `--volumes` also removes the stack's named Docker volumes (never done otherwise).
 */
export async function runDown(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { ...stackOptions, boolean: [...stackOptions.boolean, 'volumes'] });
  if (args.flags.has('volumes') && args.positionals.length)
    throw new UsageError("--volumes removes the whole stack's named volumes: run it without service names");
  const out = new Output(io);
  const loaded = await loadForCli(args, io, out);
  if (!loaded.config) return 1;
  const lock = await lockForDown(loaded.config, out);
  if (!lock) return 1;
  const engine = createStackEngine(loaded.config, { output: createLogger(), runDir: loaded.runDir });
  try {
    const before = (await engine.observe()).filter((s) => s.state !== 'stopped').map((s) => s.name);
    const notes: string[] = [];
    await engine.down(args.positionals.length ? args.positionals : undefined, { onNote: (n) => notes.push(n) });
    out.line(
      before.length
        ? `stopped ${before.filter((s) => !args.positionals.length || args.positionals.includes(s)).join(', ')}`
        : 'nothing was running',
    );
    // A full down: the project networks this stack created (never external or other tools' networks).
    for (const note of notes) out.line(note);
    if (args.flags.has('volumes') && Object.values(loaded.config.services).some((s) => s.kind === 'docker')) {
      const removed = await removeProjectVolumes(loaded.config.name);
      out.line(removed.length ? `removed volumes ${removed.join(', ')}` : 'no volumes to remove');
    }
    return 0;
  } finally {
    engine.dispose();
    await lock.release();
  }
}

/**
 * `down` holds the stack's lock while it stops things, so no supervisor restarts what it stops. A
 * foreground `stackpilot up` holding it is asked to stop first (SIGTERM, as Ctrl-C: it stops its
 * services itself); a VS Code window is not signalled: the user stops it there.
 */
async function lockForDown(config: StackConfig, out: Output): Promise<StackLock | undefined> {
  let got = await takeSupervisorLock(config, 'down', out, 120_000);
  if ('heldBy' in got && got.heldBy.kind === 'cli') {
    const h = got.heldBy;
    out.line(`${config.name} is supervised by ${describeHolder(h)}: asking it to stop the stack`);
    // The lock lives in the user's own state folder, not the repository; askToStop checks pid and start time again.
    await askToStop(stackLocks(config.root), h);
    got = await takeSupervisorLock(config, 'down', out, 120_000);
  }
  if ('heldBy' in got && got.heldBy.kind === 'window') {
    // A window that is closing lets go within moments (its shutdown stops what it started).
    if (await stackLocks(config.root).waitUntilFree(5000)) got = await takeSupervisorLock(config, 'down', out, 120_000);
  }
  if ('heldBy' in got) {
    out.error(
      `${config.name} is supervised by ${describeHolder(got.heldBy)}: stop it there${got.heldBy.kind === 'window' ? ' (Stackpilot: Stop Stack)' : ''}`,
    );
    return undefined;
  }
  return got.lock;
}
