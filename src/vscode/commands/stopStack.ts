import * as vscode from 'vscode';
import type { Command } from './Command';

export const stopStack: Command = {
  id: 'stackpilot.stack.stop',
  run: ({ controller }) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Stackpilot: stopping the stack' }, () =>
      controller.stop(),
    ),
};
