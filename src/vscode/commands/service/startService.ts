import * as vscode from 'vscode';
import type { Command } from '../Command';
import { pickService } from './pickService';
import { showStartOutcome } from '../showStartOutcome';

export const startService: Command = {
  id: 'stackpilot.service.start',
  run: async ({ controller }, arg) => {
    const name = await pickService(controller, arg, 'Service to start (its dependencies come along)');
    if (!name) return;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Stackpilot: starting ${name}`, cancellable: true },
      async (_p, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        showStartOutcome(await controller.startService(name, abort.signal));
      },
    );
  },
};
