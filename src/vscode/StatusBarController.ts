import * as vscode from 'vscode';
import type { StackSnapshot } from '../core/status/StackSnapshot';
import { statusTooltipMarkdown, TOOLTIP_COMMANDS } from '../core/status/statusTooltip';
import { summarizeStack } from '../core/status/summarizeStack';

/** One status bar item rendered from the pure summary; severity maps to the theme's backgrounds. */
export class StatusBarController implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('stackpilot.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Stackpilot';
    this.item.command = 'stackpilot.dashboard.show';
  }

  update(snapshot: StackSnapshot): void {
    const summary = summarizeStack(snapshot);
    this.item.text = summary.text;
    // Red only for what is critical and unseen, yellow for a warning. Acknowledged trouble gets no
    // background: the bar's own calm colour (VS Code honours only the error and warning backgrounds).
    this.item.backgroundColor =
      summary.severity === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : summary.severity === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: TOOLTIP_COMMANDS };
    md.appendMarkdown(statusTooltipMarkdown(snapshot, summary));
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: `Stackpilot: ${summary.text.replace(/\$\([^)]*\)\s*/g, '')}` };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
