import { parseArgs } from '../args';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';

/** `stackpilot validate`: every config problem with file:line:col; exit 1 on errors. */
export async function runValidate(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, stackOptions);
  const out = new Output(io);
  const loaded = await loadForCli(args, io, out, [], { checkPrograms: 'all' });
  if (!loaded.config) return 1;
  const n = Object.keys(loaded.config.services).length;
  out.line(
    `${out.paint('green', '✓')} ${loaded.config.name}: ${n} service${n === 1 ? '' : 's'}, profile ${loaded.profile ?? '(default)'} starts ${loaded.selected.join(', ') || 'nothing'}`,
  );
  return 0;
}
