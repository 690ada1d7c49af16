import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseGroupBy, type GroupBy } from '../core/editor/groupServices';
import type { StackSnapshot } from '../core/status/StackSnapshot';
import { alertBadge } from '../shared/alertCounts';
import { countAlerts } from '../core/status/countAlerts';
import { discoverComposeFiles } from '../core/config/discoverComposeFiles';
import { nodeFileSystem } from '../infra/nodeFileSystem';
import { AlertCodeActions } from './alerts/AlertCodeActions';
import { AlertDiagnostics } from './alerts/AlertDiagnostics';
import { AlertNotifier } from './alerts/AlertNotifier';
import { ConfigDiagnostics } from './ConfigDiagnostics';
import { registerCommands } from './commands/registerCommands';
import { registerDashboard } from './dashboard/registerDashboard';
import { ServiceLogChannels } from './logs/ServiceLogChannels';
import { registerSecrets } from './secrets/registerSecrets';
import { StackController } from './StackController';
import { StatusBarController } from './StatusBarController';
import { ServicesTreeProvider } from './tree/ServicesTreeProvider';
import { maybeAutoStart } from './autoStart';
import { EditorFileWatch } from './watch/EditorFileWatch';
import { ServiceDebugger } from './debug/ServiceDebugger';

const stackFileGlob =
  '{stackpilot.yaml,stackpilot.yml,compose.yaml,compose.yml,docker-compose.yaml,docker-compose.yml,docker-compose.override.yml,docker-compose.override.yaml,compose.override.yaml,compose.override.yml}';

function groupBySetting(): GroupBy {
  return parseGroupBy(vscode.workspace.getConfiguration('stackpilot').get('tree.groupBy'));
}

function groupingDescription(groupBy: GroupBy): string | undefined {
  return groupBy === 'none' ? undefined : `by ${groupBy}`;
}

/** Owns every extension-lifetime resource; wires controller -> views. No stack logic here. */
export class StackpilotExtension implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly controller: StackController;
  /** How long the first read of the stack file took (after activate() returned); undefined until it is done. */
  private configLoadMs: number | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Stackpilot', { log: true });
    const folder = vscode.workspace.workspaceFolders?.[0];
    this.controller = new StackController(folder, this.output);
    this.disposables.push(this.output, this.controller);
  }

  async start(): Promise<void> {
    const statusBar = new StatusBarController();
    const logs = new ServiceLogChannels(this.controller);
    this.disposables.push(
      logs,
      // Restores an open dashboard after a reload, takes over the one a crashed host left.
      ...registerDashboard(this.context, this.controller),
    );
    const tree = new ServicesTreeProvider(this.controller.snapshot, groupBySetting());
    const view = vscode.window.createTreeView('stackpilot.services', { treeDataProvider: tree, showCollapseAll: true });
    view.description = groupingDescription(groupBySetting());
    const diagnostics = new ConfigDiagnostics();
    const alertDiagnostics = new AlertDiagnostics();
    const notifier = new AlertNotifier(this.controller, () =>
      vscode.workspace.getConfiguration('stackpilot').get<boolean>('notifications.critical', true),
    );
    const serviceDebugger = new ServiceDebugger(this.controller, this.output);
    this.disposables.push(
      statusBar,
      view,
      diagnostics,
      alertDiagnostics,
      notifier,
      new EditorFileWatch(this.controller, this.output),
      serviceDebugger,
    );
    this.disposables.push(
      vscode.languages.registerCodeActionsProvider({ scheme: 'file', pattern: '**/*.{yaml,yml}' }, new AlertCodeActions(), {
        providedCodeActionKinds: AlertCodeActions.kinds,
      }),
    );
    this.disposables.push(...registerSecrets(this.output, this.context.extensionPath));
    statusBar.update(this.controller.snapshot);

    this.disposables.push(
      this.controller.onDidChange((s) => {
        tree.update(s);
        statusBar.update(s);
        diagnostics.set(s.diagnostics);
        alertDiagnostics.update(s);
        view.badge = alertBadge(countAlerts(s.alerts));
        void this.updateStackContext(s, view);
      }),
      ...registerCommands({ controller: this.controller, output: this.output, context: this.context, logs, debugger: serviceDebugger }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.output.info('workspace trusted: starting is now allowed');
        this.controller
          .reload()
          .then(() => this.controller.resume())
          .then(() => maybeAutoStart(this.controller, this.output))
          .catch((err: unknown) => this.output.error(`after trust was granted: ${err instanceof Error ? err.message : String(err)}`));
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('stackpilot.configPath') || e.affectsConfiguration('stackpilot.profile')) void this.controller.reload();
        if (e.affectsConfiguration('stackpilot.stopOnClose')) this.controller.updateOwnership();
        if (e.affectsConfiguration('stackpilot.tree.groupBy')) {
          tree.setGroupBy(groupBySetting());
          view.description = groupingDescription(groupBySetting());
        }
      }),
    );
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, stackFileGlob));
      const reload = () => void this.controller.reload();
      this.disposables.push(watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload), watcher.onDidDelete(reload));
    }

    this.output.info(
      `Stackpilot ${this.context.extension.packageJSON.version} activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'not trusted'})`,
    );
    // The stack file is read after activate() returns: the views are registered (the tree shows
    // its first rows when the read is done, a few ms later) and VS Code goes on with its start-up.
    const loadStart = performance.now();
    const read = this.controller.reload();
    const settled = read.then(() => {
      this.configLoadMs = performance.now() - loadStart;
      return this.controller.resume().catch((err) => this.output.warn(`could not resume supervision: ${String(err)}`));
    });
    // Adopting what an earlier window left running comes first: a Start clicked meanwhile (activate()
    // has returned, so commands run) waits for it, or it would adopt twice.
    this.controller.whenSettled(settled, read);
    void settled.then(
      () => maybeAutoStart(this.controller, this.output),
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        this.output.error(`could not read the stack: ${err instanceof Error ? (err.stack ?? message) : message}`);
        void vscode.window.showErrorMessage(`Stackpilot could not read the stack: ${message}`, 'Show Output').then((choice) => {
          if (choice) this.output.show();
        });
      },
    );
  }

  /**
   * Context keys for the welcome view and menus: `hasStack` (a stack loaded or failed to), `stackLoaded`,
   * `composeOnly` (no stackpilot.yaml, read from compose files) and `hasCompose`.
   */
  private async updateStackContext(s: StackSnapshot, view: vscode.TreeView<unknown>): Promise<void> {
    const composeOnly = !!s.config && !!s.configPath && !s.config.files.includes(s.configPath);
    const composeName = composeOnly ? path.basename(s.config!.files[0]) : undefined;
    const restricted =
      s.config && !s.trusted
        ? 'Restricted Mode: this workspace is not trusted, so Stackpilot runs nothing from it (no process, container or health probe). Trust the workspace to start and check services.'
        : undefined;
    const fromCompose = composeName
      ? `Read from ${composeName}. Create Stack File from Compose (title bar menu) writes a stackpilot.yaml importing it, where profiles and health checks can be added.`
      : undefined;
    const elsewhere = s.supervisedBy
      ? s.stale
        ? `⚠ ${s.stale}.`
        : `Supervised by ${s.supervisedBy}: its view is shown here. Start offers to take it over.`
      : undefined;
    const errorsWhileRunning = s.configFromRun
      ? '⚠ The stack file has errors (see Problems): the services below run as they were started. Start uses the file again once it is fixed.'
      : undefined;
    view.message = [errorsWhileRunning, restricted, elsewhere, fromCompose].filter(Boolean).join(' ') || undefined;
    const folder = vscode.workspace.workspaceFolders?.[0];
    const hasCompose =
      composeOnly || (!!folder && !s.config && (await discoverComposeFiles(folder.uri.fsPath, nodeFileSystem)).files.length > 0);
    const keys: Record<string, boolean> = {
      hasStack: !!s.config || s.diagnostics.length > 0,
      stackLoaded: !!s.config,
      composeOnly,
      hasCompose,
    };
    for (const [k, v] of Object.entries(keys)) void vscode.commands.executeCommand('setContext', `stackpilot.${k}`, v);
  }

  /** The API other extensions (and the e2e tests) get from `activate`. */
  api(activation: {
    bundleLoadedAt: number;
    bundleEvaluatedAt: number;
    bundleEvalCpuMs: number;
    activateCalledAt: number;
    activatedAt: number;
    activateCpuMs: number;
  }) {
    const controller = this.controller;
    return {
      version: this.context.extension.packageJSON.version as string,
      snapshot: () => controller.snapshot,
      onDidChange: controller.onDidChange,
      /**
       * Measured, for `npm run bench:activation`: bundle evaluation to activate() resolved (wall and
       * CPU), and the first read of the stack file, which runs after activate() has returned.
       */
      activationTimings: () => ({
        totalMs: activation.activatedAt - activation.bundleLoadedAt,
        bundleEvalMs: activation.bundleEvaluatedAt - activation.bundleLoadedAt,
        bundleEvalCpuMs: activation.bundleEvalCpuMs,
        activateMs: activation.activatedAt - activation.activateCalledAt,
        activateCpuMs: activation.activateCpuMs,
        /** Between our module finishing and VS Code calling activate(): the editor's time, not ours. */
        hostWaitMs: activation.activateCalledAt - activation.bundleEvaluatedAt,
        /** Not part of activation any more: undefined until the stack file has been read. */
        configLoadMs: this.configLoadMs,
      }),
    };
  }

  async shutdown(): Promise<void> {
    await this.controller.shutdown();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
