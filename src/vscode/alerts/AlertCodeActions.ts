import * as vscode from 'vscode';
import { ALERT_SOURCE } from './AlertDiagnostics';

/** Quick fixes on a firing alert's diagnostic: restart, logs, silence 1 h, acknowledge, dashboard. */
export class AlertCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(_doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== ALERT_SOURCE || typeof d.code !== 'string') continue;
      const key = d.code;
      const service = key.includes('/') ? key.slice(key.indexOf('/') + 1) : undefined;
      const add = (title: string, command: string, args: unknown[]) => {
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        a.diagnostics = [d];
        a.command = { title, command, arguments: args };
        actions.push(a);
      };
      if (service) add(`Restart ${service}`, 'stackpilot.service.restart', [service]);
      if (service) add(`Show logs of ${service}`, 'stackpilot.service.showLogs', [service]);
      add('Silence this alert for 1 hour', 'stackpilot.alert.silence', [key, 60 * 60_000]);
      add('Acknowledge this alert', 'stackpilot.alert.acknowledge', [key]);
      add('Open the Stackpilot dashboard', 'stackpilot.dashboard.show', []);
    }
    return actions;
  }
}
