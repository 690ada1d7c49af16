import * as vscode from 'vscode';
import { isUp } from '../../core/status/serviceStates';
import type { Command } from './Command';

export const startStack: Command = {
  id: 'stackpilot.stack.start',
  run: async ({ controller }) => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Stackpilot starts nothing in an untrusted workspace: a stack file runs commands. Trust the workspace to start the stack.', 'Manage Workspace Trust').then((c) => {
        if (c) void vscode.commands.executeCommand('workbench.trust.manage');
      });
      return;
    }
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Stackpilot', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const sub = controller.onDidChange((s) => {
          const up = s.statuses.filter((st) => isUp(st.state)).length;
          progress.report({ message: `starting ${up}/${s.selected.length} services up` });
        });
        try {
          const result = await controller.start(abort.signal);
          if (result && !result.ok) {
            void vscode.window.showErrorMessage(`Stackpilot: ${result.failures.join('; ')}`, 'Show Output').then((c) => {
              if (c) void vscode.commands.executeCommand('stackpilot.view.focus');
            });
          }
        } finally {
          sub.dispose();
        }
      },
    );
  },
};
