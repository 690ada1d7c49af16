import { planStart } from '../../core/graph/criticalPath';
import { formatDuration } from '../../core/status/formatDuration';
import { parseArgs } from '../args';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';
import { loadTimings } from '../timings';

/** `stackpilot plan [SERVICE...]`: start order, and the critical path with durations from the last run. */
export async function runPlan(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { ...stackOptions, boolean: [...stackOptions.boolean, 'json'] });
  const out = new Output(io);
  const loaded = await loadForCli(args, io, out, args.positionals, { checkPrograms: 'selected' });
  if (!loaded.config) return 1;
  const config = loaded.config;
  const plan = planStart(loaded.selected, (s) => config.services[s].dependsOn.map((d) => d.service), loadTimings(loaded.runDir));
  if (args.flags.has('json')) {
    out.json({ stack: config.name, profile: loaded.profile ?? null, ...plan });
    return 0;
  }
  out.line(`${out.paint('bold', config.name)} · profile ${loaded.profile ?? '(default)'} · ${plan.steps.length} services`);
  for (const [i, s] of plan.steps.entries()) {
    const conds = config.services[s.service].dependsOn
      .filter((d) => s.dependsOn.includes(d.service))
      .map((d) => `${d.service} ${d.condition}`);
    const expected = s.expectedMs !== undefined ? out.paint('gray', ` ~${formatDuration(s.expectedMs)}`) : '';
    const marker = plan.criticalPath.includes(s.service) ? out.paint('magenta', '●') : ' ';
    out.line(
      `${String(i + 1).padStart(3)}. ${marker} ${s.service}${expected}${conds.length ? out.paint('gray', `  after ${conds.join(', ')}`) : ''}`,
    );
  }
  const known = plan.steps.some((s) => s.expectedMs !== undefined);
  out.line(
    `critical path: ${plan.criticalPath.join(' -> ') || '—'}${known ? ` (${formatDuration(plan.criticalPathMs)} from the last run)` : ' (durations unknown until a first `up`)'}`,
  );
  return 0;
}
