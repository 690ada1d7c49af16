import * as vscode from 'vscode';

/**
 * Dashboard tabs that no extension host serves any more. VS Code revives a webview through the
 * panel serializer only when it restores the editor (a window reload, a reopened tab); after an
 * extension host crash or restart the open panel stays in its tab, still showing the dead host's
 * last frame, and nothing is handed to the new host (mainThreadWebviewPanels keeps no revival for
 * a webview that was already resolved). Such a tab is recognised by the window session it was
 * opened in: a panel of ours marked in the workspace state with this window's session id, while
 * this host holds no panel, belongs to a host of this window that is gone.
 */
const OWNER_KEY = 'stackpilot.dashboard.session';

export function isDashboardTab(tab: vscode.Tab, viewType: string): boolean {
  // The tab's view type is the internal one (`mainThreadWebview-<viewType>`).
  return tab.input instanceof vscode.TabInputWebview && (tab.input.viewType === viewType || tab.input.viewType.endsWith(`-${viewType}`));
}

export class OrphanedDashboards {
  /** Tabs of an earlier host of this window may be open (cleared once they are taken over or closed). */
  private possible: boolean;

  constructor(
    private readonly state: vscode.Memento,
    private readonly viewType: string,
    private readonly sessionId = vscode.env.sessionId,
  ) {
    this.possible = state.get<string>(OWNER_KEY) === sessionId;
  }

  /** A panel of this host is open: a later host of this window will find its tab orphaned. */
  markOwned(): void {
    this.possible = false;
    void this.state.update(OWNER_KEY, this.sessionId);
  }

  /** The dashboard tabs left by a dead host of this window (none when this host has a panel of its own). */
  tabs(hasOwnPanel: boolean): vscode.Tab[] {
    if (!this.possible || hasOwnPanel) return [];
    const found = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => isDashboardTab(t, this.viewType));
    if (!found.length) this.possible = false;
    return found;
  }
}
