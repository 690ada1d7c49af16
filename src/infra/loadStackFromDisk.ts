import { join } from 'node:path';
import { loadStack } from '../core/config/loadStack';
import type { ConfigDiagnostic, SourceLocation, StackConfig } from '../core/config/model';
import { selectServices } from '../core/config/selectServices';
import { createNodeFileSystem, nodeFileSystem } from './nodeFileSystem';

export interface LoadFromDiskOptions {
  /** Absolute folder of the stack. */
  root: string;
  /** Native stack file, relative to root (default `stackpilot.yaml`). */
  configPath?: string;
  /** Compose files (relative to root) to read instead of a native file: `--file compose.yaml`, COMPOSE_FILE. */
  composeFiles?: string[];
  profile?: string;
  /** Start only these (and what they depend on), whatever their profiles. */
  services?: string[];
  /** For `${VAR}` interpolation; `process.env` as is (unset values are dropped). */
  env: Record<string, string | undefined>;
  /** Read files the stack names even outside `root` (the user's opt-in; never from the repository itself). */
  allowOutside?: boolean;
  /** Size cap for stack, compose and env files (default DEFAULT_MAX_FILE_BYTES). */
  maxFileBytes?: number;
}

export interface LoadedStack {
  config?: StackConfig;
  diagnostics: ConfigDiagnostic[];
  /** Services to start, dependencies first. */
  selected: string[];
  /** The profile in effect (the one asked for, else the stack's default). */
  profile?: string;
}

/** Loads the stack from disk and picks the services to start; selection errors become diagnostics too. */
export async function loadStackFromDisk(opts: LoadFromDiskOptions): Promise<LoadedStack> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) env[k] = v;
  const result = await loadStack({
    root: opts.root,
    configPath: opts.configPath,
    composeFiles: opts.composeFiles,
    env,
    // One instance per load: the stack folder's real path is resolved once, not once per file.
    fs: createNodeFileSystem({ memoRoots: true }),
    allowOutside: opts.allowOutside,
    maxFileBytes: opts.maxFileBytes,
  });
  const config = result.config;
  if (!config) return { diagnostics: result.diagnostics, selected: [], ...(opts.profile !== undefined ? { profile: opts.profile } : {}) };
  const profile = opts.profile ?? (opts.services?.length ? undefined : (config.envProfiles ?? config.defaultProfile));
  const sel = selectServices(config, { profile: opts.profile, services: opts.services });
  const diagnostics = [...result.diagnostics];
  if (sel.errors.length > 0) {
    const at = await selectionLocation(
      config,
      opts,
      profile !== undefined && opts.profile === undefined && config.envProfiles === undefined,
    );
    for (const message of sel.errors) diagnostics.push({ severity: 'error', code: 'bad-selection', message, location: at });
  }
  return { config, diagnostics, selected: sel.services, ...(profile !== undefined ? { profile } : {}) };
}

/** The stack file's `defaultProfile:` line when the default was used, else the file's first line. */
async function selectionLocation(config: StackConfig, opts: LoadFromDiskOptions, fromDefault: boolean): Promise<SourceLocation> {
  const file = config.files[0] ?? join(opts.root, opts.configPath ?? 'stackpilot.yaml');
  if (fromDefault) {
    const lines = ((await nodeFileSystem.readFile(file).catch(() => undefined)) ?? '').split('\n');
    const i = lines.findIndex((l) => /^defaultProfile\s*:/.test(l));
    if (i >= 0) return { file, line: i + 1, column: 1, endLine: i + 1, endColumn: lines[i].length + 1 };
  }
  return { file, line: 1, column: 1 };
}
