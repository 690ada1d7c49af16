import type { LineIndex } from './LineIndex';
import type { SecretConfidence, SecretKind, SecretSeverity } from './SecretFinding';

/** The sort of file being scanned: decides which generic rules apply and how values may be written. */
export type FileKind = 'compose' | 'env' | 'config' | 'code' | 'docs' | 'other';

export interface ScanContext {
  readonly text: string;
  readonly path: string;
  readonly fileKind: FileKind;
  readonly lines: LineIndex;
}

/** A candidate secret: offsets into the text of exactly the value. Optional fields override the detector's. */
export interface RawMatch {
  start: number;
  end: number;
  ruleId?: string;
  kind?: SecretKind;
  title?: string;
  severity?: SecretSeverity;
  confidence?: SecretConfidence;
  /** Skip the placeholder filter (the detector already judged the value). */
  checked?: boolean;
}

export interface RuleMeta {
  readonly id: string;
  readonly kind: SecretKind;
  readonly title: string;
  readonly severity: SecretSeverity;
}

export interface Detector {
  readonly id: string;
  readonly kind: SecretKind;
  readonly title: string;
  readonly severity: SecretSeverity;
  readonly confidence: SecretConfidence;
  /**
   * Lowercase ASCII literals (3+ characters) on the same line as any match; the detector runs only when
   * one occurs in the lowercased text, and is given their offsets.
   */
  readonly keywords: readonly string[];
  /** Further rule ids this detector reports through `RawMatch.ruleId` (for rule catalogues such as SARIF's). */
  readonly extraRules?: readonly RuleMeta[];
  find(ctx: ScanContext, hits: readonly number[]): RawMatch[];
}
