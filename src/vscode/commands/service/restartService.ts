import * as vscode from 'vscode';
import type { Command } from '../Command';
import { pickService } from './pickService';

export const restartService: Command = {
  id: 'stackpilot.service.restart',
  run: async ({ controller }, arg) => {
    const name = await pickService(controller, arg, 'Service to restart');
    if (!name) return;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Stackpilot: restarting ${name}` }, () =>
      controller.restartService(name),
    );
  },
};
