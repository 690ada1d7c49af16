/** What the secret engine reports. A finding never carries the secret's value. */
export type SecretKind = 'provider-token' | 'private-key' | 'jwt' | 'url-credentials' | 'generic-assignment' | 'default-credential';

export type SecretSeverity = 'error' | 'warning' | 'info';
export type SecretConfidence = 'high' | 'medium' | 'low';

/** 1-based lines and columns; `endColumn` is exclusive (the column after the last character). */
export interface SecretRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface SecretFinding {
  ruleId: string;
  kind: SecretKind;
  title: string;
  severity: SecretSeverity;
  confidence: SecretConfidence;
  file: string;
  range: SecretRange;
  /** At most the first 4 characters of the value, then `…`. */
  masked: string;
  /** sha256 of rule id, file path and value: stable across runs, the value cannot be recovered. */
  fingerprint: string;
  /** Set by front ends when git ignores the file (still scanned, but it will not be committed). */
  notCommitted?: boolean;
}

export interface ScanOptions {
  ignoreRules?: readonly string[];
  /** Fingerprints of accepted findings to drop. */
  baseline?: ReadonlySet<string>;
  minConfidence?: SecretConfidence;
}

const confidenceRank: Record<SecretConfidence, number> = { low: 0, medium: 1, high: 2 };

export function meetsConfidence(c: SecretConfidence, min: SecretConfidence | undefined): boolean {
  return min === undefined || confidenceRank[c] >= confidenceRank[min];
}
