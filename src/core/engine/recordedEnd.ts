import type { ExitInfo, RunRecord } from '../ports';
import { describeExit } from './describeExit';
import type { ServiceState } from './state';

/**
 * How an earlier run saw a service end, from its record: a job that completed (exit 0), or an
 * instance that exited on its own (its code or signal). Undefined when the record says neither,
 * or is of another kind than the service now (its config changed: the record says nothing of it).
 */
export function recordedEnd(
  record: RunRecord | undefined,
  kind: RunRecord['kind'],
): { state: Extract<ServiceState, 'completed' | 'exited'>; since: number; reason?: string; lastExit: ExitInfo } | undefined {
  if (!record || record.kind !== kind) return undefined;
  if (record.completedAt !== undefined)
    return { state: 'completed', since: record.completedAt, lastExit: { code: 0, signal: null, at: record.completedAt } };
  if (record.exitedAt === undefined) return undefined;
  const lastExit: ExitInfo = { code: record.exitCode ?? null, signal: record.exitSignal ?? null, at: record.exitedAt };
  return { state: 'exited', since: record.exitedAt, reason: describeExit(lastExit), lastExit };
}
