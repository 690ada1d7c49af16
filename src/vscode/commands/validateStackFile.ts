import * as vscode from 'vscode';
import type { Command } from './Command';

export const validateStackFile: Command = {
  id: 'stackpilot.config.validate',
  run: async ({ controller }) => {
    await controller.reload();
    const d = controller.snapshot.diagnostics;
    const errors = d.filter((x) => x.severity === 'error').length;
    const warnings = d.length - errors;
    if (!controller.snapshot.config && !errors) {
      void vscode.window.showInformationMessage('Stackpilot: no stack file in this workspace.');
    } else if (errors || warnings) {
      void vscode.window.showWarningMessage(
        `Stackpilot: ${errors} error(s), ${warnings} warning(s) in the stack file — see the Problems panel.`,
      );
      void vscode.commands.executeCommand('workbench.actions.view.problems');
    } else {
      void vscode.window.showInformationMessage(
        `Stackpilot: ${controller.snapshot.config?.name} is valid (${Object.keys(controller.snapshot.config?.services ?? {}).length} services).`,
      );
    }
  },
};
