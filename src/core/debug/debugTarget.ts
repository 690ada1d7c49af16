import { posix } from 'node:path';
import type { ProcessService, ServiceSpec } from '../config/model';
import { splitCommand } from '../config/splitCommand';

export type DebugTarget =
  | { runtime: 'node'; service: ProcessService }
  | { runtime: 'python'; service: ProcessService; python: string }
  | { runtime: undefined; why: string };

const NODE_PROGRAMS = /^(node|nodejs|npm|npx|yarn|pnpm|tsx|ts-node|ts-node-dev|nodemon|vite|next|nest|node\d+)$/;
const PYTHON_PROGRAMS = /^python(\d+(\.\d+)?)?$/;
const OTHER_RUNTIMES: Record<string, string> = {
  go: 'Go (use Delve: `dlv attach`)',
  java: 'Java (add a JDWP agent to its command)',
  ruby: 'Ruby',
  php: 'PHP',
  dotnet: '.NET',
  cargo: 'Rust',
  deno: 'Deno (add `--inspect` to its command)',
  bun: 'Bun (add `--inspect` to its command)',
};

/** The program a process service runs: argv[0], or the first word of its shell command. */
export function programOf(spec: ProcessService): string | undefined {
  const first = spec.argv?.[0] ?? (spec.command !== undefined ? firstWord(spec.command) : undefined);
  return first && posix.basename(first);
}

function firstWord(command: string): string | undefined {
  const split = splitCommand(command.trim().replace(/^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)+/, ''));
  return 'error' in split ? undefined : split.argv[0];
}

/**
 * Whether and how a service can be debugged from the editor, or why not. Node.js programs (node,
 * npm, npx, yarn, tsx, ...) get the inspector through NODE_OPTIONS; Python through debugpy.
 */
export function debugTarget(spec: ServiceSpec | undefined): DebugTarget {
  if (!spec) return { runtime: undefined, why: 'no such service in the stack file' };
  if (spec.kind === 'external')
    return { runtime: undefined, why: `\`${spec.name}\` is external: Stackpilot does not run it, so it cannot start it under a debugger` };
  if (spec.kind === 'docker')
    return {
      runtime: undefined,
      why: `\`${spec.name}\` is a container: Debug Service starts process services under the debugger (run it as a process, or attach to the container's own debug port with a launch.json entry)`,
    };
  const program = programOf(spec);
  if (!program) return { runtime: undefined, why: `cannot tell which program \`${spec.name}\` runs` };
  if (NODE_PROGRAMS.test(program)) return { runtime: 'node', service: spec };
  if (PYTHON_PROGRAMS.test(program)) return { runtime: 'python', service: spec, python: spec.argv?.[0] ?? program };
  const other = OTHER_RUNTIMES[program];
  if (other)
    return {
      runtime: undefined,
      why: `\`${spec.name}\` runs ${other}: Debug Service attaches to Node.js (inspector) and Python (debugpy) services`,
    };
  // An unknown program may still be Node.js (a script with a shebang, a wrapper): NODE_OPTIONS reaches it.
  return { runtime: 'node', service: spec };
}

/** NODE_OPTIONS that opens the inspector on a free loopback port, replacing any --inspect flag already there. */
export function nodeOptionsWithInspector(existing: string | undefined): string {
  const kept = (existing ?? '').split(/\s+/).filter((o) => o && !/^--inspect(-brk|-wait|-port|-publish-uid)?(=|$)/.test(o));
  return [...kept, '--inspect=127.0.0.1:0'].join(' ');
}

/** The inspector's port from Node's announcement: `Debugger listening on ws://127.0.0.1:9229/<uuid>`. */
export function inspectorPort(line: string): number | undefined {
  const m = /Debugger listening on ws:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})\//.exec(line);
  const port = m ? Number(m[1]) : undefined;
  return port && port < 65536 ? port : undefined;
}
