import * as vscode from 'vscode';
import { isUp } from '../core/status/serviceStates';
import type { StackController } from './StackController';

let askedThisWindow = false;

/** `stackpilot.autoStart`: off | ask | on. Never in an untrusted workspace. */
export async function maybeAutoStart(controller: StackController, output: vscode.LogOutputChannel): Promise<void> {
  if (!vscode.workspace.isTrusted || !controller.snapshot.config) return;
  // Supervised elsewhere (a `stackpilot up`, another window): this window shows it, and starts nothing.
  if (controller.snapshot.supervisedBy) return;
  // Already up (adopted from an earlier window): nothing to start, nothing to ask.
  const { selected, statuses } = controller.snapshot;
  if (selected.length && selected.every((n) => isUp(statuses.find((s) => s.name === n)?.state ?? 'stopped'))) return;
  const config = vscode.workspace.getConfiguration('stackpilot');
  const mode = config.get<'off' | 'ask' | 'on'>('autoStart', 'ask');
  if (mode === 'off') return;
  if (mode === 'ask') {
    if (askedThisWindow) return;
    askedThisWindow = true;
    const choice = await vscode.window.showInformationMessage(
      `Start the ${controller.snapshot.config.name} stack${controller.snapshot.profile ? ` (profile ${controller.snapshot.profile})` : ''}?`,
      'Start',
      'Always',
      'Not now',
    );
    if (choice === 'Always') await config.update('autoStart', 'on', vscode.ConfigurationTarget.Workspace);
    if (choice !== 'Start' && choice !== 'Always') return;
  }
  output.info('auto-starting the stack');
  await vscode.commands.executeCommand('stackpilot.stack.start');
}
