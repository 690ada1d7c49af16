import * as vscode from 'vscode';
import type { StackController } from '../StackController';
import { DASHBOARD_VIEW_TYPE, DashboardPanel } from './DashboardPanel';
import { OrphanedDashboards } from './orphanedDashboards';

/**
 * The dashboard's lifetime across extension hosts. A window reload restores the panel through the
 * serializer (its page keeps its chart window and selection). A host that crashed or restarted
 * leaves its tab open but dead: this host takes it over when it is visible now, or when it is
 * shown, or when Show Dashboard asks for it, so exactly one live panel shows the current truth.
 * Going away, this host leaves its tab open for the next one (detach, not dispose).
 */
export function registerDashboard(context: vscode.ExtensionContext, controller: StackController): vscode.Disposable[] {
  const orphans = new OrphanedDashboards(context.workspaceState, DASHBOARD_VIEW_TYPE);
  DashboardPanel.orphans = orphans;
  const takeOverShown = () => {
    const tabs = orphans.tabs(!!DashboardPanel.open);
    if (tabs.some((t) => t.isActive)) DashboardPanel.takeOver(tabs, controller, context.extensionUri);
  };
  takeOverShown();
  return [
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => void DashboardPanel.revive(panel, controller, context.extensionUri),
    }),
    vscode.window.tabGroups.onDidChangeTabs(takeOverShown),
    vscode.window.tabGroups.onDidChangeTabGroups(takeOverShown),
    {
      dispose: () => {
        DashboardPanel.open?.detach();
        if (DashboardPanel.orphans === orphans) DashboardPanel.orphans = undefined;
      },
    },
  ];
}
