import * as vscode from 'vscode';
import type { Command } from '../Command';
import { pickService } from './pickService';

/** Opens the stack file at the service's definition (native file or the compose file it came from). */
export const goToDefinition: Command = {
  id: 'stackpilot.service.goToDefinition',
  run: async ({ controller }, arg) => {
    const name = await pickService(controller, arg, 'Go to the definition of…');
    const loc = name ? controller.snapshot.config?.services[name]?.location : undefined;
    if (!loc) return;
    const pos = new vscode.Position(Math.max(0, loc.line - 1), Math.max(0, loc.column - 1));
    await vscode.window.showTextDocument(vscode.Uri.file(loc.file), { selection: new vscode.Range(pos, pos) });
  },
};
