/** The Markdown of a Services tree row's tooltip. Pure, and stable between probes (see treeRowChanges). */
import { currentProbe } from '../status/serviceStates';
import type { ServiceStatus } from '../engine/state';
import { escapeMarkdown } from '../status/escapeMarkdown';
import { probeWarning } from '../status/probeWarning';
import { LATENCY_WINDOW } from './treeRowChanges';

export interface ServiceTooltipInput {
  name: string;
  kind: string;
  status: ServiceStatus | undefined;
  /** livenessOnly(spec): what its healthy/running means when it is only alive. */
  liveness?: string;
  /** The latency the row shows (stableLatency). */
  shownLatencyMs?: number;
}

/**
 * Name, kind and state; the reason; a failing probe that retries still hold healthy; the last
 * probe's verdict and what it saw, with the latency the row shows (a median) instead of this probe's
 * own timing; and since when the service is in its state, as a
 * clock time ("since 14:05:03"), not a duration that would change the tooltip every second.
 */
export function serviceTooltip({ name, kind, status, liveness, shownLatencyMs }: ServiceTooltipInput, now: number): string {
  const state = status?.state ?? 'stopped';
  const parts = [`**${escapeMarkdown(name)}** · ${escapeMarkdown(kind)} · ${state}\n\n`];
  if (status?.reason) parts.push(`Reason: ${escapeMarkdown(status.reason)}\n\n`);
  const warning = probeWarning(status);
  if (warning)
    parts.push(`$(warning) Still healthy: ${warning}; unhealthy once ${status?.probeFailures?.of ?? 'its retries'} fail in a row\n\n`);
  if (liveness) parts.push(`${escapeMarkdown(liveness[0].toUpperCase() + liveness.slice(1))}\n\n`);
  const probe = status && currentProbe(status);
  if (probe) {
    // The row's figure, named for what it is: the median of the last probes, not this probe's own time.
    const latency =
      probe.ok && shownLatencyMs !== undefined ? ` · typically ${shownLatencyMs} ms (median of the last ${LATENCY_WINDOW})` : '';
    parts.push(`Last probe: ${probe.ok ? '$(pass)' : '$(error)'} ${escapeMarkdown(withoutTimings(probe.detail))}${latency}\n\n`);
  }
  if (status && status.state !== 'stopped') parts.push(`In this state since ${clockTime(status.since, now)}`);
  if (status?.restarts) parts.push(` · ${status.restarts} restarts`);
  if (status?.pid) parts.push(` · pid ${status.pid}`);
  return parts.join('');
}

/** A probe's detail without the time it took ("connected in 3 ms" -> "connected"); a timeout's limit stays. */
export function withoutTimings(detail: string): string {
  return detail.replace(/(?<!timed out)\s(?:in|after)\s\d+(?:\.\d+)?\s?ms\b/g, '');
}

/** "14:05:03", or "2026-12-04 14:05:03" when not today (local time). */
export function clockTime(at: number, now: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return new Date(now).toDateString() === d.toDateString()
    ? time
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}
