import type { SecretFinding } from './SecretFinding';

/** One accepted finding: identified by fingerprint; the rest is context for reviewers, never the value. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  line: number;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

export class BaselineError extends Error {}

const hex64 = /^[0-9a-f]{64}$/;

/** Parse a baseline file's text. Throws `BaselineError` with a reason when it is not one. */
export function parseBaseline(text: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`baseline is not JSON: ${(e as Error).message}`);
  }
  if (
    !raw ||
    typeof raw !== 'object' ||
    (raw as { version?: unknown }).version !== 1 ||
    !Array.isArray((raw as { entries?: unknown }).entries)
  ) {
    throw new BaselineError('baseline must be an object with "version": 1 and an "entries" array');
  }
  const entries: BaselineEntry[] = [];
  for (const [i, e] of (raw as { entries: unknown[] }).entries.entries()) {
    const entry = e as Partial<BaselineEntry> | null;
    if (!entry || typeof entry.fingerprint !== 'string' || !hex64.test(entry.fingerprint)) {
      throw new BaselineError(`baseline entry ${i} needs a "fingerprint" of 64 hex digits`);
    }
    entries.push({
      fingerprint: entry.fingerprint,
      ruleId: String(entry.ruleId ?? ''),
      file: String(entry.file ?? ''),
      line: Number(entry.line ?? 0),
    });
  }
  return { version: 1, entries };
}

export function baselineFingerprints(baseline: Baseline): Set<string> {
  return new Set(baseline.entries.map((e) => e.fingerprint));
}

/** A baseline accepting these findings, sorted for stable diffs. */
export function baselineFromFindings(findings: readonly SecretFinding[]): Baseline {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    entries.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, line: f.range.line });
  }
  entries.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId));
  return { version: 1, entries };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** A baseline file's new text with one more accepted finding (a new baseline when `text` is undefined). Throws `BaselineError`. */
export function addToBaselineText(text: string | undefined, finding: SecretFinding): string {
  const baseline = text === undefined || text.trim() === '' ? { version: 1 as const, entries: [] } : parseBaseline(text);
  if (baseline.entries.some((e) => e.fingerprint === finding.fingerprint)) return serializeBaseline(baseline);
  const entries = [
    ...baseline.entries,
    { fingerprint: finding.fingerprint, ruleId: finding.ruleId, file: finding.file, line: finding.range.line },
  ];
  entries.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId));
  return serializeBaseline({ version: 1, entries });
}
