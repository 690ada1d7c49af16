import * as vscode from 'vscode';
import type { ConfigDiagnostic } from '../core/config/model';

const severities: Record<ConfigDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Config problems at their exact ranges in stackpilot.yaml / compose files. */
export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('stackpilot-config');

  set(diagnostics: readonly ConfigDiagnostic[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of diagnostics) {
      const l = d.location;
      const start = new vscode.Position(Math.max(0, l.line - 1), Math.max(0, l.column - 1));
      const end = l.endLine ? new vscode.Position(l.endLine - 1, Math.max(0, (l.endColumn ?? l.column) - 1)) : start.translate(0, 1);
      const diag = new vscode.Diagnostic(
        new vscode.Range(start, end.isAfter(start) ? end : start.translate(0, 1)),
        d.message,
        severities[d.severity],
      );
      diag.source = 'stackpilot';
      diag.code = d.code;
      const list = byFile.get(l.file) ?? [];
      list.push(diag);
      byFile.set(l.file, list);
    }
    this.collection.clear();
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.file(file), list);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
