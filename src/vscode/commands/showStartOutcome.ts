import * as vscode from 'vscode';
import type { StartResult } from '../StackController';

/** How a wait that a stop ended describes each service it no longer waits for (StackEngine.down). */
const STOPPED = /: stopped before it was up \(/;

/**
 * Tells the user how a start ended: failures as an error (with a way to the view); a start cut
 * short by a stop (Stop here, `stackpilot down|stop` in a terminal) as information naming who
 * stopped it, since that was somebody's wish, not a failure.
 */
export function showStartOutcome(result: StartResult | undefined, onShow?: () => void): void {
  if (!result || result.ok) return;
  const failures = result.stoppedBy ? result.failures.filter((f) => !STOPPED.test(f)) : result.failures;
  if (result.stoppedBy) void vscode.window.showInformationMessage(`Stackpilot: the start was cut short: stopped by ${result.stoppedBy}`);
  if (!failures.length) return;
  const actions = onShow ? ['Show Output'] : [];
  void vscode.window.showErrorMessage(`Stackpilot: ${failures.join('; ')}`, ...actions).then((c) => {
    if (c) onShow?.();
  });
}
