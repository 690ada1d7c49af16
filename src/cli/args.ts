/**
 * The command line of one stackpilot command: Node's own `util.parseArgs` splits it (`--key value`,
 * `--key=value`, `--`, `-h`), and this checks every option against the command's table, so a typo
 * gets a suggestion (`unknown option --fil; did you mean --file?`) and the exit code 2 of a usage error.
 */
import { parseArgs as splitArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../core/config/suggest';

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/** The options a command takes: flags (`--wait`) and options with a value (`--file F`). `--help`/`-h` always. */
export interface ArgSpec {
  boolean?: readonly string[];
  string?: readonly string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const booleans = new Set(['help', ...(spec.boolean ?? [])]);
  const strings = new Set(spec.string ?? []);
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const b of booleans) options[b] ??= { type: 'boolean' };
  for (const s of strings) options[s] = { type: 'string' };
  // Not strict: Node's own errors name neither the command's options nor a likely typo; the checks below do.
  const { tokens } = splitArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind !== 'option') continue;
    if (booleans.has(t.name)) {
      if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value`);
      flags.set(t.name, true);
    } else if (strings.has(t.name)) {
      // `--file --wait` is a forgotten value, not a file named --wait (`--file=--wait` says it is).
      if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--'))) throw new UsageError(`${t.rawName} needs a value`);
      flags.set(t.name, t.value);
    } else {
      throw new UsageError(unknownOption(t.rawName, [...booleans, ...strings]));
    }
  }
  return { positionals, flags };
}

/** `unknown option --fil; did you mean --file?`, or with nothing close the list of options. */
function unknownOption(raw: string, known: string[]): string {
  const near = closest(raw.replace(/^--?/, ''), known);
  if (near) return `unknown option ${raw}; did you mean --${near}?`;
  return `unknown option ${raw} (options: ${known.map((k) => `--${k}`).join(', ')})`;
}

/** `unknown command \`stauts\`; did you mean \`status\`?` */
export function unknownCommand(word: string, commands: readonly string[]): string {
  const near = closest(word, commands);
  return `unknown command \`${word}\`${near ? `; did you mean \`${near}\`?` : ''}`;
}

export function stringFlag(args: ParsedArgs, key: string): string | undefined {
  const v = args.flags.get(key);
  return typeof v === 'string' ? v : undefined;
}
