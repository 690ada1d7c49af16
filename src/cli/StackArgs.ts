import * as path from 'node:path';
import { loadStackFromDisk } from '../infra/createStackEngine';
import type { ParsedArgs } from './args';
import { stringFlag } from './args';
import type { Io, Output } from './Output';
import { printDiagnostics } from './printDiagnostics';

/** Options every stack command takes. */
export const stackOptions = { string: ['file', 'profile'], boolean: [] as string[] };

/** Loads the stack named by `--file` (default ./stackpilot.yaml, else the compose file here) and selects services. */
export async function loadForCli(args: ParsedArgs, io: Io, out: Output, services: string[] = []) {
  const file = stringFlag(args, 'file');
  const root = file ? path.dirname(path.resolve(io.cwd, file)) : io.cwd;
  const configPath = file ? path.basename(file) : 'stackpilot.yaml';
  const loaded = await loadStackFromDisk({ root, configPath, profile: stringFlag(args, 'profile'), services, env: io.env });
  printDiagnostics(loaded.diagnostics, io, out);
  return { ...loaded, root, runDir: path.join(root, '.stackpilot') };
}
