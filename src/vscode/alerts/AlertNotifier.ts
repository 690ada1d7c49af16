import * as vscode from 'vscode';
import type { AlertEvent } from '../../core/alerts/model';
import { NotificationQueue, notificationText } from '../../core/alerts/notificationQueue';
import type { StackController } from '../StackController';

const MIN_GAP_MS = 30_000;

/**
 * Rare and actionable: only critical alerts that start firing (or escalate to critical) and are
 * not held back (inhibited by a root cause, silenced), at most one notification per 30 s — what
 * arrives in between is grouped into the next one, less what resolved, was acknowledged or held
 * back while it waited (NotificationQueue).
 */
export class AlertNotifier implements vscode.Disposable {
  private readonly sub: vscode.Disposable;
  private readonly queue = new NotificationQueue();
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;

  constructor(
    private readonly controller: StackController,
    private readonly enabled: () => boolean,
  ) {
    this.sub = controller.onDidAlert((e) => this.onAlert(e));
  }

  private onAlert(e: AlertEvent): void {
    if (!this.enabled() || !this.queue.offer(e)) return;
    this.schedule();
  }

  /** One timer, for the earlier of the next allowed pop-up (30 s gap) and the first queued one due. */
  private schedule(): void {
    const due = this.queue.nextDue();
    if (due === undefined) return;
    const at = Math.max(Date.now(), this.last + MIN_GAP_MS, due);
    // A newly queued alert due sooner than the pending timer (a fresh critical one behind a released
    // held-back one, due in 30 s) moves the timer earlier.
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.flush(), at - Date.now());
  }

  private flush(): void {
    this.timer = undefined;
    // Checked against the alerts as they are now: one that resolved, or is held back by its root
    // cause, since it was queued is not popped up.
    const events = this.queue.take(Date.now(), this.controller.activeAlerts());
    if (events.length && this.enabled()) {
      this.last = Date.now();
      this.show(events);
    }
    this.schedule();
  }

  private show(events: AlertEvent[]): void {
    const first = events[0].alert;
    const text = notificationText(events);
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
