import type { ServiceStatus } from '../engine/state';

/**
 * Why a `healthy` service's last probe failed and it is still healthy: compose's `retries` keep it
 * healthy until that many probes in a row fail, so the state alone would hide a failing probe.
 * `last probe failed (1 of 3)` from the engine's own count; undefined while its last probe passes,
 * or in any other state (an unhealthy one already says so). Pure.
 */
export function probeWarning(s: Pick<ServiceStatus, 'state' | 'lastProbe' | 'probeFailures'> | undefined): string | undefined {
  if (!s || s.state !== 'healthy' || !s.lastProbe || s.lastProbe.ok) return undefined;
  const f = s.probeFailures;
  return f && f.count > 0 ? `last probe failed (${f.count} of ${f.of})` : 'last probe failed';
}
