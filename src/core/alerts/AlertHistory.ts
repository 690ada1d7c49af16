import type { AlertEvent } from './model';

/** One line of the alert history: a lifecycle transition, as stored. */
export type AlertHistoryEntry = Pick<AlertEvent, 'kind' | 'at' | 'notify'> & {
  key: string;
  ruleId: string;
  service?: string;
  severity: AlertEvent['alert']['severity'];
  value?: number;
  summary: string;
  inhibitedBy?: string[];
  silencedBy?: string;
};

export interface HistoryRead {
  entries: AlertHistoryEntry[];
  /** Lines that could not be read (corrupt, truncated): skipped, not fatal. */
  skipped: { line: number; reason: string }[];
}

/** Where alert transitions are kept across restarts (a bounded JSON-lines file in src/infra). */
export interface AlertHistory {
  append(entry: AlertHistoryEntry): void;
  read(): Promise<HistoryRead>;
  /** Resolves once every append so far is written. */
  flush(): Promise<void>;
}

export function toHistoryEntry(e: AlertEvent): AlertHistoryEntry {
  const a = e.alert;
  return {
    kind: e.kind,
    at: e.at,
    notify: e.notify,
    key: a.key,
    ruleId: a.ruleId,
    severity: a.severity,
    summary: a.summary,
    ...(a.service !== undefined ? { service: a.service } : {}),
    ...(a.value !== undefined ? { value: a.value } : {}),
    ...(a.inhibitedBy.length > 0 ? { inhibitedBy: a.inhibitedBy } : {}),
    ...(a.silencedBy ? { silencedBy: a.silencedBy } : {}),
  };
}

/** Parses JSON-lines history text, skipping (and reporting) lines that are not entries. */
export function parseHistory(text: string): HistoryRead {
  const out: HistoryRead = { entries: [], skipped: [] };
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const v = JSON.parse(line) as Partial<AlertHistoryEntry>;
      if (typeof v !== 'object' || v === null || typeof v.kind !== 'string' || typeof v.at !== 'number' || typeof v.key !== 'string')
        throw new Error('not an alert history entry');
      out.entries.push(v as AlertHistoryEntry);
    } catch (e) {
      out.skipped.push({ line: i + 1, reason: (e as Error).message });
    }
  });
  return out;
}
