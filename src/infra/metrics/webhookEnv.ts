import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dotenvToMap, parseDotenv } from '../../core/config/parseDotenv';

/**
 * Variables a webhook URL may come from: the process environment first, then the `.env` beside the
 * stack file (git-ignored, where `stackpilot`'s Move-to-.env and most secret managers' exports put them).
 */
export function webhookEnv(root: string, env: Record<string, string | undefined> = process.env): Record<string, string | undefined> {
  let text: string | undefined;
  try {
    text = readFileSync(join(root, '.env'), 'utf8');
  } catch {
    return env;
  }
  const parsed = parseDotenv(text, (n) => env[n]);
  return { ...dotenvToMap(parsed.entries, () => undefined), ...env };
}
