import * as path from 'node:path';
import { access, readFile } from 'node:fs/promises';
import { isComposeFile } from '../core/config/isComposeFile';
import { loadStackFromDisk } from '../infra/createStackEngine';
import type { ParsedArgs } from './args';
import { stringFlag } from './args';
import type { Io, Output } from './Output';
import { printDiagnostics } from './printDiagnostics';

/** Options every stack command takes. */
export const stackOptions = { string: ['file', 'profile'], boolean: [] as string[] };

/**
 * Loads the stack named by `--file` and selects services. `--file` names a stackpilot.yaml, or a
 * compose file (compose.yaml, docker-compose.yml, *.compose.yaml, ...: read as compose reads it);
 * without it ./stackpilot.yaml, else the files in COMPOSE_FILE, else the compose file here.
 * A selection error (unknown profile or service) is an error like any other: no config, exit 1.
 */
export async function loadForCli(args: ParsedArgs, io: Io, out: Output, services: string[] = []) {
  const file = stringFlag(args, 'file');
  const profile = stringFlag(args, 'profile');
  let root = io.cwd;
  let configPath = 'stackpilot.yaml';
  let composeFiles: string[] | undefined;
  if (file) {
    root = path.dirname(path.resolve(io.cwd, file));
    const text = await readFile(path.resolve(io.cwd, file), 'utf8').catch(() => undefined);
    if (isComposeFile(file, text)) composeFiles = [path.basename(file)];
    else configPath = path.basename(file);
  } else if (io.env.COMPOSE_FILE && !(await exists(path.join(root, configPath)))) {
    // As docker compose: paths separated by COMPOSE_PATH_SEPARATOR (default `:`), relative to the current folder, the first one's folder is the project's.
    const list = io.env.COMPOSE_FILE.split(io.env.COMPOSE_PATH_SEPARATOR || ':').filter(Boolean).map((f) => path.resolve(io.cwd, f));
    if (list.length) {
      root = path.dirname(list[0]);
      composeFiles = list.map((f) => path.relative(root, f));
    }
  }
  const loaded = await loadStackFromDisk({ root, configPath, composeFiles, profile, services, env: io.env });
  printDiagnostics(loaded.diagnostics, io, out);
  const failed = loaded.diagnostics.some((d) => d.severity === 'error' && d.code === 'bad-selection');
  return { ...loaded, ...(failed ? { config: undefined } : {}), root, runDir: path.join(root, '.stackpilot') };
}

function exists(p: string): Promise<boolean> {
  return access(p).then(() => true, () => false);
}
