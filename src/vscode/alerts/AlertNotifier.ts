import * as vscode from 'vscode';
import type { AlertEvent } from '../../core/alerts/model';
import type { StackController } from '../StackController';

const MIN_GAP_MS = 30_000;

/**
 * Rare and actionable: only critical alerts that start firing (or escalate to critical), at most
 * one notification per 30 s — what arrives in between is grouped into the next one.
 */
export class AlertNotifier implements vscode.Disposable {
  private readonly sub: vscode.Disposable;
  private queued: AlertEvent[] = [];
  private last = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    controller: StackController,
    private readonly enabled: () => boolean,
  ) {
    this.sub = controller.onDidAlert((e) => this.onAlert(e));
  }

  private onAlert(e: AlertEvent): void {
    if (!this.enabled() || e.alert.severity !== 'critical' || (e.kind !== 'firing' && e.kind !== 'escalated')) return;
    this.queued.push(e);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, this.last + MIN_GAP_MS - Date.now()));
  }

  private flush(): void {
    this.timer = undefined;
    const events = this.queued.splice(0);
    if (!events.length) return;
    this.last = Date.now();
    const first = events[0].alert;
    const text =
      events.length === 1
        ? `Stackpilot: ${first.service ? `${first.service}: ` : ''}${first.summary}`
        : `Stackpilot: ${events.length} critical alerts — ${[...new Set(events.map((e) => e.alert.service ?? e.alert.ruleId))].join(', ')}`;
    const actions = events.length === 1 && first.service ? ['Restart', 'Show Logs', 'Dashboard'] : ['Dashboard'];
    void vscode.window.showErrorMessage(text, ...actions).then((choice) => {
      if (choice === 'Restart') void vscode.commands.executeCommand('stackpilot.service.restart', first.service);
      if (choice === 'Show Logs') void vscode.commands.executeCommand('stackpilot.service.showLogs', first.service);
      if (choice === 'Dashboard') void vscode.commands.executeCommand('stackpilot.dashboard.show');
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.sub.dispose();
  }
}
