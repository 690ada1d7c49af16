import type { ProcessService } from '../config/model';

/** What marks a debug session as ours (the service it debugs), in its configuration. */
export const SESSION_KEY = '__stackpilotService';

/** The attach configuration for a Node.js service's inspector: cwd and source maps set. */
export function nodeAttachConfig(spec: ProcessService, port: number, nth: number): Record<string, unknown> {
  return {
    type: 'node',
    request: 'attach',
    name: `Stackpilot: ${spec.name}${nth > 1 ? ` (${nth})` : ''}`,
    address: '127.0.0.1',
    port,
    cwd: spec.cwd,
    localRoot: spec.cwd,
    sourceMaps: true,
    skipFiles: ['<node_internals>/**'],
    [SESSION_KEY]: spec.name,
  };
}

/** debugpy's attach configuration (the Python extension's `debugpy` type). */
export function pythonAttachConfig(spec: ProcessService, port: number): Record<string, unknown> {
  return {
    type: 'debugpy',
    request: 'attach',
    name: `Stackpilot: ${spec.name}`,
    connect: { host: '127.0.0.1', port },
    pathMappings: [{ localRoot: spec.cwd, remoteRoot: spec.cwd }],
    justMyCode: true,
    [SESSION_KEY]: spec.name,
  };
}

/**
 * A launch.json entry that starts the service under the debugger as the stack runs it: same program,
 * arguments, cwd and env file. Only the env keys of the stack file are written, never values from
 * env files or `envFrom` (they may be secrets); the env file is referenced by path.
 */
export function launchJsonEntry(spec: ProcessService, runtime: 'node' | 'python', root: string): Record<string, unknown> {
  const rel = (p: string) =>
    p === root ? '${workspaceFolder}' : p.startsWith(`${root}/`) ? `\${workspaceFolder}/${p.slice(root.length + 1)}` : p;
  const argv = spec.argv ?? (spec.command !== undefined ? ['/bin/sh', '-c', spec.command] : []);
  const env = Object.keys(spec.environment).length ? { env: { ...spec.environment } } : {};
  const envFile = spec.envFiles[0] ? { envFile: rel(spec.envFiles[0]) } : {};
  const name = `${spec.name} (Stackpilot)`;
  if (runtime === 'python') {
    const [, ...args] = argv;
    const module =
      args[0] === '-m'
        ? { module: args[1], args: args.slice(2) }
        : { program: args[0] ? rel(posixJoin(spec.cwd, args[0])) : undefined, args: args.slice(1) };
    return { type: 'debugpy', request: 'launch', name, cwd: rel(spec.cwd), ...module, ...env, ...envFile, justMyCode: true };
  }
  const [program, ...args] = argv;
  return {
    type: 'node',
    request: 'launch',
    name,
    cwd: rel(spec.cwd),
    runtimeExecutable: program,
    runtimeArgs: args,
    ...env,
    ...envFile,
    sourceMaps: true,
    skipFiles: ['<node_internals>/**'],
    console: 'integratedTerminal',
  };
}

function posixJoin(dir: string, p: string): string {
  return p.startsWith('/') ? p : `${dir}/${p}`.replace(/\/\.\//g, '/');
}
