import type * as vscode from 'vscode';
import type { Command, CommandDeps } from './Command';
import { changeGrouping } from './changeGrouping';
import { createStackFile, createStackFileFromCompose } from './createStackFile';
import { focusView } from './focusView';
import { refreshView } from './refreshView';
import { acknowledgeAlert, silenceAlert } from './alerts';
import { selectProfile } from './selectProfile';
import { showDashboard } from './showDashboard';
import { goToDefinition } from './service/goToDefinition';
import { openInBrowser } from './service/openInBrowser';
import { openShell } from './service/openShell';
import { restartService } from './service/restartService';
import { addLaunchConfig, debugService } from './service/debugService';
import { showLogs } from './service/showLogs';
import { startService } from './service/startService';
import { stopService } from './service/stopService';
import { startStack } from './startStack';
import { stopStack } from './stopStack';
import { validateStackFile } from './validateStackFile';
import { registerTable } from './registerTable';

const commands: Command[] = [
  startStack,
  stopStack,
  validateStackFile,
  createStackFile,
  refreshView,
  focusView,
  selectProfile,
  showDashboard,
  startService,
  stopService,
  restartService,
  showLogs,
  goToDefinition,
  openInBrowser,
  acknowledgeAlert,
  silenceAlert,
  changeGrouping,
  openShell,
  createStackFileFromCompose,
  debugService,
  addLaunchConfig,
];

/** The stack commands, registered as one table. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return registerTable(commands, deps);
}
