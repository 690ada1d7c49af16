import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The user's own folder for a stack's runtime coordination (the supervisor lock), outside every
 * repository: `$XDG_STATE_HOME/stackpilot/<stack id>/`, by default `~/.local/state/stackpilot/<stack id>/`.
 * A repository cannot ship a file here, so nothing read from it is the repository's claim.
 */
export function stackStateDir(stackId: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'stackpilot', stackId);
}
