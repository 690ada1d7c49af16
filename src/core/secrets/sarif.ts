import type { RuleMeta } from './Detector';
import type { SecretFinding, SecretSeverity } from './SecretFinding';
import { describeSkip, type SkippedPath } from './skips';
import { maxFileBytes } from './scanScope';

const level: Record<SecretSeverity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  version: string;
  /** What was not scanned: one tool execution notification each (SARIF 2.1.0 §3.20.21). */
  skipped?: readonly SkippedPath[];
  informationUri?: string;
}

/**
 * Findings as a SARIF 2.1.0 log: one run, the rules that fired in `tool.driver.rules`, results
 * with a physical location each, and the fingerprint as a partial fingerprint (never the value).
 */
export function toSarif(findings: readonly SecretFinding[], catalog: readonly RuleMeta[], opts: SarifOptions): Record<string, unknown> {
  const used = [...new Set(findings.map((f) => f.ruleId))].sort();
  const byId = new Map(catalog.map((r) => [r.id, r]));
  const rules = used.map((id) => {
    const meta = byId.get(id);
    return {
      id,
      name: id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
      shortDescription: { text: meta?.title ?? id },
      defaultConfiguration: { level: level[meta?.severity ?? 'warning'] },
      properties: { kind: meta?.kind ?? 'generic-assignment', tags: ['security', 'secrets'] },
    };
  });
  const index = new Map(used.map((id, i) => [id, i]));
  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId) ?? 0,
    level: level[f.severity],
    message: { text: `${f.title} (${f.masked})${f.notCommitted ? ' in a file git ignores' : ''}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.file.replace(/\\/g, '/')), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.range.line, startColumn: f.range.column, endLine: f.range.endLine, endColumn: f.range.endColumn },
        },
      },
    ],
    partialFingerprints: { 'stackpilotSecret/v1': f.fingerprint },
    properties: { kind: f.kind, confidence: f.confidence, ...(f.notCommitted ? { notCommitted: true } : {}) },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'stackpilot',
            version: opts.version,
            informationUri: opts.informationUri ?? 'https://example.invalid/stackpilot',
            rules,
          },
        },
        results,
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: (opts.skipped ?? []).map((s) => ({
              level: 'note',
              descriptor: { id: `skipped/${s.reason}` },
              message: { text: `Not scanned: ${describeSkip(s, maxFileBytes)}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(s.path), uriBaseId: '%SRCROOT%' } } }],
              properties: { reason: s.reason, ...(s.bytes === undefined ? {} : { bytes: s.bytes }) },
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}
