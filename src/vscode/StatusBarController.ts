import * as vscode from 'vscode';
import type { StackSnapshot } from '../core/status/StackSnapshot';
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
      summary.severity === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : summary.severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['stackpilot.stack.start', 'stackpilot.stack.stop', 'stackpilot.view.focus', 'stackpilot.config.validate', 'stackpilot.dashboard.show', 'stackpilot.service.showLogs'] };
    md.appendMarkdown(`**Stackpilot**${snapshot.config ? ` · ${snapshot.config.name}` : ''}${snapshot.profile ? ` · profile \`${snapshot.profile}\`` : ''}\n\n`);
    if (!snapshot.trusted) md.appendMarkdown('$(shield) Workspace not trusted: nothing will be started.\n\n');
    for (const l of summary.lines) {
      const logs = `command:stackpilot.service.showLogs?${encodeURIComponent(JSON.stringify([l.service]))}`;
      md.appendMarkdown(`- [\`${l.service}\`](${logs} "Show logs") ${l.state}${l.detail ? ` — ${l.detail.replace(/[`\n[\]]/g, ' ')}` : ''}\n`);
    }
    if (summary.lines.length) md.appendMarkdown('\n');
    const links = snapshot.trusted ? ['[Start](command:stackpilot.stack.start)', '[Stop](command:stackpilot.stack.stop)'] : [];
    links.push('[Dashboard](command:stackpilot.dashboard.show)', '[Services](command:stackpilot.view.focus)');
    md.appendMarkdown(links.join(' · '));
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: `Stackpilot: ${summary.text.replace(/\$\([^)]*\)\s*/g, '')}` };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
