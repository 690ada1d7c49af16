import * as vscode from 'vscode';
import { isComingUp, isUp } from '../../core/status/serviceStates';
import { StartProgress } from '../../core/status/startProgress';
import type { StackController } from '../StackController';
import { SupervisedElsewhereError } from '../../infra/state/SupervisedElsewhereError';
import type { Command } from './Command';
import { showStartOutcome } from './showStartOutcome';

/** Starts; when another supervisor holds the stack, says who and offers to take it over (then starts). */
async function startOrOfferTakeOver(controller: StackController, signal: AbortSignal) {
  try {
    return await controller.start(signal);
  } catch (err) {
    if (!(err instanceof SupervisedElsewhereError)) throw err;
    const actions: string[] = err.holder.kind === 'window' ? [] : ['Take Over'];
    const choice = await vscode.window.showWarningMessage(err.message, ...actions);
    if (choice !== 'Take Over') return undefined;
    await controller.takeOver();
    return controller.start(signal);
  }
}

export const startStack: Command = {
  id: 'stackpilot.stack.start',
  run: async ({ controller }) => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window
        .showWarningMessage(
          'Stackpilot starts nothing in an untrusted workspace: a stack file runs commands. Trust the workspace to start the stack.',
          'Manage Workspace Trust',
        )
        .then((c) => {
          if (c) void vscode.commands.executeCommand('workbench.trust.manage');
        });
      return;
    }
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Stackpilot', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const shown = new StartProgress();
        let reported = 0;
        const report = () => {
          const s = controller.snapshot;
          const up = s.statuses.filter((st) => isUp(st.state)).length;
          const starting = new Set(s.statuses.filter((st) => isComingUp(st.state)).map((st) => st.name));
          const done = s.selected.length ? (100 * up) / s.selected.length : 0;
          progress.report({
            message: shown.message(up, s.selected.length, (name) => starting.has(name)),
            increment: Math.max(0, done - reported),
          });
          reported = Math.max(reported, done);
        };
        const subs = [controller.onDidChange(report), controller.onDidLog((line) => shown.onLog(line) && report())];
        try {
          const result = await startOrOfferTakeOver(controller, abort.signal);
          showStartOutcome(result, () => void vscode.commands.executeCommand('stackpilot.view.focus'));
        } finally {
          subs.forEach((d) => d.dispose());
        }
      },
    );
  },
};
