import * as vscode from 'vscode';
import type { Command } from '../Command';
import { pickService } from './pickService';

export const stopService: Command = {
  id: 'stackpilot.service.stop',
  run: async ({ controller }, arg) => {
    const name = await pickService(controller, arg, 'Service to stop');
    if (!name) return;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Stackpilot: stopping ${name}` }, () =>
      controller.stopService(name),
    );
  },
};
