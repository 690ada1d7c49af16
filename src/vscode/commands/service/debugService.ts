import * as vscode from 'vscode';
import { launchJsonEntry } from '../../../core/debug/debugConfigurations';
import { debugTarget } from '../../../core/debug/debugTarget';
import type { Command } from '../Command';
import { pickService } from './pickService';

export const debugService: Command = {
  id: 'stackpilot.service.debug',
  run: async ({ controller, debugger: dbg }, arg) => {
    const name = await pickService(controller, arg, 'Service to debug');
    if (!name) return;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Stackpilot: starting ${name} under the debugger` },
      () => dbg.debug(name),
    );
  },
};

/** Adds a launch.json entry that starts the service under the debugger as the stack runs it. */
export const addLaunchConfig: Command = {
  id: 'stackpilot.service.addLaunchConfig',
  run: async ({ controller }, arg) => {
    const name = await pickService(controller, arg, 'Service to add to launch.json');
    const config = controller.snapshot.config;
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!name || !config || !folder) return;
    const target = debugTarget(config.services[name]);
    if (!target.runtime) throw new Error(`cannot debug ${name}: ${target.why}`);
    const entry = launchJsonEntry(target.service, target.runtime, folder.uri.fsPath);
    const launch = vscode.workspace.getConfiguration('launch', folder);
    const existing = launch.get<Record<string, unknown>[]>('configurations') ?? [];
    const rest = existing.filter((c) => c.name !== entry.name);
    await launch.update('configurations', [...rest, entry], vscode.ConfigurationTarget.WorkspaceFolder);
    if (!launch.get('version')) await launch.update('version', '0.2.0', vscode.ConfigurationTarget.WorkspaceFolder);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json'));
    await vscode.window.showTextDocument(doc);
    void vscode.window.showInformationMessage(
      `${rest.length < existing.length ? 'Replaced' : 'Added'} "${String(entry.name)}" in .vscode/launch.json`,
    );
  },
};
