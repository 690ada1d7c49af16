/** A small argv parser: positional arguments, `--flag`, `--key value`, `--key=value`, `-h`. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], spec: { boolean?: string[]; string?: string[] }): ParsedArgs {
  const booleans = new Set(spec.boolean ?? []);
  const strings = new Set(spec.string ?? []);
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [rawKey, inlineValue] = arg.replace(/^--?/, '').split(/=(.*)/s, 2);
    const key = rawKey === 'h' ? 'help' : rawKey;
    if (booleans.has(key) || key === 'help') {
      if (inlineValue !== undefined) throw new UsageError(`--${key} takes no value`);
      flags.set(key, true);
    } else if (strings.has(key)) {
      const value = inlineValue ?? argv[++i];
      if (value === undefined || (inlineValue === undefined && value.startsWith('--'))) throw new UsageError(`--${key} needs a value`);
      flags.set(key, value);
    } else {
      const known = [...booleans, ...strings].map((k) => `--${k}`).join(', ');
      throw new UsageError(`unknown option ${arg}${known ? ` (options: ${known})` : ''}`);
    }
  }
  return { positionals, flags };
}

export function stringFlag(args: ParsedArgs, key: string): string | undefined {
  const v = args.flags.get(key);
  return typeof v === 'string' ? v : undefined;
}
