import { MAX_SILENCE_MS, MIN_SILENCE_MS } from '../../core/control/controlRequest';
import { parseDuration } from '../../core/config/parseDuration';
import { parseArgs, stringFlag, UsageError } from '../args';
import { askSupervisor } from '../askSupervisor';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';

/** The editor's "Silence 1 h" (dashboard, quick fix). */
const DEFAULT_SILENCE = '1h';

/**
 * `stackpilot acknowledge ALERT` and `stackpilot silence ALERT [--for 1h]`: asks the stack's live
 * supervisor (a foreground `up`, the editor window running it), which owns the alert state, to
 * acknowledge or silence one of its alerts; `status`, every window and the supervisor itself then
 * show it so. ALERT is the key `status` prints (`service-down/api`). Exit 1 when nothing supervises
 * the stack, the alert is not firing, or the supervisor does not answer.
 */
export async function runAlertCommand(argv: string[], io: Io, op: 'acknowledge' | 'silence'): Promise<number> {
  const args = parseArgs(argv, { string: [...stackOptions.string, ...(op === 'silence' ? ['for'] : [])], boolean: stackOptions.boolean });
  if (args.positionals.length !== 1)
    throw new UsageError(`${op} needs one alert, as \`stackpilot status\` names it, e.g. \`stackpilot ${op} service-down/api\``);
  const alert = args.positionals[0]!;
  let durationMs: number | undefined;
  if (op === 'silence') {
    const text = stringFlag(args, 'for') ?? DEFAULT_SILENCE;
    durationMs = parseDuration(text);
    if (durationMs === undefined || durationMs < MIN_SILENCE_MS || durationMs > MAX_SILENCE_MS)
      throw new UsageError(`--for takes a duration from 1s to 7d, e.g. --for 15m or --for 4h (got ${text})`);
  }
  const out = new Output(io);
  const loaded = await loadForCli(args, io, out);
  if (!loaded.config) return 1;
  const asked = await askSupervisor(loaded.config, op, [], op, out, io.env, {
    alert,
    ...(durationMs !== undefined ? { durationMs } : {}),
  });
  if (asked.kind === 'none') {
    out.error(
      `nothing supervises ${loaded.config.name}: alerts live in a supervising \`stackpilot up\` or the editor window running the stack`,
    );
    return 1;
  }
  return asked.kind === 'done' ? 0 : 1;
}
