import * as vscode from 'vscode';
import type { AlertView } from '../../core/alerts/model';
import type { StackSnapshot } from '../../core/status/StackSnapshot';

export const ALERT_SOURCE = 'stackpilot-alerts';

const severities: Record<AlertView['severity'], vscode.DiagnosticSeverity> = {
  critical: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * Firing alerts on the line that defines their service (stack-wide ones on the stack file's first
 * line), with `code` = the alert's key so code actions can act on it. Cleared when they resolve.
 */
export class AlertDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(ALERT_SOURCE);

  update(s: StackSnapshot): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const a of s.alerts) {
      if (a.state !== 'firing' || a.silencedBy) continue;
      const loc = a.service ? s.config?.services[a.service]?.location : undefined;
      const file = loc?.file ?? s.config?.files[0];
      if (!file) continue;
      const line = Math.max(0, (loc?.line ?? 1) - 1);
      const col = Math.max(0, (loc?.column ?? 1) - 1);
      const range = new vscode.Range(line, col, line, col + (a.service?.length ?? 1));
      const held = a.inhibitedBy.length ? ` (held back: ${a.inhibitedBy.join(', ')} is the root cause)` : '';
      const ack = a.acknowledged ? ' [acknowledged]' : '';
      const d = new vscode.Diagnostic(
        range,
        `${a.service ? `${a.service}: ` : ''}${a.summary}${held}${ack}`,
        a.inhibitedBy.length || a.acknowledged ? vscode.DiagnosticSeverity.Information : severities[a.severity],
      );
      d.source = ALERT_SOURCE;
      d.code = a.key;
      const list = byFile.get(file) ?? [];
      list.push(d);
      byFile.set(file, list);
    }
    this.collection.clear();
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.file(file), list);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
