import * as path from 'node:path';
import { loadStackFromDisk } from '../infra/createStackEngine';
import type { ParsedArgs } from './args';
import { stringFlag, UsageError } from './args';
import { BYTE_SIZE_HINT, parseByteSize } from '../core/config/parseByteSize';
import type { Io, Output } from './Output';
import { printDiagnostics } from './printDiagnostics';

/** Options every stack command takes. */
export const stackOptions = { string: ['file', 'profile', 'max-file-size'], boolean: ['allow-outside'] };

/** `--allow-outside` and `--max-file-size SIZE`: how far the loader may read (see readLimited). */
export function readingOptions(args: ParsedArgs): { allowOutside: boolean; maxFileBytes?: number } {
  const size = stringFlag(args, 'max-file-size');
  const maxFileBytes = size === undefined ? undefined : parseByteSize(size);
  if (size !== undefined && (maxFileBytes === undefined || maxFileBytes <= 0)) throw new UsageError(`--max-file-size must be ${BYTE_SIZE_HINT}, not ${size}`);
  return { allowOutside: args.flags.get('allow-outside') === true, ...(maxFileBytes !== undefined ? { maxFileBytes } : {}) };
}

/** Loads the stack named by `--file` (default ./stackpilot.yaml, else the compose file here) and selects services. */
export async function loadForCli(args: ParsedArgs, io: Io, out: Output, services: string[] = []) {
  const file = stringFlag(args, 'file');
  const root = file ? path.dirname(path.resolve(io.cwd, file)) : io.cwd;
  const configPath = file ? path.basename(file) : 'stackpilot.yaml';
  const loaded = await loadStackFromDisk({ root, configPath, profile: stringFlag(args, 'profile'), services, env: io.env, ...readingOptions(args) });
  printDiagnostics(loaded.diagnostics, io, out);
  return { ...loaded, root, runDir: path.join(root, '.stackpilot') };
}
