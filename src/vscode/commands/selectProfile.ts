import * as vscode from 'vscode';
import { listProfiles } from '../../core/config/selectServices';
import type { Command } from './Command';

/** Chooses what Start Stack starts; saved in the workspace settings (`stackpilot.profile`). */
export const selectProfile: Command = {
  id: 'stackpilot.profile.select',
  run: async ({ controller }) => {
    await controller.settled();
    const config = controller.snapshot.config;
    if (!config) throw new Error('no stack loaded: see the Problems panel');
    const current = controller.snapshot.profile;
    const items = listProfiles(config).map((p) => ({
      label: p,
      description: [p === config.defaultProfile ? 'default' : '', p === current ? 'current' : ''].filter(Boolean).join(', '),
      detail: config.profiles[p] ? config.profiles[p].join(', ') : 'compose profile',
    }));
    const pick = await vscode.window.showQuickPick(items, { placeHolder: 'Profile to start' });
    if (!pick) return;
    await vscode.workspace.getConfiguration('stackpilot').update('profile', pick.label, vscode.ConfigurationTarget.Workspace);
  },
};
