import * as vscode from 'vscode';
import { DockerClient } from '../../infra/docker/DockerClient';
import { HOST_ALIVE_MS, parseWebviewMessage, type ServiceAction } from '../../shared/protocol';
import type { StackController } from '../StackController';
import { DashboardFeed } from '../../core/status/DashboardFeed';
import { DockerEngineWatch } from '../../core/status/DockerEngineWatch';
import { dashboardHtml } from './dashboardHtml';
import { readDockerEngine } from '../../infra/docker/readDockerEngine';
import { StartHistory } from '../../infra/state/startHistory';
import type { OrphanedDashboards } from './orphanedDashboards';

export const DASHBOARD_VIEW_TYPE = 'stackpilot.dashboard';

const actionCommands: Record<ServiceAction, string> = {
  start: 'stackpilot.service.start',
  stop: 'stackpilot.service.stop',
  restart: 'stackpilot.service.restart',
  logs: 'stackpilot.service.showLogs',
  open: 'stackpilot.service.openInBrowser',
  definition: 'stackpilot.service.goToDefinition',
  debug: 'stackpilot.service.debug',
};

/**
 * One dashboard panel. The webview says `ready`; the host answers with a snapshot, then sends
 * coalesced deltas (DashboardFeed). State survives reloads through the webview's own
 * setState and the panel serializer (no retainContextWhenHidden).
 */
export class DashboardPanel implements vscode.Disposable {
  private static current: DashboardPanel | undefined;
  /** Tabs left by a dead extension host of this window (set by registerDashboard). */
  static orphans: OrphanedDashboards | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly feed: DashboardFeed;
  private readonly docker: DockerEngineWatch;
  private alive: ReturnType<typeof setInterval> | undefined;
  /** States and reasons of the docker services when the engine was last asked about. */
  private dockerServices = '';

  /** Reveals this host's panel; else takes over the tab a dead host left; else opens one. */
  static show(controller: StackController, extensionUri: vscode.Uri): DashboardPanel {
    if (DashboardPanel.current) {
      DashboardPanel.current.panel.reveal();
      return DashboardPanel.current;
    }
    const orphans = DashboardPanel.orphans?.tabs(false) ?? [];
    if (orphans.length) return DashboardPanel.takeOver(orphans, controller, extensionUri, true);
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      'Stackpilot',
      vscode.ViewColumn.Active,
      DashboardPanel.options(extensionUri),
    );
    return DashboardPanel.revive(panel, controller, extensionUri);
  }

  /**
   * A dead host's dashboard tab cannot be handed to this host (VS Code revives only restored
   * editors), so a new panel takes its place: in its group, focused if it was the active editor
   * (or `focus`); then the dead tabs are closed. The new page asks for the current truth.
   */
  static takeOver(orphans: readonly vscode.Tab[], controller: StackController, extensionUri: vscode.Uri, focus = false): DashboardPanel {
    const at = orphans.find((t) => t.isActive && t.group.isActive) ?? orphans.find((t) => t.isActive) ?? orphans[0];
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      at.label || 'Stackpilot',
      { viewColumn: at.group.viewColumn, preserveFocus: !focus && !(at.isActive && at.group.isActive) },
      DashboardPanel.options(extensionUri),
    );
    const taken = DashboardPanel.revive(panel, controller, extensionUri);
    void vscode.window.tabGroups.close([...orphans], true).then(undefined, () => undefined);
    return taken;
  }

  static revive(panel: vscode.WebviewPanel, controller: StackController, extensionUri: vscode.Uri): DashboardPanel {
    panel.webview.options = DashboardPanel.options(extensionUri);
    DashboardPanel.current = new DashboardPanel(panel, controller, extensionUri);
    DashboardPanel.orphans?.markOwned();
    return DashboardPanel.current;
  }

  static get open(): DashboardPanel | undefined {
    return DashboardPanel.current;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly controller: StackController,
    extensionUri: vscode.Uri,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'stackpilot.svg');
    panel.webview.html = dashboardHtml(panel.webview, extensionUri);
    // Its own client (a ping on a connection of its own): the runner's cached one would not notice a daemon that left.
    this.docker = new DockerEngineWatch(readDockerEngine(new DockerClient(process.env)), () => this.feed.schedule());
    this.feed = new DashboardFeed(
      {
        snapshot: () => controller.snapshot,
        metrics: () => controller.metrics,
        history: () => (controller.runDir ? new StartHistory(controller.runDir) : undefined),
        docker: () => (this.hasDocker() ? this.docker.state : undefined),
        incidents: () => controller.incidents.incidents,
        recordedTransitions: () => controller.recordedTransitions(),
      },
      (msg) => void panel.webview.postMessage(msg),
    );
    this.setLive();
    this.disposables.push(
      { dispose: () => clearInterval(this.alive) },
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      // A hidden webview is torn down (no retainContextWhenHidden): no metric ticks or engine reads for it.
      panel.onDidChangeViewState(() => this.setLive()),
      controller.onDidChange(() => {
        this.setLive();
        this.feed.schedule();
      }),
    );
  }

  private hasDocker(): boolean {
    return Object.values(this.controller.snapshot.config?.services ?? {}).some((s) => s.kind === 'docker');
  }

  /**
   * In a window without the lock, the supervisor's metrics are fetched only while this panel is
   * visible: a whole window draws the charts anew, an increment goes out with the next delta.
   */
  private watchSupervisorMetrics(): void {
    this.controller.watchSupervisorMetrics(this.panel.visible, this.feed.window, (full) =>
      full ? this.feed.setWindow(this.feed.window) : this.feed.schedule(),
    );
  }

  private setLive(): void {
    this.feed.setLive(this.panel.visible);
    this.keepAlive(this.panel.visible);
    this.watchSupervisorMetrics();
    this.docker.setActive(this.panel.visible && this.hasDocker());
    // A docker service that died, failed to start or came back: ask the engine how it is now.
    const services = this.controller.snapshot.statuses
      .filter((s) => s.kind === 'docker')
      .map((s) => `${s.name}:${s.state}:${s.reason ?? ''}`)
      .join('|');
    if (services !== this.dockerServices) {
      this.dockerServices = services;
      this.docker.refresh();
    }
  }

  /** While visible, tells the page this host still serves it (a page whose host died says so). */
  private keepAlive(on: boolean): void {
    if (on === !!this.alive) return;
    clearInterval(this.alive);
    this.alive = on
      ? setInterval(() => void this.panel.webview.postMessage({ type: 'alive', sentAt: Date.now() }), HOST_ALIVE_MS)
      : undefined;
  }

  private receive(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) return; // malformed or unknown: ignored, never acted on
    switch (msg.type) {
      case 'ready':
        this.feed.ready(msg.windowMs);
        return this.watchSupervisorMetrics();
      case 'window':
        this.feed.setWindow(msg.windowMs);
        return this.watchSupervisorMetrics();
      case 'action':
        if (!this.controller.snapshot.config?.services[msg.service]) return;
        void vscode.commands.executeCommand(actionCommands[msg.action], msg.service);
        return;
      case 'alert':
        if (!this.controller.snapshot.alerts.some((a) => a.key === msg.key)) return;
        // Through the commands: a refusal or a supervisor that does not answer is shown, not swallowed.
        if (msg.action === 'acknowledge') void vscode.commands.executeCommand('stackpilot.alert.acknowledge', msg.key);
        else void vscode.commands.executeCommand('stackpilot.alert.silence', msg.key, 60 * 60_000);
        return;
    }
  }

  /**
   * This host goes away (deactivate, a restart of the extension host): the tab stays open for the
   * next host to take over (OrphanedDashboards), rather than closing under the user.
   */
  detach(): void {
    this.release();
  }

  dispose(): void {
    this.release();
    this.panel.dispose();
  }

  private release(): void {
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    this.controller.watchSupervisorMetrics(false, this.feed.window, () => undefined);
    this.feed.dispose();
    this.docker.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
