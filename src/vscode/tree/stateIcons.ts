import * as vscode from 'vscode';
import type { ServiceState } from '../../core/engine/state';

/** Health as ThemeIcon + ThemeColor so every theme (incl. high contrast) colours it. */
const icons: Record<ServiceState, [string, string | undefined]> = {
  stopped: ['circle-outline', 'disabledForeground'],
  waiting: ['watch', 'charts.yellow'],
  starting: ['loading~spin', 'charts.yellow'],
  running: ['circle-filled', 'charts.blue'],
  healthy: ['pass-filled', 'testing.iconPassed'],
  unhealthy: ['warning', 'list.warningForeground'],
  completed: ['check', 'testing.iconPassed'],
  exited: ['circle-slash', 'list.errorForeground'],
  failed: ['error', 'list.errorForeground'],
  'crash-looping': ['debug-restart', 'list.errorForeground'],
  stopping: ['loading~spin', 'disabledForeground'],
};

export function stateIcon(state: ServiceState): vscode.ThemeIcon {
  const [id, colour] = icons[state];
  return new vscode.ThemeIcon(id, colour ? new vscode.ThemeColor(colour) : undefined);
}
