import * as vscode from 'vscode';
import type { Command, CommandDeps } from './Command';
import { createStackFile } from './createStackFile';
import { focusView } from './focusView';
import { refreshView } from './refreshView';
import { acknowledgeAlert, silenceAlert } from './alerts';
import { selectProfile } from './selectProfile';
import { showDashboard } from './showDashboard';
import { goToDefinition } from './service/goToDefinition';
import { openInBrowser } from './service/openInBrowser';
import { restartService } from './service/restartService';
import { showLogs } from './service/showLogs';
import { startService } from './service/startService';
import { stopService } from './service/stopService';
import { startStack } from './startStack';
import { stopStack } from './stopStack';
import { validateStackFile } from './validateStackFile';

const commands: Command[] = [
  startStack, stopStack, validateStackFile, createStackFile, refreshView, focusView, selectProfile, showDashboard,
  startService, stopService, restartService, showLogs, goToDefinition, openInBrowser, acknowledgeAlert, silenceAlert,
];

/** One table of commands; each failure is logged and shown, never swallowed. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return commands.map((c) =>
    vscode.commands.registerCommand(c.id, async (...args: unknown[]) => {
      try {
        return await c.run(deps, ...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        deps.output.error(`${c.id}: ${message}`);
        void vscode.window.showErrorMessage(`Stackpilot: ${message}`);
        return undefined;
      }
    }),
  );
}
