import * as vscode from 'vscode';
import type { SecretFinding, SecretSeverity } from '../../core/secrets/SecretFinding';

export const secretsSource = 'stackpilot-secrets';

const severities: Record<SecretSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function findingRange(f: SecretFinding): vscode.Range {
  return new vscode.Range(f.range.line - 1, f.range.column - 1, f.range.endLine - 1, f.range.endColumn - 1);
}

/**
 * The message shows the rule and the masked preview only: never the value. A file git ignores is
 * where a secret belongs (it is where "Move secret to .env" puts one): its findings are shown as
 * information, so moving a secret out of a committed file takes it off the error count.
 */
export function toDiagnostic(f: SecretFinding): vscode.Diagnostic {
  const note = f.notCommitted ? ' — not committed: git ignores this file' : '';
  const severity = f.notCommitted ? vscode.DiagnosticSeverity.Information : severities[f.severity];
  const d = new vscode.Diagnostic(findingRange(f), `${f.title}: ${f.masked}${note}`, severity);
  d.source = secretsSource;
  d.code = f.ruleId;
  return d;
}

/** The `stackpilot-secrets` collection, and the findings behind it so quick fixes can act on them. */
export class SecretDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(secretsSource);
  private readonly findings = new Map<string, readonly SecretFinding[]>();

  set(uri: vscode.Uri, findings: readonly SecretFinding[]): void {
    this.findings.set(uri.toString(), findings);
    this.collection.set(uri, findings.map(toDiagnostic));
  }

  delete(uri: vscode.Uri): void {
    this.findings.delete(uri.toString());
    this.collection.delete(uri);
  }

  /** The finding a diagnostic of ours was made from (matched by rule and range). */
  findingFor(uri: vscode.Uri, d: vscode.Diagnostic): SecretFinding | undefined {
    if (d.source !== secretsSource) return undefined;
    return this.findings.get(uri.toString())?.find((f) => f.ruleId === d.code && findingRange(f).isEqual(d.range));
  }

  count(): number {
    let n = 0;
    for (const list of this.findings.values()) n += list.length;
    return n;
  }

  dispose(): void {
    this.collection.dispose();
  }
}
