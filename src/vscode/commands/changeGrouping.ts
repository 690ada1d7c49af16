import * as vscode from 'vscode';
import { nextGroupBy, parseGroupBy } from '../../core/editor/groupServices';
import type { Command } from './Command';

/**
 * The view title's toggle: none -> profile -> state -> none (`stackpilot.tree.groupBy`), or the mode
 * given as an argument. Written where the setting is already set, else in the user settings.
 */
export const changeGrouping: Command = {
  id: 'stackpilot.view.changeGrouping',
  run: async (_deps, arg) => {
    const config = vscode.workspace.getConfiguration('stackpilot');
    const next = typeof arg === 'string' ? parseGroupBy(arg) : nextGroupBy(parseGroupBy(config.get('tree.groupBy')));
    const set = config.inspect('tree.groupBy');
    const target =
      set?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : set?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await config.update('tree.groupBy', next, target);
  },
};
