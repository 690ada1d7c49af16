import * as path from 'node:path';
import { access } from 'node:fs/promises';
import type { ConfigDiagnostic } from '../core/config/model';
import { isComposeFile } from '../core/config/isComposeFile';
import { loadStackFromDisk } from '../infra/createStackEngine';
import { nodeFileSystem } from '../infra/nodeFileSystem';
import type { ParsedArgs } from './args';
import { stringFlag, UsageError } from './args';
import { BYTE_SIZE_HINT, parseByteSize } from '../core/config/parseByteSize';
import { DEFAULT_MAX_FILE_BYTES } from '../core/config/readLimited';
import type { Io, Output } from './Output';
import { printDiagnostics } from './printDiagnostics';
import { missingPrograms } from '../infra/process/missingPrograms';

/** Options every stack command takes. */
export const stackOptions = { string: ['file', 'profile', 'max-file-size'], boolean: ['allow-outside'] };

/** `--allow-outside` and `--max-file-size SIZE`: how far the loader may read (see readLimited). */
export function readingOptions(args: ParsedArgs): { allowOutside: boolean; maxFileBytes?: number } {
  const size = stringFlag(args, 'max-file-size');
  const maxFileBytes = size === undefined ? undefined : parseByteSize(size);
  if (size !== undefined && (maxFileBytes === undefined || maxFileBytes <= 0))
    throw new UsageError(`--max-file-size must be ${BYTE_SIZE_HINT}, not ${size}`);
  return { allowOutside: args.flags.get('allow-outside') === true, ...(maxFileBytes !== undefined ? { maxFileBytes } : {}) };
}

/**
 * Loads the stack named by `--file` and selects services. `--file` names a stackpilot.yaml, or a
 * compose file (compose.yaml, docker-compose.yml, *.compose.yaml, ...: read as compose reads it);
 * without it ./stackpilot.yaml, else the files in COMPOSE_FILE, else the compose file here.
 * A selection error (unknown profile or service) is an error like any other: no config, exit 1.
 */
export async function loadForCli(
  args: ParsedArgs,
  io: Io,
  out: Output,
  services: string[] = [],
  opts: { checkPrograms?: 'selected' | 'all' } = {},
) {
  const file = stringFlag(args, 'file');
  const reading = readingOptions(args);
  const profile = stringFlag(args, 'profile');
  let root = io.cwd;
  let configPath = 'stackpilot.yaml';
  let composeFiles: string[] | undefined;
  if (file && !(await exists(path.resolve(io.cwd, file)))) {
    // Not a fallback to whatever else the folder holds: the file asked for is not there.
    const missing = path.resolve(io.cwd, file);
    const diagnostics: ConfigDiagnostic[] = [
      {
        severity: 'error',
        code: 'no-stack-file',
        message: `${file} does not exist (named by --file).`,
        location: { file: missing, line: 1, column: 1 },
      },
    ];
    printDiagnostics(diagnostics, io, out);
    root = path.dirname(missing);
    return { diagnostics, selected: [] as string[], config: undefined, root, runDir: path.join(root, '.stackpilot') };
  }
  if (file) {
    root = path.dirname(path.resolve(io.cwd, file));
    // Only to tell a compose file by its keys: bounded and never blocking (a FIFO named by --file reads as nothing here; the loader then says what it is).
    const text = await nodeFileSystem
      .readFile(path.resolve(io.cwd, file), { maxBytes: reading.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES })
      .catch(() => undefined);
    if (isComposeFile(file, text)) composeFiles = [path.basename(file)];
    else configPath = path.basename(file);
  } else if (io.env.COMPOSE_FILE && !(await exists(path.join(root, configPath)))) {
    // As docker compose: paths separated by COMPOSE_PATH_SEPARATOR (default `:`), relative to the current folder, the first one's folder is the project's.
    const list = io.env.COMPOSE_FILE.split(io.env.COMPOSE_PATH_SEPARATOR || ':')
      .filter(Boolean)
      .map((f) => path.resolve(io.cwd, f));
    if (list.length) {
      root = path.dirname(list[0]);
      composeFiles = list.map((f) => path.relative(root, f));
    }
  }
  const loaded = await loadStackFromDisk({ root, configPath, composeFiles, profile, services, env: io.env, ...reading });
  if (opts.checkPrograms && loaded.config)
    loaded.diagnostics.push(
      ...missingPrograms(loaded.config, opts.checkPrograms === 'all' ? Object.keys(loaded.config.services) : loaded.selected, io.env),
    );
  printDiagnostics(loaded.diagnostics, io, out);
  const failed = loaded.diagnostics.some((d) => d.severity === 'error' && d.code === 'bad-selection');
  return { ...loaded, ...(failed ? { config: undefined } : {}), root, runDir: path.join(root, '.stackpilot') };
}

function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}
