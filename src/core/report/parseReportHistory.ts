import type { AlertHistoryEntry, HistoryRead } from '../alerts/AlertHistory';
import { SEVERITIES, type AlertEventKind } from '../alerts/model';
import { isTime } from './readLastRunRecord';

const KINDS: ReadonlySet<string> = new Set<AlertEventKind>(['pending', 'firing', 'resolved', 'escalated', 'cancelled', 'acknowledged']);
const isStr = (v: unknown): v is string => typeof v === 'string';

/**
 * The alert history (JSON lines) as the report uses it. Stricter than the monitor's reader: a line
 * is skipped, with its number and the reason, unless every field the report shows has the right
 * type and `at` is a time `Date` can show (`"at": -1e20` made the report throw "Invalid time value").
 * Entries are rebuilt from the known fields, so nothing else in a line reaches report.json.
 */
export function parseReportHistory(text: string): HistoryRead {
  const out: HistoryRead = { entries: [], skipped: [] };
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      out.skipped.push({ line: i + 1, reason: (e as Error).message });
      return;
    }
    const r = entry(v);
    if (typeof r === 'string') out.skipped.push({ line: i + 1, reason: r });
    else out.entries.push(r);
  });
  return out;
}

function entry(v: unknown): AlertHistoryEntry | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not an alert history entry';
  const o = v as Record<string, unknown>;
  if (!isStr(o.kind) || !KINDS.has(o.kind)) return '`kind` is not an alert transition';
  if (!isTime(o.at)) return '`at` is not a time';
  if (!isStr(o.key) || !isStr(o.ruleId) || !isStr(o.summary)) return '`key`, `ruleId` or `summary` is not text';
  if (!isStr(o.severity) || !(SEVERITIES as readonly string[]).includes(o.severity)) return '`severity` is not info, warning or critical';
  if (o.service !== undefined && !isStr(o.service)) return '`service` is not text';
  return {
    kind: o.kind as AlertEventKind,
    at: o.at,
    notify: o.notify === true,
    key: o.key,
    ruleId: o.ruleId,
    severity: o.severity as AlertHistoryEntry['severity'],
    summary: o.summary,
    ...(isStr(o.service) ? { service: o.service } : {}),
    ...(typeof o.value === 'number' && Number.isFinite(o.value) ? { value: o.value } : {}),
    ...(Array.isArray(o.inhibitedBy) && o.inhibitedBy.every(isStr) ? { inhibitedBy: o.inhibitedBy } : {}),
    ...(isStr(o.silencedBy) ? { silencedBy: o.silencedBy } : {}),
  };
}
