import * as vscode from 'vscode';
import { summarizeScan } from '../BackgroundSecretScan';
import type { SecretCommand } from './SecretCommand';

/**
 * Scan the whole workspace now (the background scan, in the foreground): files git would commit
 * (files it ignores are checked when open), with progress, cancellation and what was skipped.
 */
export const scanWorkspace: SecretCommand = {
  id: 'stackpilot.secrets.scanWorkspace',
  run: async ({ ws, background, diagnostics }) => {
    if (!ws.folder) {
      void vscode.window.showInformationMessage('Stackpilot: open a folder to scan it for secrets.');
      return undefined;
    }
    if (!ws.enabled) {
      void vscode.window.showInformationMessage('Stackpilot: secret scanning is off (setting stackpilot.secrets.enabled).');
      return undefined;
    }
    await ws.load();
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Stackpilot: scanning for secrets', cancellable: true },
      (progress, token) => {
        let shown = 0;
        token.onCancellationRequested(() => background.cancel());
        return background.scanAll((scanned, total) => {
          if (total === 0) return;
          progress.report({ message: `${scanned}/${total}`, increment: ((scanned - shown) * 100) / total });
          shown = scanned;
        });
      },
    );
    const found = diagnostics.count();
    const summary = r.cancelled ? `scan stopped; ${found} secret${found === 1 ? '' : 's'} found so far.` : summarizeScan(r, found);
    if (found > 0) {
      const pick = await vscode.window.showWarningMessage(`Stackpilot: ${summary}`, 'Show Problems');
      if (pick) await vscode.commands.executeCommand('workbench.actions.view.problems');
    } else void vscode.window.showInformationMessage(`Stackpilot: ${summary}`);
    return { found, scanned: r.scanned, total: r.total, cancelled: r.cancelled, skipped: r.skipped };
  },
};

export const cancelScan: SecretCommand = {
  id: 'stackpilot.secrets.cancelScan',
  run: ({ background }) => background.cancel(),
};
