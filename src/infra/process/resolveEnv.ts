import { dotenvToMap, parseDotenv } from '../../core/config/parseDotenv';
import type { ProcessService } from '../../core/config/model';
import { FileRefusedError, type Logger, type StartContext } from '../../core/ports';
import { DEFAULT_MAX_FILE_BYTES } from '../../core/config/readLimited';
import { nodeFileSystem } from '../nodeFileSystem';
import { runEnvFrom } from './runEnvFrom';

/**
 * The environment a process service starts with. Later wins: this process's env, the envFile(s)
 * in order, the envFrom command's output, then the service's own `environment`.
 * A missing envFile is skipped (the loader already warned about it).
 */
export async function resolveEnv(
  spec: ProcessService,
  ctx: Pick<StartContext, 'env' | 'signal'>,
  logger?: Logger,
): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !hostOnly(k)) env[k] = v;
  for (const file of spec.envFiles) {
    let text: string | undefined;
    try {
      // Bounded like the loader's read: a FIFO or device swapped in since validation never hangs the start.
      text = await nodeFileSystem.readFile(file, { maxBytes: DEFAULT_MAX_FILE_BYTES });
    } catch (e) {
      logger?.warn(`${spec.name}: envFile ${file} ${e instanceof FileRefusedError ? e.reason : 'cannot be read'}; skipped`);
      continue;
    }
    if (text === undefined) {
      logger?.debug(`${spec.name}: envFile ${file} not found, skipped`);
      continue;
    }
    const parsed = parseDotenv(text, (n) => env[n]);
    // Line numbers only: the text of a bad line may be a secret.
    for (const p of parsed.problems) logger?.warn(`${spec.name}: ${file}:${p.line} is not a valid dotenv line; skipped`);
    Object.assign(
      env,
      dotenvToMap(parsed.entries, (n) => env[n]),
    );
  }
  if (spec.envFrom) Object.assign(env, await runEnvFrom(spec.envFrom.command, { cwd: spec.cwd, env, signal: ctx.signal }));
  return Object.assign(env, ctx.env);
}

/**
 * Variables that describe the editor's own process, not the developer's shell: inside VS Code's
 * extension host ELECTRON_RUN_AS_NODE=1 would turn any Electron app a service starts into plain
 * Node, and the VSCODE_* IPC handles point at the extension host.
 */
function hostOnly(name: string): boolean {
  return (
    name === 'ELECTRON_RUN_AS_NODE' ||
    name === 'ELECTRON_NO_ATTACH_CONSOLE' ||
    /^VSCODE_(IPC_HOOK|NLS_CONFIG|HANDLES|PID|CWD|ESM_ENTRYPOINT|CRASH_REPORTER|AMD_ENTRYPOINT|CODE_CACHE_PATH|L10N_BUNDLE_LOCATION)/.test(
      name,
    )
  );
}
