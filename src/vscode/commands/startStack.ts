import * as vscode from 'vscode';
import { isComingUp, isUp } from '../../core/status/serviceStates';
import { StartProgress } from '../../core/status/startProgress';
import type { StackController } from '../StackController';
import { SupervisedElsewhereError } from '../../infra/state/SupervisedElsewhereError';
import type { Command } from './Command';
import { showStartOutcome } from './showStartOutcome';

/**
 * When another supervisor holds the stack: says who and offers to take it over (a `stackpilot up`;
 * another window is never taken over). Asked after the start's progress has ended: a question that
 * waits for an answer inside the progress kept "starting: 5/7 services up" on screen for good.
 */
async function offerTakeOver(controller: StackController, err: SupervisedElsewhereError): Promise<void> {
  const actions: string[] = err.holder.kind === 'window' ? [] : ['Take Over'];
  const choice = await vscode.window.showWarningMessage(err.message, ...actions);
  if (choice !== 'Take Over') return;
  await controller.takeOver();
  // The other supervisor may still be stopping (a long grace period): say so, never end silently.
  const still = await startWithProgress(controller);
  if (still) void vscode.window.showErrorMessage(`Stackpilot could not take over: ${still.message}. Try again once it has stopped.`);
}

/** Starts with a cancellable progress; the error of a stack supervised elsewhere is returned, not shown. */
async function startWithProgress(controller: StackController): Promise<SupervisedElsewhereError | undefined> {
  return vscode.window.withProgress(
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
        showStartOutcome(await controller.start(abort.signal), () => void vscode.commands.executeCommand('stackpilot.view.focus'));
        return undefined;
      } catch (err) {
        if (err instanceof SupervisedElsewhereError) return err;
        throw err;
      } finally {
        subs.forEach((d) => d.dispose());
      }
    },
  );
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
    const elsewhere = await startWithProgress(controller);
    if (elsewhere) await offerTakeOver(controller, elsewhere);
  },
};
