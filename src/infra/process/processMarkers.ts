import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';

/** Environment variables every process Stackpilot starts carries: which stack and service it belongs to. */
export const STACK_MARKER = 'STACKPILOT_STACK';
export const SERVICE_MARKER = 'STACKPILOT_SERVICE';

/** The stack id used when none is given (tests, a runner used on its own). */
export const DEFAULT_STACK_ID = 'default';

/**
 * A stack's id: a hash of the real path of the folder its stack file lives in, so the same folder
 * reached through a symlink is the same stack, and two checkouts of one repository are two stacks.
 */
export function stackIdOf(root: string): string {
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    // A folder that is gone keeps the id of its path.
  }
  return createHash('sha256').update(real).digest('hex').slice(0, 16);
}

/** The markers a service's process gets (set last, so a service's own env cannot change them). */
export function markersFor(stackId: string, service: string): Record<string, string> {
  return { [STACK_MARKER]: stackId, [SERVICE_MARKER]: service };
}
