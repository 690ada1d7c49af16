import * as vscode from 'vscode';
import type { Command } from './Command';

export const focusView: Command = {
  id: 'stackpilot.view.focus',
  run: () => vscode.commands.executeCommand('stackpilot.services.focus'),
};
