import * as vscode from 'vscode';
import type { ServiceState } from '../../core/engine/state';
import { stateInfo } from '../../shared/stateTable';

/** Health as ThemeIcon + ThemeColor (from the one state table) so every theme, high contrast included, colours it. */
export function stateIcon(state: ServiceState): vscode.ThemeIcon {
  const { icon, iconColour } = stateInfo(state);
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(iconColour));
}
