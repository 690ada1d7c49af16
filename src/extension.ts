import * as vscode from 'vscode';
import { StackpilotExtension } from './vscode/StackpilotExtension';

let instance: StackpilotExtension | undefined;
/** Set by esbuild's banner as the first statement of dist/extension.js (see esbuild.js). */
declare const __stackpilotBundleStart: number | undefined;
declare const __stackpilotBundleCpu: NodeJS.CpuUsage | undefined;
const bundleLoadedAt = typeof __stackpilotBundleStart === 'number' ? __stackpilotBundleStart : performance.now();
const cpuMs = (since: NodeJS.CpuUsage | undefined) => {
  const c = process.cpuUsage(since);
  return since ? (c.user + c.system) / 1000 : 0;
};
/** Every bundled module has run by the time the entry's own top level does. */
const bundleEvaluatedAt = performance.now();
/** CPU time of the extension host while the bundle was evaluated (a figure that a loaded machine does not inflate as much as wall time). */
const bundleEvalCpuMs = cpuMs(typeof __stackpilotBundleCpu === 'object' ? __stackpilotBundleCpu : undefined);

/**
 * Activation is short and loud: build the adapters, wire them, and show any failure to the user
 * instead of leaving a silently dead extension (as rust-analyzer's main.ts does).
 */
export async function activate(context: vscode.ExtensionContext) {
  const activateCalledAt = performance.now();
  const activateCpu = process.cpuUsage();
  try {
    instance = new StackpilotExtension(context);
    context.subscriptions.push(instance);
    await instance.start();
    return instance.api({
      bundleLoadedAt,
      bundleEvaluatedAt,
      bundleEvalCpuMs,
      activateCalledAt,
      activatedAt: performance.now(),
      activateCpuMs: cpuMs(activateCpu),
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Stackpilot failed to activate: ${message}`, 'Show Output').then((choice) => {
      if (choice) instance?.output.show();
    });
    instance?.output.error(`activation failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
    throw err;
  }
}

export async function deactivate(): Promise<void> {
  await instance?.shutdown();
  instance = undefined;
}
