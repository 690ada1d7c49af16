import { loadStack } from '../../../src/core/config/loadStack';
import type { ConfigDiagnostic, LoadResult } from '../../../src/core/config/model';
import { memoryFs } from './memoryFs';

export const ROOT = '/work/proj';

/** Loads a stack from in-memory files named relative to ROOT. */
export function load(
  files: Record<string, string>,
  opts: { env?: Record<string, string>; composeFiles?: string[]; configPath?: string; allowOutside?: boolean; maxFileBytes?: number } = {},
): Promise<LoadResult> {
  const abs = new Map(Object.entries(files).map(([k, v]) => [k.startsWith('/') ? k : `${ROOT}/${k}`, v]));
  return loadStack({
    root: ROOT,
    env: opts.env ?? {},
    fs: memoryFs(abs),
    composeFiles: opts.composeFiles,
    configPath: opts.configPath,
    allowOutside: opts.allowOutside,
    maxFileBytes: opts.maxFileBytes,
  });
}

/** The only diagnostic with this code (fails when there are none or several). */
export function only(r: LoadResult, code: string): ConfigDiagnostic {
  const found = r.diagnostics.filter((d) => d.code === code);
  if (found.length !== 1) throw new Error(`expected one ${code}, got ${JSON.stringify(r.diagnostics, null, 1)}`);
  return found[0];
}

export const pos = (d: ConfigDiagnostic) => ({ line: d.location.line, column: d.location.column });
