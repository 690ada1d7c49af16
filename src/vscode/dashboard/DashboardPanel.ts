import * as vscode from 'vscode';
import { dashboardModel, diffCards } from '../../core/status/dashboardModel';
import { parseWebviewMessage, type DashboardModel, type HostMessage, type ServiceAction } from '../../shared/protocol';
import type { StackController } from '../StackController';
import { dashboardHtml } from './dashboardHtml';

export const DASHBOARD_VIEW_TYPE = 'stackpilot.dashboard';
/** At most this many deltas a second, whatever the event rate. */
const MIN_DELTA_GAP_MS = 250;

const actionCommands: Record<ServiceAction, string> = {
  start: 'stackpilot.service.start',
  stop: 'stackpilot.service.stop',
  restart: 'stackpilot.service.restart',
  logs: 'stackpilot.service.showLogs',
  open: 'stackpilot.service.openInBrowser',
  definition: 'stackpilot.service.goToDefinition',
};

/**
 * One dashboard panel. The webview says `ready`; the host answers with a snapshot, then sends
 * coalesced deltas of the cards that changed. State survives reloads through the webview's own
 * setState and the panel serializer (no retainContextWhenHidden).
 */
export class DashboardPanel implements vscode.Disposable {
  private static current: DashboardPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private sent: DashboardModel | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSend = 0;
  /** Event-to-screen latencies reported by the webview (bench:dashboard reads them). */
  readonly renderLatencies: number[] = [];

  static show(controller: StackController, extensionUri: vscode.Uri): DashboardPanel {
    if (DashboardPanel.current) {
      DashboardPanel.current.panel.reveal();
      return DashboardPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Stackpilot', vscode.ViewColumn.Active, DashboardPanel.options(extensionUri));
    return DashboardPanel.revive(panel, controller, extensionUri);
  }

  static revive(panel: vscode.WebviewPanel, controller: StackController, extensionUri: vscode.Uri): DashboardPanel {
    panel.webview.options = DashboardPanel.options(extensionUri);
    DashboardPanel.current = new DashboardPanel(panel, controller, extensionUri);
    return DashboardPanel.current;
  }

  static get open(): DashboardPanel | undefined {
    return DashboardPanel.current;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')] };
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly controller: StackController, extensionUri: vscode.Uri) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'stackpilot.svg');
    panel.webview.html = dashboardHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      controller.onDidChange(() => this.schedule()),
    );
  }

  private receive(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) return; // malformed or unknown: ignored, never acted on
    switch (msg.type) {
      case 'ready':
        this.sent = undefined;
        return this.flush();
      case 'action':
        if (!this.controller.snapshot.config?.services[msg.service]) return;
        void vscode.commands.executeCommand(actionCommands[msg.action], msg.service);
        return;
      case 'alert':
        if (!this.controller.snapshot.alerts.some((a) => a.key === msg.key)) return;
        if (msg.action === 'acknowledge') this.controller.acknowledgeAlert(msg.key);
        else this.controller.silenceAlert(msg.key, 60 * 60_000);
        return;
      case 'rendered':
        if (this.renderLatencies.length < 100_000) this.renderLatencies.push(msg.renderedAt - msg.sentAt);
        return;
    }
  }

  /** Coalesces bursts: at most one message per MIN_DELTA_GAP_MS. */
  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastSend + MIN_DELTA_GAP_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    const model = dashboardModel(this.controller.snapshot);
    let msg: HostMessage;
    if (!this.sent) {
      msg = { type: 'snapshot', model, sentAt: Date.now() };
    } else {
      const { changed, removed } = diffCards(this.sent, model);
      const sameAlerts = JSON.stringify(this.sent.alerts) === JSON.stringify(model.alerts);
      if (!changed.length && !removed.length && sameAlerts && JSON.stringify(this.sent.header) === JSON.stringify(model.header)) return;
      msg = { type: 'delta', header: model.header, services: changed, removed, alerts: model.alerts, sentAt: Date.now() };
    }
    this.sent = model;
    this.lastSend = Date.now();
    void this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
